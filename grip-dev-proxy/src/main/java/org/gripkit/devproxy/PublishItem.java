package org.gripkit.devproxy;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One item of a publish request, validated: a channel and the formats to deliver to its
 * subscribers. Internal value: the byte arrays are never handed out of the package.
 */
record PublishItem(String channel, @Nullable String id, @Nullable String prevId,
    @Nullable WsMessage wsMessage, @Nullable HttpStream httpStream,
    @Nullable HttpResponse httpResponse) {

  /** What a WebSocket message publish does. */
  enum WsAction { TEXT, BINARY, PING, PONG, CLOSE, IGNORE }

  /**
   * The {@code ws-message} format: a message to send, or a close with an optional code (-1 for
   * none) and reason. Actions Pushpin accepts but that mean nothing here are {@code IGNORE}.
   */
  record WsMessage(WsAction action, byte[] content, int code, String reason) {}

  /** The {@code http-stream} format: content to append, or close the stream. */
  record HttpStream(boolean close, byte[] content) {}

  /** The {@code http-response} format: the response that completes a held request. */
  record HttpResponse(int code, String reason, List<Map.Entry<String, String>> headers,
      byte[] body) {}
}
