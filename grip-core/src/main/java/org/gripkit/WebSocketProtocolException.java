package org.gripkit;

import java.io.IOException;

/**
 * A WebSocket-over-HTTP body that does not follow the protocol: an unknown event type, a bad
 * size, a missing CRLF, content past the end of the body, invalid UTF-8 in a text event, a body
 * over the configured limit, or a request without the headers the protocol requires.
 *
 * <p>The message says what is wrong and at which byte offset of the body, for example {@code
 * "unknown event type \"FOO\" at offset 12"}. A server should answer such a request with status
 * 400 and this message.
 */
public final class WebSocketProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final long offset;

  WebSocketProtocolException(String reason, long offset) {
    super(reason + " at offset " + offset);
    this.reason = reason;
    this.offset = offset;
  }

  /** A fault outside the body, such as a missing request header. */
  WebSocketProtocolException(String reason) {
    super(reason);
    this.reason = reason;
    this.offset = -1;
  }

  /** What is wrong, without the offset. */
  public String reason() {
    return reason;
  }

  /**
   * The offset in bytes, from the start of the body, where the fault was found; -1 when the
   * fault is not in the body (a missing header).
   */
  public long offset() {
    return offset;
  }
}
