package org.gripkit.testkit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.jspecify.annotations.Nullable;

/**
 * One item of a publish that a {@link PublishRecorder} received, read from its JSON into
 * grip-core's format values, so a test compares it with what it meant to publish:
 *
 * <pre>{@code
 * RecordedItem item = recorder.items().get(0);
 * assertThat(item.channel()).isEqualTo("room-alpha");
 * assertThat(item.wsMessage()).isEqualTo(PublishFormat.WsMessage.text("hi"));
 * assertThat(item.toPublishItem()).isEqualTo(PublishItem.of("room-alpha", WsMessage.text("hi")));
 * }</pre>
 *
 * @param channel the {@code channel}
 * @param id the {@code id}, or null
 * @param prevId the {@code prev-id}, or null
 * @param meta the {@code meta} object (Pushpin's publish-side meta for filters), empty when
 *     absent
 * @param formats the formats, in the order {@code http-response}, {@code http-stream}, {@code
 *     ws-message}
 */
public record RecordedItem(
    String channel, @Nullable String id, @Nullable String prevId, Map<String, String> meta,
    List<PublishFormat> formats) {
  public RecordedItem {
    Objects.requireNonNull(channel, "channel == null");
    meta = Map.copyOf(Objects.requireNonNull(meta, "meta == null"));
    formats = List.copyOf(Objects.requireNonNull(formats, "formats == null"));
  }

  /** The {@code ws-message} format, or null. */
  public PublishFormat.@Nullable WsMessage wsMessage() {
    return format(PublishFormat.WsMessage.class);
  }

  /** The {@code http-stream} format, or null. */
  public PublishFormat.@Nullable HttpStream httpStream() {
    return format(PublishFormat.HttpStream.class);
  }

  /** The {@code http-response} format, or null. */
  public PublishFormat.@Nullable HttpResponse httpResponse() {
    return format(PublishFormat.HttpResponse.class);
  }

  private <T extends PublishFormat> @Nullable T format(Class<T> type) {
    for (PublishFormat format : formats) {
      if (type.isInstance(format)) {
        return type.cast(format);
      }
    }
    return null;
  }

  /**
   * This item as a {@link PublishItem} (without the meta, which {@code PublishItem} does not
   * carry), to compare with the one published.
   *
   * @throws IllegalArgumentException if {@code PublishItem} refuses it, for example an empty
   *     channel or a {@code prev-id} without {@code id}
   */
  public PublishItem toPublishItem() {
    PublishItem.Builder builder = PublishItem.builder(channel);
    if (id != null) {
      builder.id(id);
    }
    if (prevId != null) {
      builder.prevId(prevId);
    }
    formats.forEach(builder::format);
    return builder.build();
  }
}
