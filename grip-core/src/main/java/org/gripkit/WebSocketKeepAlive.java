package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A keep-alive that the GRIP proxy sends to the client by itself: Pushpin's {@code keep-alive}
 * control message.
 *
 * <p>In the default {@link Mode#IDLE} mode the proxy sends the content when the client has
 * received nothing for the timeout; in {@link Mode#INTERVAL} mode it sends it every timeout,
 * whatever else was sent. Pushpin adds jitter to the timing. Immutable and thread-safe.
 *
 * <pre>{@code
 * ws.keepAlive(WebSocketKeepAlive.text("{}", Duration.ofSeconds(20)));
 * ws.keepAlive(WebSocketKeepAlive.builder()
 *     .messageType(WebSocketMessageType.PING)
 *     .content(new byte[0])
 *     .timeout(Duration.ofSeconds(30))
 *     .mode(WebSocketKeepAlive.Mode.INTERVAL)
 *     .build());
 * }</pre>
 */
public final class WebSocketKeepAlive {
  /** When the proxy sends the keep-alive. */
  public enum Mode {
    /** After the timeout without any message to the client (Pushpin's default). */
    IDLE("idle"),
    /** Every timeout, whatever else is sent. */
    INTERVAL("interval");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    String wireName() {
      return wireName;
    }
  }

  private final WebSocketMessageType messageType;
  private final byte[] content;
  private final boolean binaryContent;
  private final Duration timeout;
  private final @Nullable Mode mode;

  private WebSocketKeepAlive(Builder builder) {
    this.messageType = builder.messageType;
    this.content = Objects.requireNonNull(builder.content, "content == null");
    this.binaryContent = builder.binaryContent;
    this.timeout = Objects.requireNonNull(builder.timeout, "timeout == null");
    this.mode = builder.mode;
  }

  /** A text keep-alive with the given content, sent after {@code timeout} of silence. */
  public static WebSocketKeepAlive text(String content, Duration timeout) {
    return builder().content(content).timeout(timeout).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public WebSocketMessageType messageType() {
    return messageType;
  }

  /** A copy of the content bytes (UTF-8 for text content). */
  public byte[] content() {
    return content.clone();
  }

  public Duration timeout() {
    return timeout;
  }

  /** The mode, or null to leave it to the proxy (idle). */
  public @Nullable Mode mode() {
    return mode;
  }

  /** Whether the content is sent as {@code content-bin} (base64) rather than {@code content}. */
  boolean binaryContent() {
    return binaryContent;
  }

  @Override
  public String toString() {
    return "WebSocketKeepAlive[" + messageType + ", " + Bytes.describe(content) + ", timeout="
        + timeout + (mode == null ? "" : ", mode=" + mode) + "]";
  }

  /** Builds a {@link WebSocketKeepAlive}. Not thread-safe. */
  public static final class Builder {
    private WebSocketMessageType messageType = WebSocketMessageType.TEXT;
    private byte @Nullable [] content;
    private boolean binaryContent;
    private @Nullable Duration timeout;
    private @Nullable Mode mode;

    private Builder() {}

    /** The message type; defaults to {@link WebSocketMessageType#TEXT}. */
    public Builder messageType(WebSocketMessageType messageType) {
      this.messageType = Objects.requireNonNull(messageType, "messageType == null");
      return this;
    }

    /** Text content, sent as UTF-8. */
    public Builder content(String content) {
      this.content = Objects.requireNonNull(content, "content == null")
          .getBytes(StandardCharsets.UTF_8);
      this.binaryContent = false;
      return this;
    }

    /** Binary content, sent base64-encoded to the proxy. */
    public Builder content(byte[] content) {
      this.content = Objects.requireNonNull(content, "content == null").clone();
      this.binaryContent = true;
      return this;
    }

    /** The timeout, a whole number of seconds, at least one. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.getNano() != 0) {
        throw new IllegalArgumentException(
            "keep-alive timeout must be a whole number of seconds, at least 1: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    /** @throws IllegalStateException if the content or the timeout is missing */
    public WebSocketKeepAlive build() {
      if (content == null) {
        throw new IllegalStateException("keep-alive content is required");
      }
      if (timeout == null) {
        throw new IllegalStateException("keep-alive timeout is required");
      }
      return new WebSocketKeepAlive(this);
    }
  }
}
