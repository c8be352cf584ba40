package org.gripkit;

import java.io.IOException;

/**
 * A WebSocket-over-HTTP body that does not follow the protocol: an unknown event type, a bad
 * size, a missing CRLF, content past the end of the body, invalid UTF-8 in a text event, a body
 * over the configured limit.
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

  /** What is wrong, without the offset. */
  public String reason() {
    return reason;
  }

  /** The offset in bytes, from the start of the body, where the fault was found. */
  public long offset() {
    return offset;
  }
}
