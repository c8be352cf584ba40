package org.gripkit.docs;

// snippet:first-endpoint
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.servlet.Grip;

/** Echoes every text message and subscribes each connection to the channel "news". */
public class EchoServlet extends HttpServlet {
  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    WebSocketContext ws = Grip.webSocket(req);
    if (ws == null) { // not a WebSocket-over-HTTP request
      resp.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
      return;
    }
    if (ws.isOpening()) {
      ws.accept();
      ws.subscribe("news");
    }
    for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
      if (event instanceof WebSocketEvent.Text text) {
        ws.send("echo: " + text.content());
      }
    }
    // Write nothing: GripFilter sends the context's answer when doPost returns.
  }
}
// end-snippet
