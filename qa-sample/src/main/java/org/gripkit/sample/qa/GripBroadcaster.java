package org.gripkit.sample.qa;

import java.util.function.Supplier;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.jspecify.annotations.Nullable;

/**
 * Publishes through a {@link GripPublisher}: {@code ws-message} to WebSocket channels and
 * {@code http-stream} to stream channels. The publisher may come late (the embedded
 * development proxy's address is known from the first request); until then nothing can be
 * subscribed either, so messages are dropped.
 */
final class GripBroadcaster implements Broadcaster, AutoCloseable {
  private final Supplier<@Nullable GripPublisher> publisher;

  GripBroadcaster(Supplier<@Nullable GripPublisher> publisher) {
    this.publisher = publisher;
  }

  @Override
  public void message(String channel, String json) throws Exception {
    send(PublishItem.of(channel, PublishFormat.WsMessage.text(json)));
  }

  @Override
  public void stream(String channel, String chunk) throws Exception {
    send(PublishItem.of(channel, PublishFormat.HttpStream.text(chunk)));
  }

  private void send(PublishItem item) throws Exception {
    GripPublisher current = publisher.get();
    if (current != null) {
      current.publish(item);
    }
  }

  @Override
  public void close() {
    GripPublisher current = publisher.get();
    if (current != null) {
      current.close();
    }
  }
}
