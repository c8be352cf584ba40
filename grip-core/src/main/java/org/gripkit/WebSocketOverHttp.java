package org.gripkit;

import java.util.Locale;

/**
 * Constants of the WebSocket-over-HTTP protocol and of Pushpin's {@code grip} WebSocket
 * extension, in one place.
 *
 * <pre>
 *   proxy → origin   POST (the client's path and query)
 *                    Content-Type: application/websocket-events
 *                    Connection-Id: 8a2e...        stable for the connection
 *                    Meta-User: alice             connection meta set earlier
 *                    Content-Bytes-Replayed: 5    the first 5 content bytes came before
 *                    (body: events, see WebSocketEvents)
 *
 *   origin → proxy   200
 *                    Content-Type: application/websocket-events   exactly, no charset
 *                    Sec-WebSocket-Extensions: grip               on the OPEN answer
 *                    Set-Meta-User: bob                           empty value removes
 *                    Keep-Alive-Interval: 20                      seconds
 *                    Content-Bytes-Accepted: 5    content bytes taken; the rest comes again
 *                    (body: events; with grip, TEXT/BINARY content starts
 *                     "m:" for a message or "c:" for a control message)
 * </pre>
 *
 * @see <a href="https://pushpin.org/docs/protocols/websocket-over-http/">WebSocket-over-HTTP</a>
 * @see <a href="https://pushpin.org/docs/protocols/grip/">GRIP</a>
 */
final class WebSocketOverHttp {
  static final String CONTENT_TYPE = "application/websocket-events";
  static final String CONNECTION_ID = "Connection-Id";
  static final String META_PREFIX = "Meta-";
  static final String SET_META_PREFIX = "Set-Meta-";
  static final String KEEP_ALIVE_INTERVAL = "Keep-Alive-Interval";
  /** Newer Pushpin (not 1.36): see {@link WebSocketContext#acceptContentBytes(long)}. */
  static final String CONTENT_BYTES_ACCEPTED = "Content-Bytes-Accepted";
  static final String CONTENT_BYTES_REPLAYED = "Content-Bytes-Replayed";
  static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";
  static final String GRIP_EXTENSION = "grip";
  static final String MESSAGE_PREFIX = "m:";
  static final String CONTROL_PREFIX = "c:";

  private WebSocketOverHttp() {}

  /** Whether a request Content-Type names WebSocket-over-HTTP, ignoring case and parameters. */
  static boolean isWebSocketEvents(String contentType) {
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return mediaType.strip().toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
  }

  /** Whether {@code name} is a valid HTTP header token (RFC 9110 section 5.6.2). */
  static boolean isToken(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
