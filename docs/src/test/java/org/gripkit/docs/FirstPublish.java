package org.gripkit.docs;

import org.gripkit.GripConfig;
import org.gripkit.GripPublishException;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;

/** The getting-started page's first publish. */
final class FirstPublish {
  private FirstPublish() {}

  /** Sends "hello, subscribers" to every WebSocket subscribed to "news". */
  static void publishHello(String gripUrl) throws GripPublishException, InterruptedException {
    // snippet:first-publish
    // gripUrl: for example System.getenv("GRIP_URL"), "http://127.0.0.1:5561/?iss=pushpin&key=..."
    GripConfig config = GripConfig.parse(gripUrl);
    try (GripPublisher publisher = GripPublisher.builder(config).build()) {
      publisher.publish(PublishItem.of("news", PublishFormat.WsMessage.text("hello, subscribers")));
    }
    // end-snippet
  }
}
