package org.gripkit.docs;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.gripkit.GripConfig;
import org.gripkit.GripPublishException;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat.HttpResponse;
import org.gripkit.PublishFormat.HttpStream;
import org.gripkit.PublishFormat.WsMessage;
import org.gripkit.PublishItem;

/** The publishing page's examples. */
final class PublishingExamples {
  private static final System.Logger LOG = System.getLogger(PublishingExamples.class.getName());

  private PublishingExamples() {}

  static GripPublisher defaultPublisher(String gripUrl) {
    // snippet:publisher-default
    // One publisher for the whole application: it is thread-safe and holds a connection pool.
    GripPublisher publisher = GripPublisher.builder(GripConfig.parse(gripUrl)).build();
    // end-snippet
    return publisher;
  }

  static GripPublisher tunedPublisher(GripConfig config) {
    // snippet:publisher-tuned
    GripPublisher publisher = GripPublisher.builder(config)
        .connectTimeout(Duration.ofSeconds(2))   // default 5 s
        .responseTimeout(Duration.ofSeconds(5))  // default 10 s
        .maxAttempts(5)                          // default 3; 1 turns retries off
        .backoff(Duration.ofMillis(200), Duration.ofSeconds(10)) // default 100 ms up to 5 s
        .batching(Duration.ofMillis(10), 200)    // default: no batching
        .closeTimeout(Duration.ofSeconds(10))    // default 5 s
        .build();
    // end-snippet
    return publisher;
  }

  static PublishItem everyFormat(String json) {
    // snippet:item-formats
    // One item reaches WebSockets, HTTP streams and long-polls subscribed to "scores" alike:
    // the proxy picks the format that fits each subscriber.
    PublishItem item = PublishItem.builder("scores")
        .format(WsMessage.text(json))
        .format(HttpStream.text("event: score\ndata: " + json + "\n\n"))
        .format(HttpResponse.builder()
            .header("Content-Type", "application/json")
            .body(json)
            .build())
        .build();
    // end-snippet
    return item;
  }

  static PublishItem withIds(long sequence, String json) {
    // snippet:item-ids
    // id: the proxy drops a second copy of the item (a retry after a timeout, for example).
    // prev-id: the proxy holds an item back until the item before it was delivered.
    PublishItem item = PublishItem.builder("scores")
        .id(Long.toString(sequence))
        .prevId(Long.toString(sequence - 1))
        .format(WsMessage.text(json))
        .build();
    // end-snippet
    return item;
  }

  static PublishItem closeAll() {
    // snippet:item-close
    // Closes every WebSocket subscribed to "room-42" with code 4003 and a reason.
    PublishItem item = PublishItem.of("room-42", WsMessage.close(4003, "room closed"));
    // end-snippet
    return item;
  }

  static CompletableFuture<Void> publishInBackground(GripPublisher publisher, PublishItem item) {
    // snippet:publish-async
    CompletableFuture<Void> sent = publisher.publishAsync(item)
        .whenComplete((ok, error) -> {
          if (error != null) {
            LOG.log(WARNING, "publish failed: " + error.getMessage());
          }
        });
    // end-snippet
    return sent;
  }

  static void publishOrExplain(GripPublisher publisher, PublishItem item)
      throws InterruptedException {
    // snippet:publish-errors
    try {
      publisher.publish(item);
    } catch (GripPublishException e) {
      // publish to http://127.0.0.1:5561/publish/ failed: 400 "Invalid format: ..." (1 attempt)
      LOG.log(ERROR, e.getMessage());
      if (e.status().isPresent() && e.status().getAsInt() < 500) {
        // A 4xx is never retried: the item or the credentials are wrong, not the network.
        LOG.log(ERROR, "rejected by " + e.endpoint() + ": " + e.body());
      }
      // With several endpoints, the others may have accepted it.
      LOG.log(WARNING, "accepted by " + e.succeeded() + ", not by " + e.failed());
    }
    // end-snippet
  }

  static GripConfig twoProxies(String keyA, String keyB) {
    // snippet:several-endpoints
    // Every publish goes to both proxies, at the same time; the future completes when both
    // have answered. Each proxy's key also verifies the Grip-Sig of the requests it forwards.
    GripConfig config = GripConfig.parse(
        "http://pushpin-a.internal:5561/?iss=pushpin&key=" + keyA
            + ", http://pushpin-b.internal:5561/?iss=pushpin&key=" + keyB);
    // end-snippet
    return config;
  }
}
