package org.gripkit.testkit;

import java.time.Duration;
import org.gripkit.GripPublishException;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;

/**
 * A sample chat origin written against {@link WebSocketContext} only, as an application would
 * write one: the kit's own tests drive it the way a user's tests drive theirs.
 *
 * <pre>
 *   /nick NAME   sets meta user             /join ROOM   subscribes to room-ROOM, sets meta room
 *   /leave       unsubscribes               /quit        closes with 1000 "bye"
 *   anything else: published to room-ROOM as "NAME: text"; a failed publish is an error message
 *   binary: closed with 1003 "text only"
 * </pre>
 */
final class ChatHandler implements WebSocketHandler {
  private final GripPublisher publisher;

  ChatHandler(GripPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public void handle(WebSocketContext ws) {
    if (ws.isOpening()) {
      ws.accept();
      ws.keepAlive("{}", Duration.ofSeconds(20));
      ws.keepAliveInterval(Duration.ofSeconds(20));
      ws.send("welcome: /nick <name>, then /join <room>");
    }
    for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
      if (event instanceof WebSocketEvent.Text text) {
        text(ws, text.content());
      } else if (event instanceof WebSocketEvent.Binary) {
        ws.close(1003, "text only");
        return;
      }
    }
  }

  private void text(WebSocketContext ws, String text) {
    String user = ws.meta("user");
    String room = ws.meta("room");
    if (text.startsWith("/nick ")) {
      String name = text.substring(6);
      if (!name.matches("[a-z]{1,16}")) {
        ws.send("error: a name is 1 to 16 letters a-z");
        return;
      }
      ws.setMeta("user", name);
      ws.send("you are " + name);
    } else if (text.startsWith("/join ")) {
      String next = text.substring(6);
      if (user == null) {
        ws.send("error: /nick first");
      } else if (!next.matches("[a-z]{1,16}")) {
        ws.send("error: a room is 1 to 16 letters a-z");
      } else {
        if (room != null) {
          ws.unsubscribe("room-" + room);
        }
        ws.subscribe("room-" + next);
        ws.setMeta("room", next);
        ws.send("joined " + next);
      }
    } else if (text.equals("/leave") && room != null) {
      ws.unsubscribe("room-" + room);
      ws.removeMeta("room");
    } else if (text.equals("/quit")) {
      ws.close(1000, "bye");
    } else if (user == null || room == null) {
      ws.send("error: /nick and /join first");
    } else {
      try {
        publisher.publish(PublishItem.of("room-" + room,
            PublishFormat.WsMessage.text(user + ": " + text)));
      } catch (GripPublishException e) {
        // Never a 500 (BH-22): Pushpin would drop the client's socket.
        ws.send("error: not delivered, try again");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ws.send("error: not delivered, try again");
      }
    }
  }
}
