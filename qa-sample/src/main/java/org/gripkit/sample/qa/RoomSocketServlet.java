package org.gripkit.sample.qa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.sample.qa.QaException.Code;
import org.gripkit.sample.qa.QaService.Identity;
import org.gripkit.sample.qa.store.RoomInfo;
import org.gripkit.servlet.Grip;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/websocket?roomId=...}: the WebSocket-over-HTTP endpoint the GRIP proxy
 * calls for every event of every browser's WebSocket. {@link org.gripkit.servlet.GripFilter}
 * in front of it refuses requests without a valid {@code Grip-Sig}, so the connection meta
 * read here was set by this origin.
 */
final class RoomSocketServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(20);

  private final transient QaService service;
  private final transient Sessions sessions;
  private final transient ConnectionCounter connections;
  private final transient LiveLog log;
  private final transient Broadcaster broadcaster;

  RoomSocketServlet(QaService service, Sessions sessions, ConnectionCounter connections,
      LiveLog log, Broadcaster broadcaster) {
    this.service = service;
    this.sessions = sessions;
    this.connections = connections;
    this.log = log;
    this.broadcaster = broadcaster;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    WebSocketContext ws = Grip.webSocket(req);
    if (ws == null) {
      ApiServlet.error(resp, new QaException(Code.INVALID_FIELD,
          "expected a WebSocket-over-HTTP request (Content-Type: application/websocket-events)"),
          415);
      return;
    }
    Identity who;
    if (ws.isOpening()) {
      who = open(ws, req);
      if (who == null) {
        return;
      }
    } else {
      who = identity(ws);
      if (who == null) {
        ws.close(1008, "connection is not bound to a room");
        return;
      }
      connections.seen(ws.connectionId(), who.roomId(), who.userId(), service.now());
    }
    for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
      if (event instanceof WebSocketEvent.Text text) {
        onMessage(ws, who, text.content());
      } else if (event instanceof WebSocketEvent.Binary) {
        sendError(ws, new QaException(Code.INVALID_FIELD, "binary messages are not supported"),
            null);
      } else if (event instanceof WebSocketEvent.Close || event instanceof WebSocketEvent.Disconnect) {
        connections.gone(ws.connectionId());
        log.line(who.roomId(), "connection of " + who.userId() + " closed");
        publishCount(who.roomId());
        break;
      }
    }
  }

  /** Binds an opening connection to its room, user and role, or rejects it. */
  private @Nullable Identity open(WebSocketContext ws, HttpServletRequest req) {
    String roomId = req.getParameter("roomId");
    if (roomId == null || !Limits.ID.matcher(roomId).matches()) {
      ws.reject(400, "roomId is missing or invalid");
      return null;
    }
    Optional<String> user = sessions.userOf(req);
    if (user.isEmpty()) {
      ws.reject(401, "no session: POST /api/session first");
      return null;
    }
    Optional<RoomInfo> room = service.store().room(roomId);
    if (room.isEmpty()) {
      ws.reject(404, "room not found");
      return null;
    }
    boolean host = false;
    String hostCode = req.getParameter("hostCode");
    if (hostCode != null && !hostCode.isEmpty()) {
      Optional<String> hash = service.store().hostCodeHash(roomId);
      if (hash.isEmpty() || !Secrets.matches(hostCode, hash.get())) {
        ws.reject(403, "wrong host code");
        return null;
      }
      host = true;
    }
    Identity who = new Identity(roomId, user.get(), host);
    ws.accept();
    ws.setMeta("room", roomId);
    ws.setMeta("user", who.userId());
    ws.setMeta("role", host ? "host" : "guest");
    String channel = QaService.roomChannel(roomId);
    ws.subscribe(channel);
    ws.keepAlive("{}", KEEP_ALIVE);
    ws.keepAliveInterval(KEEP_ALIVE);
    ObjectNode welcome = Json.object();
    welcome.put("type", "WELCOME");
    welcome.put("roomId", roomId);
    welcome.put("userId", who.userId());
    welcome.put("role", host ? "host" : "guest");
    ws.send(Json.write(welcome));
    connections.seen(ws.connectionId(), roomId, who.userId(), service.now());
    log.line(roomId, "received connection from " + who.userId() + (host ? " (host)" : ""));
    log.line(roomId, "subscribing connection to channel " + channel);
    publishCount(roomId);
    return who;
  }

  private static @Nullable Identity identity(WebSocketContext ws) {
    String room = ws.meta("room");
    String user = ws.meta("user");
    String role = ws.meta("role");
    if (room == null || user == null || role == null) {
      return null;
    }
    return new Identity(room, user, role.equals("host"));
  }

  private void onMessage(WebSocketContext ws, Identity who, String text) {
    if (text.isEmpty()) {
      // Not a request: Pushpin 1.36 forwards a stray empty TEXT after some clients' handshakes.
      return;
    }
    String requestId = null;
    try {
      if (text.getBytes(StandardCharsets.UTF_8).length > Limits.MESSAGE_MAX_BYTES) {
        throw new QaException(Code.TOO_LARGE,
            "message is larger than " + Limits.MESSAGE_MAX_BYTES + " bytes");
      }
      ObjectNode message = Json.parseObject(text);
      requestId = requestId(message);
      log.line(who.roomId(), "received " + QaService.clip(message.path("type").asText("?"))
          + " from " + who.userId());
      service.handle(who, message);
    } catch (QaException e) {
      sendError(ws, e, requestId);
    } catch (RuntimeException e) {
      sendError(ws, new QaException(Code.INTERNAL, "the server failed; try again"), requestId);
    }
  }

  private static @Nullable String requestId(JsonNode message) throws QaException {
    JsonNode id = message.get("requestId");
    if (id == null || id.isNull()) {
      return null;
    }
    if (!id.isTextual() || id.asText().length() > Limits.REQUEST_ID_MAX) {
      throw new QaException(Code.INVALID_FIELD,
          "requestId must be a string of at most " + Limits.REQUEST_ID_MAX + " characters",
          "requestId");
    }
    return id.asText();
  }

  private static void sendError(WebSocketContext ws, QaException e, @Nullable String requestId) {
    ObjectNode error = Json.object();
    error.put("type", "ERROR");
    error.put("code", e.code().name());
    error.put("message", e.getMessage());
    if (e.field() != null) {
      error.put("field", e.field());
    }
    error.put("for", requestId);
    ws.send(Json.write(error));
  }

  private void publishCount(String roomId) {
    ObjectNode update = Json.object();
    update.put("type", "CONNECTIONS_UPDATE_PASSIVE");
    update.put("roomId", roomId);
    update.put("count", connections.count(roomId, service.now()));
    try {
      broadcaster.message(QaService.roomChannel(roomId), Json.write(update));
    } catch (Exception e) {
      // The count is refreshed by polling too.
    }
  }
}
