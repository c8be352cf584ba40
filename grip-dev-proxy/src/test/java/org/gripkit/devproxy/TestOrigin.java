package org.gripkit.devproxy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketProtocolException;
import org.gripkit.WebSocketResponse;

/**
 * The application behind the proxy in tests: a WebSocket-over-HTTP endpoint built on grip-core's
 * {@link WebSocketContext}, which checks every request's Grip-Sig with the proxy's key and
 * records what it saw. A test sets {@link #script} to decide the answers.
 */
final class TestOrigin extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** One request as the origin saw it. */
  record Seen(String uri, Map<String, List<String>> headers, byte[] body,
      List<WebSocketEvent> events, String connectionId) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /** A raw answer, for what {@link WebSocketContext} will not produce. */
  record Raw(int status, Map<String, String> headers, byte[] body) {}

  interface Script {
    /** Says what to do; returns a raw answer to send instead of the context's, or null. */
    Raw on(WebSocketContext ws, Seen seen) throws IOException;
  }

  /** Accepts, echoes text and binary, and answers closes (the context echoes them). */
  static final Script ECHO = (ws, seen) -> {
    if (ws.isOpening()) {
      ws.accept();
    }
    for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
      if (e instanceof WebSocketEvent.Text t) {
        ws.send(t.content());
      } else if (e instanceof WebSocketEvent.Binary b) {
        ws.send(b.content());
      }
    }
    return null;
  };

  private final transient DevGripProxy proxy;
  final transient BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  volatile transient Script script = ECHO;

  TestOrigin(DevGripProxy proxy) {
    this.proxy = proxy;
  }

  void reset() {
    seen.clear();
    script = ECHO;
  }

  /** The next request the origin saw, waiting up to 5 s. */
  Seen next() throws InterruptedException {
    Seen s = seen.poll(5, TimeUnit.SECONDS);
    if (s == null) {
      throw new AssertionError("the origin saw no request within 5 s");
    }
    return s;
  }

  /** The next request with events (skipping empty keep-alive requests). */
  Seen nextWithEvents() throws InterruptedException {
    while (true) {
      Seen s = next();
      if (!s.events().isEmpty()) {
        return s;
      }
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String sig = request.getHeader("Grip-Sig");
    if (!Hs256.valid(sig, proxy.signingKey(), "pushpin")) {
      response.sendError(401, "bad Grip-Sig");
      return;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, new ArrayList<>(Collections.list(request.getHeaders(name))));
    }
    byte[] body = request.getInputStream().readAllBytes();
    WebSocketContext ws;
    try {
      ws = WebSocketContext.fromRequest(headers, body);
    } catch (WebSocketProtocolException e) {
      response.sendError(400, e.getMessage());
      return;
    }
    String query = request.getQueryString();
    Seen s = new Seen(request.getRequestURI() + (query == null ? "" : "?" + query), headers,
        body, ws.events(), ws.connectionId());
    seen.add(s);
    Raw raw = script.on(ws, s);
    if (raw != null) {
      response.setStatus(raw.status());
      raw.headers().forEach(response::setHeader);
      response.getOutputStream().write(raw.body());
      return;
    }
    WebSocketResponse answer = ws.response();
    response.setStatus(answer.status());
    answer.headers().forEach(response::setHeader);
    response.getOutputStream().write(answer.body());
  }

  static Raw raw(int status, String contentType, String body) {
    return new Raw(status, Map.of("Content-Type", contentType),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** An accepted OPEN (grip extension on) whose body is these events, encoded. */
  static Raw rawOpen(List<WebSocketEvent> events) {
    return new Raw(200, Map.of("Content-Type", "application/websocket-events",
        "Sec-WebSocket-Extensions", "grip"), org.gripkit.WebSocketEvents.encode(events));
  }
}
