/**
 * GRIP for Jakarta Servlet 6 applications: {@link org.gripkit.servlet.GripFilter} and the
 * request helpers in {@link org.gripkit.servlet.Grip}.
 *
 * <p>Set-up is two lines: the dependency, and the filter in front of the servlets that answer
 * the GRIP proxy.
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>org.gripkit</groupId>
 *   <artifactId>grip-servlet</artifactId>
 *   <version>0.1.0-SNAPSHOT</version>
 * </dependency>
 *
 * context.addFilter("grip", new GripFilter()).addMappingForUrlPatterns(
 *     EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/ws/*");
 * }</pre>
 *
 * <p>A servlet behind it then answers WebSocket-over-HTTP requests through the connection's
 * {@link org.gripkit.WebSocketContext}:
 *
 * <pre>{@code
 * protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
 *   WebSocketContext ws = Grip.webSocket(req);
 *   if (ws == null) { resp.sendError(400); return; }
 *   if (ws.isOpening()) { ws.accept(); ws.subscribe("news"); }
 *   for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
 *     if (e instanceof WebSocketEvent.Text t) ws.send("echo: " + t.content());
 *   }
 * }
 * }</pre>
 */
@NullMarked
package org.gripkit.servlet;

import org.jspecify.annotations.NullMarked;
