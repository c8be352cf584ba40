package org.gripkit.sample.qa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gripkit.GripInstruct;
import org.gripkit.sample.qa.QaException.Code;
import org.gripkit.sample.qa.store.RoomInfo;
import org.gripkit.sample.qa.store.StoreException;
import org.gripkit.sample.qa.store.UserInfo;
import org.gripkit.servlet.Grip;

/**
 * The room's HTTP API under {@code /api/} (PROTOCOL.md). Every answer is JSON; every error is
 * {@code {"error", "field"?}} with its status, and no stack trace ever leaves.
 */
final class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final Duration LOG_KEEP_ALIVE = Duration.ofSeconds(20);

  private final transient QaService service;
  private final transient Sessions sessions;
  private final transient ConnectionCounter connections;
  private final transient LiveLog log;

  ApiServlet(QaService service, Sessions sessions, ConnectionCounter connections, LiveLog log) {
    this.service = service;
    this.sessions = sessions;
    this.connections = connections;
    this.log = log;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    String[] parts = path.substring(1).split("/", -1);
    try {
      route(req, resp, req.getMethod(), parts);
    } catch (QaException e) {
      error(resp, e, e.code().status);
    } catch (StoreException e) {
      error(resp, new QaException(Code.INTERNAL, "the room's storage failed; try again"), 500);
    } catch (RuntimeException e) {
      log("API request failed: " + req.getMethod() + " " + path, e);
      error(resp, new QaException(Code.INTERNAL, "the server failed; try again"), 500);
    }
  }

  private void route(HttpServletRequest req, HttpServletResponse resp, String method,
      String[] p) throws QaException, IOException {
    String head = p[0];
    if (p.length == 1 && head.equals("rooms")) {
      if (method.equals("GET")) {
        json(resp, 200, service.store().rooms());
      } else if (method.equals("POST")) {
        createRoom(req, resp);
      } else {
        notAllowed(resp, "GET, POST");
      }
    } else if (head.equals("room") && p.length >= 2 && p.length <= 3) {
      requireGet(req, resp);
      String roomId = Limits.id("roomId", p[1]);
      RoomInfo room = service.store().room(roomId)
          .orElseThrow(() -> new QaException(Code.NOT_FOUND, "room not found", "roomId"));
      String what = p.length == 3 ? p[2] : "";
      switch (what) {
        case "" -> json(resp, 200, room);
        case "full" -> json(resp, 200, service.store().fullRoom(roomId).orElseThrow(
            () -> new QaException(Code.NOT_FOUND, "room not found", "roomId")));
        case "questions" -> json(resp, 200, service.store().questions(roomId));
        case "log" -> holdLog(resp, roomId);
        default -> throw new QaException(Code.NOT_FOUND, "no such resource");
      }
    } else if (p.length == 1 && head.equals("users")) {
      requireGet(req, resp);
      json(resp, 200, service.store().users());
    } else if (p.length == 2 && head.equals("user")) {
      requireGet(req, resp);
      String userId = Limits.id("userId", p[1]);
      json(resp, 200, service.store().user(userId)
          .orElseThrow(() -> new QaException(Code.NOT_FOUND, "user not found", "userId")));
    } else if (p.length == 3 && head.equals("channel") && p[2].equals("subscriptions")) {
      requireGet(req, resp);
      String channel = p[1];
      int count = channel.startsWith("room-") && Limits.ID.matcher(channel.substring(5)).matches()
          ? connections.count(channel.substring(5), service.now())
          : 0;
      json(resp, 200, Map.of("channel", channel, "count", count));
    } else if (p.length == 1 && head.equals("session")) {
      if (method.equals("POST")) {
        claim(req, resp);
      } else if (method.equals("GET")) {
        String userId = sessions.userOf(req)
            .orElseThrow(() -> new QaException(Code.UNAUTHORIZED, "no session"));
        json(resp, 200, service.store().user(userId)
            .orElseThrow(() -> new QaException(Code.UNAUTHORIZED, "no session")));
      } else {
        notAllowed(resp, "GET, POST");
      }
    } else {
      throw new QaException(Code.NOT_FOUND, "no such resource");
    }
  }

  private void createRoom(HttpServletRequest req, HttpServletResponse resp)
      throws QaException, IOException {
    String userId = sessions.userOf(req)
        .orElseThrow(() -> new QaException(Code.UNAUTHORIZED, "no session: POST /api/session"));
    ObjectNode body = body(req);
    String roomId = Limits.id("roomId", Json.string(body, "roomId"));
    String name = Json.optionalString(body, "displayName");
    String colour = Json.optionalString(body, "themeColor");
    RoomInfo room = new RoomInfo(roomId,
        name == null ? "New Room: " + roomId : Limits.roomName(name),
        colour == null ? Limits.DEFAULT_COLOUR : Limits.colour(colour));
    String hostCode = Secrets.hostCode();
    try {
      service.store().createRoom(room, Secrets.hash(hostCode), userId);
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CONFLICT) {
        throw new QaException(Code.INVALID_FIELD, "room already exists", "roomId");
      }
      throw e;
    }
    log.line(roomId, userId + " created the room");
    json(resp, 201, Map.of("roomInfo", room, "hostCode", hostCode));
  }

  private void claim(HttpServletRequest req, HttpServletResponse resp)
      throws QaException, IOException {
    ObjectNode body = body(req);
    String userId = Limits.id("userId", Json.string(body, "userId"));
    String name = Json.optionalString(body, "displayName");
    String displayName = name == null ? userId : Limits.userName(name);
    Optional<String> current = sessions.userOf(req);
    if (current.isPresent() && current.get().equals(userId)) {
      json(resp, 200, service.store().user(userId).orElseThrow());
      return;
    }
    String key = Secrets.userKey();
    if (!service.store().claimUser(new UserInfo(userId, displayName), Secrets.hash(key))) {
      throw new QaException(Code.CONFLICT, "user id is taken", "userId");
    }
    Sessions.setCookie(resp, userId, key, req.isSecure()
        || "https".equalsIgnoreCase(req.getHeader("X-Forwarded-Proto")));
    json(resp, 200, new UserInfo(userId, displayName));
  }

  /** Holds the request as a Server-Sent Events stream on the room's log channel. */
  private void holdLog(HttpServletResponse resp, String roomId) throws IOException {
    GripInstruct hold = GripInstruct.holdStream(LiveLog.channel(roomId))
        .keepAlive(":\n\n", LOG_KEEP_ALIVE)
        .body(log.event("listening to the log of room " + roomId))
        .build();
    resp.setStatus(200);
    resp.setContentType("text/event-stream");
    resp.setHeader("Cache-Control", "no-cache");
    Grip.hold(resp, hold);
  }

  private static ObjectNode body(HttpServletRequest req) throws QaException, IOException {
    String type = req.getContentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new QaException(Code.UNSUPPORTED_TYPE, "expected Content-Type: application/json");
    }
    byte[] bytes;
    try (InputStream in = req.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new QaException(Code.TOO_LARGE, "body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    return Json.parseObject(new String(bytes, StandardCharsets.UTF_8));
  }

  private static void requireGet(HttpServletRequest req, HttpServletResponse resp)
      throws QaException {
    if (!req.getMethod().equals("GET") && !req.getMethod().equals("HEAD")) {
      resp.setHeader("Allow", "GET");
      throw new QaException(Code.METHOD_NOT_ALLOWED, "method not allowed");
    }
  }

  private static void notAllowed(HttpServletResponse resp, String allow) throws IOException {
    resp.setHeader("Allow", allow);
    error(resp, new QaException(Code.METHOD_NOT_ALLOWED, "method not allowed"), 405);
  }

  static void json(HttpServletResponse resp, int status, Object value) throws IOException {
    byte[] body = Json.write(value).getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType("application/json");
    resp.setHeader("Cache-Control", "no-store");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  static void error(HttpServletResponse resp, QaException e, int status) throws IOException {
    ObjectNode body = Json.object();
    body.put("error", e.getMessage());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    if (!resp.isCommitted()) {
      resp.resetBuffer();
      json(resp, status, body);
    }
  }
}
