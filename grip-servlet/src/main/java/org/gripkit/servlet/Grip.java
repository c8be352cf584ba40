package org.gripkit.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.gripkit.GripInstruct;
import org.gripkit.WebSocketContext;
import org.jspecify.annotations.Nullable;

/**
 * What {@link GripFilter} learned about a request, for the servlet that handles it.
 *
 * <p>The values live in request attributes named under {@code org.gripkit.}, so frameworks
 * that only see attributes (a JSP, a Spring argument resolver) can read them too.
 */
public final class Grip {
  /** The attribute holding the request's {@link WebSocketContext}. */
  public static final String WEBSOCKET_CONTEXT_ATTRIBUTE = "org.gripkit.WebSocketContext";
  /** The attribute holding {@link Boolean#TRUE} when the request has a valid Grip-Sig. */
  public static final String PROXIED_ATTRIBUTE = "org.gripkit.proxied";

  private Grip() {}

  /**
   * The WebSocket context of a WebSocket-over-HTTP request that passed through {@link
   * GripFilter}, or null for any other request.
   */
  public static @Nullable WebSocketContext webSocket(ServletRequest request) {
    Objects.requireNonNull(request, "request == null");
    Object context = request.getAttribute(WEBSOCKET_CONTEXT_ATTRIBUTE);
    return context instanceof WebSocketContext ws ? ws : null;
  }

  /**
   * Applies GRIP instructions to a plain HTTP response: sets their headers and writes their
   * initial body, if any, as bytes. Set the status and {@code Content-Type} (for a stream,
   * usually {@code text/event-stream}) before. The proxy then holds the client's request
   * open, as a long-poll or a stream, on the instructions' channels.
   *
   * @throws IllegalStateException if the response is already committed
   */
  public static void hold(HttpServletResponse response, GripInstruct instruct) throws IOException {
    Objects.requireNonNull(response, "response == null");
    Objects.requireNonNull(instruct, "instruct == null");
    if (response.isCommitted()) {
      throw new IllegalStateException("response already committed: GRIP headers cannot be set");
    }
    instruct.headers().forEach(response::setHeader);
    byte[] body = instruct.body();
    if (body.length > 0) {
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
    }
  }

  /**
   * Whether the request came through a GRIP proxy: it carried a {@code Grip-Sig} that {@link
   * GripFilter} verified. False for a request the filter did not see.
   */
  public static boolean isProxied(ServletRequest request) {
    Objects.requireNonNull(request, "request == null");
    return Boolean.TRUE.equals(request.getAttribute(PROXIED_ATTRIBUTE));
  }
}
