package org.gripkit.docs;

// snippet:ws-no-servlet
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.gripkit.GripSigVerifier;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.gripkit.WebSocketResponse;

/** An echo endpoint on the JDK's own HTTP server: gripkit core needs no servlet container. */
public final class PlainHttpEcho implements HttpHandler {
  private final GripSigVerifier verifier;

  public PlainHttpEcho(GripSigVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!verifier.verify(exchange.getRequestHeaders().getFirst("Grip-Sig"))) {
        send(exchange, 403, "missing or invalid Grip-Sig");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(WebSocketEvents.DEFAULT_MAX_BODY_BYTES + 1); // one byte too many
      }
      WebSocketContext ws;
      try {
        ws = WebSocketContext.fromRequest(exchange.getRequestHeaders(), body);
      } catch (WebSocketProtocolException e) { // malformed, over the limit, no Connection-Id
        send(exchange, 400, e.getMessage());
        return;
      }
      if (ws.isOpening()) {
        ws.accept();
      }
      for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
        if (event instanceof WebSocketEvent.Text text) {
          ws.send(text.content());
        }
      }
      WebSocketResponse answer = ws.response();
      answer.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] out = answer.body();
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      exchange.getResponseBody().write(out);
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
// end-snippet
