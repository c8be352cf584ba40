package org.gripkit;

/**
 * The kind of WebSocket message a GRIP proxy sends by itself, for keep-alives and delayed
 * messages (the {@code message-type} of Pushpin's control messages).
 */
public enum WebSocketMessageType {
  TEXT("text"),
  BINARY("binary"),
  PING("ping"),
  PONG("pong");

  private final String wireName;

  WebSocketMessageType(String wireName) {
    this.wireName = wireName;
  }

  String wireName() {
    return wireName;
  }
}
