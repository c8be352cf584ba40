package org.gripkit.docs;

// snippet:sse-hold
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.gripkit.GripInstruct;
import org.gripkit.servlet.Grip;

/** GET /news/stream: Server-Sent Events of the channel "news", held open by the proxy. */
public class NewsStreamServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    resp.setStatus(HttpServletResponse.SC_OK);
    resp.setContentType("text/event-stream");
    resp.setHeader("Cache-Control", "no-cache");
    Grip.hold(resp, GripInstruct.holdStream("news")
        .keepAlive(": keep-alive\n\n", Duration.ofSeconds(20)) // an SSE comment when idle
        .body(": connected\n\n") // sent at once; published chunks follow
        .build());
  }
}
// end-snippet
