package org.gripkit.sample.qa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.gripkit.testing.TestWebSocket;

/**
 * One user in a browser, for tests: an HTTP session (the {@code qa_user} cookie) and a
 * WebSocket to a room, through whatever sits at {@code base} (the app with its embedded
 * proxy, or Pushpin in front of it).
 */
final class QaClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI base;
  final String userId;
  private String cookie = "";
  private TestWebSocket socket;
  private final List<JsonNode> seen = new ArrayList<>();

  QaClient(URI base, String userId) {
    this.base = base;
    this.userId = userId;
  }

  /** POST /api/session, keeping the cookie. */
  QaClient login() throws Exception {
    HttpResponse<String> response = post("/api/session",
        "{\"userId\":\"" + userId + "\",\"displayName\":\"" + userId + "\"}");
    if (response.statusCode() != 200) {
      throw new AssertionError("login failed: " + response.statusCode() + " " + response.body());
    }
    cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    return this;
  }

  /** Creates a room, returning its host code. */
  String createRoom(String roomId) throws Exception {
    HttpResponse<String> response = post("/api/rooms", "{\"roomId\":\"" + roomId + "\"}");
    if (response.statusCode() != 201) {
      throw new AssertionError("create failed: " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body()).get("hostCode").asText();
  }

  HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .header("Cookie", cookie.isEmpty() ? "x=y" : cookie)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String path) throws Exception {
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      throw new AssertionError(path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Opens the room's WebSocket and waits for WELCOME. */
  JsonNode join(String roomId, String hostCode) throws Exception {
    String query = "?roomId=" + roomId + (hostCode == null ? "" : "&hostCode=" + hostCode);
    URI ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/api/websocket" + query);
    socket = TestWebSocket.connect(ws, Map.of("Cookie", cookie));
    return await(m -> m.path("type").asText().equals("WELCOME"));
  }

  JsonNode join(String roomId) throws Exception {
    return join(roomId, null);
  }

  void send(String json) throws Exception {
    socket.send(json);
  }

  void send(ObjectNode message) throws Exception {
    socket.send(JSON.writeValueAsString(message));
  }

  static ObjectNode message(String type, Object... fields) {
    ObjectNode message = JSON.createObjectNode().put("type", type);
    for (int i = 0; i < fields.length; i += 2) {
      message.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    return message;
  }

  /** The next message matching, within 10 s; others are kept in {@link #seen}. */
  JsonNode await(Predicate<JsonNode> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Object next = socket.messages().poll(100, TimeUnit.MILLISECONDS);
      if (next instanceof String text && !text.isEmpty()) {
        JsonNode message = JSON.readTree(text);
        seen.add(message);
        if (wanted.test(message)) {
          return message;
        }
      }
    }
    throw new AssertionError(userId + " did not receive the message; saw " + seen);
  }

  JsonNode awaitType(String type) throws Exception {
    return await(m -> m.path("type").asText().equals(type));
  }

  /** Messages received within {@code quiet}, for asserting that nothing arrives. */
  List<JsonNode> drain(Duration quiet) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < deadline) {
      Object next = socket.messages().poll(50, TimeUnit.MILLISECONDS);
      if (next instanceof String text && !text.isEmpty()) {
        out.add(JSON.readTree(text));
      }
    }
    return out;
  }

  TestWebSocket socket() {
    return socket;
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.close();
    }
  }
}
