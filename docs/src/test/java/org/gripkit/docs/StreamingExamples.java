package org.gripkit.docs;

import org.gripkit.GripPublishException;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;

/** The HTTP streaming page's publishing examples. */
final class StreamingExamples {
  private StreamingExamples() {}

  static void publishHeadline(GripPublisher publisher, String json)
      throws GripPublishException, InterruptedException {
    // snippet:publish-stream
    // Appended to every stream held on "news": one Server-Sent Event.
    publisher.publish(PublishItem.of("news",
        PublishFormat.HttpStream.text("data: " + json + "\n\n")));
    // end-snippet
  }

  static void endStreams(GripPublisher publisher)
      throws GripPublishException, InterruptedException {
    // snippet:publish-stream-close
    publisher.publish(PublishItem.of("news", PublishFormat.HttpStream.close()));
    // end-snippet
  }

  static void deliver(GripPublisher publisher, String user, String json)
      throws GripPublishException, InterruptedException {
    // snippet:publish-response
    // Completes every long-poll held on "inbox-<user>" with this whole response.
    publisher.publish(PublishItem.of("inbox-" + user,
        PublishFormat.HttpResponse.builder()
            .header("Content-Type", "application/json")
            .body("{\"messages\":[" + json + "]}")
            .build()));
    // end-snippet
  }
}
