package org.gripkit.testkit;

import org.gripkit.WebSocketContext;

/**
 * Code that answers one WebSocket-over-HTTP request through a {@link WebSocketContext}, as a
 * servlet does with {@code Grip.webSocket(request)}: the unit a {@link WebSocketDriver} calls
 * in-process, without a servlet container.
 *
 * <pre>{@code
 * WebSocketHandler echo = ws -> {
 *   if (ws.isOpening()) {
 *     ws.accept();
 *   }
 *   for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
 *     if (e instanceof WebSocketEvent.Text text) {
 *       ws.send("echo: " + text.content());
 *     }
 *   }
 * };
 * }</pre>
 *
 * <p>The driver builds the answer with {@link WebSocketContext#response()} after the handler
 * returns; a handler may call it itself.
 */
@FunctionalInterface
public interface WebSocketHandler {
  /** Handles one request; an exception fails the test, as a 500 would fail the connection. */
  void handle(WebSocketContext ws) throws Exception;
}
