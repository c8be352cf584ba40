package org.gripkit;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event of the WebSocket-over-HTTP protocol: what a GRIP proxy and an origin exchange in
 * the body of each HTTP request and response that stands for a WebSocket connection.
 *
 * <p>Events are immutable values. Those holding bytes copy them in and out, and compare by
 * content. On Java 21 and later a pattern {@code switch} over an event is exhaustive:
 *
 * <pre>{@code
 * switch (event) {
 *   case WebSocketEvent.Text t -> ...;
 *   case WebSocketEvent.Binary b -> ...;
 *   case WebSocketEvent.Ping p -> ...;
 *   case WebSocketEvent.Pong p -> ...;
 *   case WebSocketEvent.Close c -> ...;
 *   case WebSocketEvent.Open o -> ...;
 *   case WebSocketEvent.Disconnect d -> ...;
 * }
 * }</pre>
 *
 * <p>On Java 17, switch over {@link #type()} instead.
 *
 * @see WebSocketEvents the codec that turns lists of events into bodies and back
 */
public sealed interface WebSocketEvent {

  /** The event types, named as on the wire. */
  enum Type {
    OPEN, TEXT, BINARY, PING, PONG, CLOSE, DISCONNECT
  }

  /** This event's type. */
  Type type();

  /** The connection is being opened (from the proxy), or accepted (from the origin). */
  record Open() implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.OPEN;
    }
  }

  /** A text message. */
  record Text(String content) implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.TEXT;
    }

    public Text {
      Objects.requireNonNull(content, "content == null");
    }
  }

  /** A binary message. */
  record Binary(byte[] content) implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.BINARY;
    }

    public Binary {
      content = Objects.requireNonNull(content, "content == null").clone();
    }

    /** Returns a copy of the message bytes. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Binary other && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "Binary[" + Bytes.describe(content) + "]";
    }
  }

  /** A ping; the origin should answer it with a {@link Pong} carrying the same payload. */
  record Ping(byte[] content) implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.PING;
    }

    public Ping {
      content = Objects.requireNonNull(content, "content == null").clone();
    }

    /** Returns a copy of the ping payload. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ping other && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "Ping[" + Bytes.describe(content) + "]";
    }
  }

  /** A pong. */
  record Pong(byte[] content) implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.PONG;
    }

    public Pong {
      content = Objects.requireNonNull(content, "content == null").clone();
    }

    /** Returns a copy of the pong payload. */
    @Override
    public byte[] content() {
      return content.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pong other && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(content);
    }

    @Override
    public String toString() {
      return "Pong[" + Bytes.describe(content) + "]";
    }
  }

  /**
   * A close, with its status code and reason (RFC 6455 section 5.5.1).
   *
   * <p>A close without a status code (on the wire, {@code CLOSE} with no content) has the code
   * {@link #NO_STATUS_CODE} and an empty reason, as RFC 6455 section 7.4.1 prescribes for the
   * code reported to applications.
   *
   * @param code the status code, from 0 to 65535
   * @param reason the reason, empty when there is none
   */
  record Close(int code, String reason) implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.CLOSE;
    }

    /** The code reported for a close that carried no status code (1005). */
    public static final int NO_STATUS_CODE = 1005;

    public Close {
      Objects.requireNonNull(reason, "reason == null");
      if (code < 0 || code > 0xffff) {
        throw new IllegalArgumentException("close code out of range 0..65535: " + code);
      }
      if (code == NO_STATUS_CODE && !reason.isEmpty()) {
        throw new IllegalArgumentException("a close without status code cannot carry a reason");
      }
    }

    /** A close with a status code and no reason. */
    public Close(int code) {
      this(code, "");
    }

    /** A close without a status code. */
    public static Close withoutCode() {
      return new Close(NO_STATUS_CODE, "");
    }

    /** Whether this close carried a status code. */
    public boolean hasCode() {
      return code != NO_STATUS_CODE;
    }
  }

  /** The connection ended without a close handshake, or should be dropped at once. */
  record Disconnect() implements WebSocketEvent {
    @Override
    public Type type() {
      return Type.DISCONNECT;
    }
  }
}
