package org.gripkit.devproxy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application's GRIP HTTP endpoints in tests, one route per scenario:
 * {@code /stream/sse} holds a stream, {@code /stream/poll} a response, {@code /stream/plain}
 * answers without instructions. Requests without the proxy's Grip-Sig get 401.
 */
final class TestStreams extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient DevGripProxy proxy;
  final AtomicInteger requests = new AtomicInteger();

  TestStreams(DevGripProxy proxy) {
    this.proxy = proxy;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!Hs256.valid(request.getHeader("Grip-Sig"), proxy.signingKey(), "pushpin")) {
      response.sendError(401, "bad Grip-Sig");
      return;
    }
    requests.incrementAndGet();
    String channel = request.getParameter("channel");
    switch (request.getPathInfo()) {
      case "/sse":
        response.setHeader("Grip-Hold", "stream");
        response.setHeader("Grip-Channel", channel + "; prev-id=0, other-" + channel);
        if (request.getParameter("keepalive") != null) {
          response.setHeader("Grip-Keep-Alive", ":ka\\n\\n; format=cstring; timeout=1");
        }
        response.setHeader("Content-Type", "text/event-stream");
        response.setHeader("Cache-Control", "no-cache");
        write(response, ":open\n\n");
        break;
      case "/poll":
        response.setHeader("Grip-Hold", "response");
        response.setHeader("Grip-Channel", channel);
        response.setHeader("Grip-Timeout", "1");
        response.setHeader("Content-Type", "application/json");
        response.setHeader("X-Held", "yes");
        write(response, "{\"timeout\":true}");
        break;
      case "/plain":
        response.setHeader("Content-Type", "text/plain");
        response.setHeader("X-Plain", "1");
        response.setHeader("Grip-Unused", "secret");
        response.setStatus(203);
        write(response, "plain " + request.getHeader("X-Client"));
        break;
      default:
        response.sendError(404);
    }
  }

  private static void write(HttpServletResponse response, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
