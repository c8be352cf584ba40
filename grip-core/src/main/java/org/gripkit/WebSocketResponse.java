package org.gripkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP response an origin sends to answer one WebSocket-over-HTTP request: a status,
 * headers in order, and a body. Made by {@link WebSocketContext#response()}; immutable.
 *
 * <p>Write the body as bytes, exactly as given, and the {@code Content-Type} header as given:
 * Pushpin only takes the answer as WebSocket-over-HTTP when the type is exactly {@code
 * application/websocket-events}, so a servlet must use {@code getOutputStream()}, never {@code
 * getWriter()} or {@code setCharacterEncoding()}, which make containers append a charset.
 */
public final class WebSocketResponse {
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  WebSocketResponse(int status, Map<String, String> headers, byte[] body) {
    this.status = status;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = Objects.requireNonNull(body, "body == null");
  }

  /** The status: 200 for an answer, another code when a connection was rejected. */
  public int status() {
    return status;
  }

  /** The headers to set, in order, including {@code Content-Type}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** A copy of the body bytes. */
  public byte[] body() {
    return body.clone();
  }

  @Override
  public String toString() {
    return "WebSocketResponse[" + status + ", " + headers + ", " + Bytes.describe(body) + "]";
  }
}
