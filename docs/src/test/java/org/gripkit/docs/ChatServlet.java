package org.gripkit.docs;

import static java.lang.System.Logger.Level.WARNING;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.servlet.Grip;

/**
 * The WebSocket context page's example: a chat room where every connection is bound to a user
 * when it opens, and every message is published to everyone in the room.
 */
public class ChatServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(ChatServlet.class.getName());

  private final transient GripPublisher publisher;

  public ChatServlet(GripPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    WebSocketContext ws = Grip.webSocket(req);
    if (ws == null) {
      resp.sendError(HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE);
      return;
    }
    // snippet:ws-open
    if (ws.isOpening()) {
      String user = req.getParameter("user"); // ws://host/chat?user=alice
      if (user == null || !user.matches("[a-z]{1,16}")) {
        ws.reject(400, "user must be 1 to 16 letters a-z"); // the handshake fails with 400
        return;
      }
      ws.accept();
      ws.setMeta("user", user); // every later request of this connection carries Meta-User
      ws.subscribe("chat");
      ws.keepAlive("{}", Duration.ofSeconds(25)); // the proxy sends {} after 25 s of silence
      ws.send("{\"welcome\":\"" + user + "\"}");
    }
    // end-snippet
    // snippet:ws-events
    String user = ws.meta("user"); // set by this origin when the connection opened
    for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
      switch (event.type()) {
        case TEXT -> {
          String text = ((WebSocketEvent.Text) event).content();
          publisher.publishAsync(PublishItem.of("chat",
                  PublishFormat.WsMessage.text(user + ": " + text)))
              .exceptionally(e -> {
                LOG.log(WARNING, "chat message lost", e);
                return null;
              });
        }
        case BINARY -> {
          ws.close(1003, "text messages only");
          return;
        }
        case CLOSE, DISCONNECT -> LOG.log(WARNING, user + " left");
        default -> throw new AssertionError("receive() never returns " + event.type());
      }
    }
    // end-snippet
  }
}
