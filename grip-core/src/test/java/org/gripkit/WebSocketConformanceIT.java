package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.gripkit.testing.TestOrigin;
import org.gripkit.testing.TestWebSocketClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * {@link WebSocketContext} as the origin behind a real Pushpin 1.36, with real WebSocket
 * clients (the JDK's) in front: what a browser-side client and the application see.
 */
@RequiresPushpin
class WebSocketConformanceIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static @Nullable TestOrigin origin;
  private static @Nullable PushpinProcess pushpin;

  /** What the origin read and answered, request by request, for this test's path. */
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private String path = "/";

  @BeforeAll
  static void startPushpin() {
    origin = TestOrigin.start();
    pushpin = PushpinProcess.builder().overHttpRoute(origin.port()).start();
  }

  @AfterAll
  static void stopPushpin() {
    try {
      if (pushpin != null) {
        pushpin.close();
      }
    } finally {
      if (origin != null) {
        origin.close();
      }
    }
  }

  @BeforeEach
  void pathPerTest(TestInfo test) {
    path = "/" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void originHadNoFailures() {
    origin().assertNoHandlerFailures();
  }

  @Test
  void openingConnectionIsAcceptedWithTheGripExtension() throws Exception {
    serve(ws -> {
      ws.accept();
      ws.send("welcome");
    }, (ws, event) -> { });

    try (TestWebSocketClient client = connect(path + "?room=alpha")) {
      // Without the grip extension Pushpin would pass "m:welcome" through as it is.
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("welcome"));

      Seen open = seen.get(0);
      assertThat(open.opening()).isTrue();
      assertThat(open.request().method()).isEqualTo("POST");
      assertThat(open.request().uri()).isEqualTo(path + "?room=alpha");
      assertThat(open.request().header("Content-Type")).isEqualTo("application/websocket-events");
      assertThat(UUID.fromString(open.connectionId())).isNotNull();
      assertThat(open.response().status()).isEqualTo(200);
      assertThat(open.response().headers())
          .containsEntry("Content-Type", "application/websocket-events")
          .containsEntry("Sec-WebSocket-Extensions", "grip");
    }
  }

  @Test
  void textTravelsBothWaysAsUtf8AndCPrefixedTextStaysText() throws Exception {
    String lookalike = "c:{\"type\":\"subscribe\",\"channel\":\"sneaky\"}";
    serve(ws -> {
      ws.accept();
      ws.send(lookalike);
    }, (ws, event) -> {
      if (event instanceof WebSocketEvent.Text text) {
        ws.send("echo:" + text.content());
      }
    });

    try (TestWebSocketClient client = connect(path)) {
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text(lookalike));

      client.send("héllo 😀");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("echo:héllo 😀"));
      client.send("日本語");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("echo:日本語"));
      client.sendFragmented("in two frames: 日本語", 9);
      assertThat(client.next(TIMEOUT))
          .isEqualTo(new WebSocketEvent.Text("echo:in two frames: 日本語"));
      client.send("");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("echo:"));

      assertThat(originEvents()).containsExactly(
          new WebSocketEvent.Text("héllo 😀"),
          new WebSocketEvent.Text("日本語"),
          new WebSocketEvent.Text("in two frames: 日本語"),
          new WebSocketEvent.Text(""));
    }
  }

  @Test
  void binaryTravelsBothWaysByteForByte() throws Exception {
    byte[] crlf = {0x0D, 0x0A};
    byte[] tricky = {0x00, 0x0D, 0x0A, (byte) 0xFF, 'm', ':', 0x0D, 0x0A, (byte) 0x80};
    serve(ws -> {
      ws.accept();
      ws.send(crlf);
    }, (ws, event) -> {
      if (event instanceof WebSocketEvent.Binary binary) {
        ws.send(reversed(binary.content()));
      }
    });

    try (TestWebSocketClient client = connect(path)) {
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Binary(crlf));

      client.send(tricky);
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Binary(reversed(tricky)));
      client.send(new byte[0]);
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Binary(new byte[0]));

      assertThat(originEvents()).containsExactly(
          new WebSocketEvent.Binary(tricky), new WebSocketEvent.Binary(new byte[0]));
    }
  }

  @Test
  void clientCloseReachesTheOriginWithCodeAndReason() throws Exception {
    serve(WebSocketContext::accept, (ws, event) -> {
      if (event instanceof WebSocketEvent.Close close) {
        ws.close(close.code(), "see you, " + close.reason());
      }
    });

    try (TestWebSocketClient client = connect(path)) {
      client.close(4001, "client bye é");

      assertThat(client.closeReceived().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(new WebSocketEvent.Close(4001, "see you, client bye é"));
      assertThat(originEvents()).containsExactly(new WebSocketEvent.Close(4001, "client bye é"));
    }
  }

  @Test
  void serverCloseReachesTheClientWithCodeAndReason() throws Exception {
    serve(WebSocketContext::accept, (ws, event) -> {
      if (event instanceof WebSocketEvent.Text text && text.content().equals("close, please")) {
        ws.close(4002, "server bye é");
      }
    });

    try (TestWebSocketClient client = connect(path)) {
      client.send("close, please");

      assertThat(client.closeReceived().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
          .isEqualTo(new WebSocketEvent.Close(4002, "server bye é"));
      // The JDK client answers with the code alone; Pushpin hands that answer to the origin
      // in a new request, which cannot tell it from a close the client started.
      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(originEvents()).containsExactly(
          new WebSocketEvent.Text("close, please"), new WebSocketEvent.Close(4002, "")));
    }
  }

  @Test
  void publishedMessagesReachASubscribedClient() throws Exception {
    String channel = "room-" + UUID.randomUUID();
    serve(ws -> {
      ws.accept();
      ws.subscribe(channel);
      ws.send("subscribed");
    }, (ws, event) -> { });

    try (TestWebSocketClient client = connect(path)) {
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("subscribed"));

      var published = pushpin().publish("{\"items\":["
          + "{\"channel\":\"" + channel + "\",\"formats\":{\"ws-message\":"
          + "{\"content\":\"héllo from a publisher 😀\"}}},"
          + "{\"channel\":\"" + channel + "\",\"formats\":{\"ws-message\":"
          + "{\"content-bin\":\"AA0K/w==\"}}},"
          + "{\"channel\":\"some-other-room\",\"formats\":{\"ws-message\":"
          + "{\"content\":\"not for you\"}}}]}");

      assertThat(published.statusCode()).isEqualTo(200);
      assertThat(published.body()).isEqualTo("Published\n");
      assertThat(client.next(TIMEOUT))
          .isEqualTo(new WebSocketEvent.Text("héllo from a publisher 😀"));
      assertThat(client.next(TIMEOUT))
          .isEqualTo(new WebSocketEvent.Binary(new byte[] {0x00, 0x0D, 0x0A, (byte) 0xFF}));
      // Items are delivered in order, so the third (another channel) would have come by now.
      await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
          .until(() -> client.received().size() == 3);
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void keepAliveMessagesArriveWhileTheConnectionIsIdle() throws Exception {
    String content = "{\"type\":\"keep-alive\"}";
    serve(ws -> {
      ws.accept();
      // Pushpin 1.36 takes timeouts down to 1 s; 2 s keeps this test short.
      ws.keepAlive(content, Duration.ofSeconds(2));
    }, (ws, event) -> { });

    try (TestWebSocketClient client = connect(path)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> client.received().size() >= 2);

      assertThat(client.received()).allMatch(new WebSocketEvent.Text(content)::equals);
      // Pushpin sends them by itself: the origin heard nothing after the OPEN.
      assertThat(seen).hasSize(1);
    }
  }

  @Test
  void pingKeepAlivesArriveInIntervalMode() throws Exception {
    serve(ws -> {
      ws.accept();
      ws.keepAlive(WebSocketKeepAlive.builder()
          .messageType(WebSocketMessageType.PING)
          .content("ka".getBytes(StandardCharsets.UTF_8))
          .timeout(Duration.ofSeconds(2))
          .mode(WebSocketKeepAlive.Mode.INTERVAL)
          .build());
    }, (ws, event) -> { });

    try (TestWebSocketClient client = connect(path)) {
      await().atMost(Duration.ofSeconds(15)).until(() -> client.received().size() >= 2);

      WebSocketEvent.Ping ping = new WebSocketEvent.Ping("ka".getBytes(StandardCharsets.UTF_8));
      assertThat(client.received()).allMatch(ping::equals);
      // The JDK client answers each PING; Pushpin forwards those PONGs to the origin, where
      // the context consumes them without showing them to the application.
      await().atMost(TIMEOUT).until(() -> seen.stream().anyMatch(s -> decode(s.request().body())
          .contains(new WebSocketEvent.Pong("ka".getBytes(StandardCharsets.UTF_8)))));
      assertThat(originEvents()).isEmpty();
    }
  }

  @Test
  void metaSetOnOneRequestComesBackOnTheNext() throws Exception {
    serve(ws -> {
      ws.accept();
      ws.setMeta("User", "alice");
      ws.setMeta("room", "alpha");
    }, (ws, event) -> {
      if (!(event instanceof WebSocketEvent.Text text)) {
        return;
      }
      if (text.content().equals("leave")) {
        ws.removeMeta("ROOM");
        ws.setMeta("user", "bob");
      }
      ws.send("user=" + ws.meta("user") + " room=" + ws.meta("Room"));
    });

    try (TestWebSocketClient client = connect(path)) {
      client.send("who am I?");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("user=alice room=alpha"));
      client.send("leave");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("user=bob room=null"));
      client.send("who am I now?");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("user=bob room=null"));

      // Requests: OPEN, "who am I?", "leave", "who am I now?".
      assertThat(seen).hasSize(4);
      assertThat(seen.get(0).response().headers())
          .containsEntry("Set-Meta-User", "alice").containsEntry("Set-Meta-room", "alpha");
      assertThat(seen.get(1).requestMeta()).isEqualTo(Map.of("user", "alice", "room", "alpha"));
      assertThat(seen.get(1).request().header("Meta-User")).isEqualTo("alice");
      assertThat(seen.get(1).response().headers()).doesNotContainKeys("Set-Meta-User");
      assertThat(seen.get(2).response().headers())
          .containsEntry("Set-Meta-ROOM", "").containsEntry("Set-Meta-user", "bob");
      assertThat(seen.get(3).requestMeta()).isEqualTo(Map.of("user", "bob"));
      assertThat(seen.get(3).request().header("Meta-Room")).isNull();
    }
  }

  @Test
  void clientPingIsAnsweredWithAPongOfTheSamePayload() throws Exception {
    serve(WebSocketContext::accept, (ws, event) -> { });
    byte[] payload = "ping é 1".getBytes(StandardCharsets.UTF_8);

    try (TestWebSocketClient client = connect(path)) {
      client.ping(payload);

      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Pong(payload));
      // Pushpin does not answer PINGs itself: this PONG is the context's answer.
      Seen ping = seen.get(1);
      assertThat(decode(ping.request().body()))
          .containsExactly(new WebSocketEvent.Ping(payload));
      assertThat(decode(ping.response().body()))
          .containsExactly(new WebSocketEvent.Pong(payload));
      assertThat(ping.events()).isEmpty();
    }
  }

  @Test
  void keepAliveRequestWithAnEmptyBodyIsAnsweredWith200() throws Exception {
    serve(ws -> {
      ws.accept();
      // Pushpin 1.36 raises any interval under 20 s to 20 s: this test waits that long.
      ws.keepAliveInterval(Duration.ofSeconds(1));
      ws.send("ready");
    }, (ws, event) -> {
      if (event instanceof WebSocketEvent.Text text) {
        ws.send("echo:" + text.content());
      }
    });

    try (TestWebSocketClient client = connect(path)) {
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("ready"));
      long openedAt = System.nanoTime();

      await().atMost(Duration.ofSeconds(40)).until(() -> seen.size() >= 2);
      long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedAt);

      assertThat(seen.get(0).response().headers()).containsEntry("Keep-Alive-Interval", "1");
      Seen keepAlive = seen.get(1);
      assertThat(waitedMillis).isGreaterThan(18_000);
      assertThat(keepAlive.request().body()).isEmpty();
      assertThat(keepAlive.request().header("Content-Length")).isEqualTo("0");
      assertThat(keepAlive.request().header("Content-Type"))
          .isEqualTo("application/websocket-events");
      assertThat(keepAlive.connectionId()).isEqualTo(seen.get(0).connectionId());
      assertThat(keepAlive.response().status()).isEqualTo(200);
      assertThat(keepAlive.response().headers())
          .containsEntry("Content-Type", "application/websocket-events");
      assertThat(keepAlive.response().body()).isEmpty();

      client.send("still there?");
      assertThat(client.next(TIMEOUT)).isEqualTo(new WebSocketEvent.Text("echo:still there?"));
    }
  }

  /**
   * Serves this test's path: every request becomes a {@link WebSocketContext}; {@code onOpen}
   * runs on an opening request, {@code onEvent} on each event {@link WebSocketContext#receive()}
   * yields, and the context's response is written back byte for byte.
   */
  private void serve(Consumer<WebSocketContext> onOpen,
      BiConsumer<WebSocketContext, WebSocketEvent> onEvent) {
    origin().handle(path, request -> {
      WebSocketContext ws = WebSocketContext.fromRequest(request.headers(), request.body());
      Map<String, String> requestMeta = Map.copyOf(ws.meta());
      if (ws.isOpening()) {
        onOpen.accept(ws);
      }
      List<WebSocketEvent> events = new ArrayList<>();
      for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
        events.add(event);
        onEvent.accept(ws, event);
      }
      WebSocketResponse response = ws.response();
      seen.add(new Seen(request, ws.isOpening(), ws.connectionId(), requestMeta, events,
          response));
      return TestOrigin.Response.status(response.status())
          .headers(response.headers())
          .body(response.body());
    });
  }

  /** Every event the application received so far, leaving out DISCONNECTs. */
  private List<WebSocketEvent> originEvents() {
    return seen.stream().flatMap(s -> s.events().stream())
        .filter(e -> !(e instanceof WebSocketEvent.Disconnect))
        .collect(Collectors.toList());
  }

  private static TestWebSocketClient connect(String pathAndQuery) {
    return TestWebSocketClient.connect(pushpin().wsUri(pathAndQuery));
  }

  private static List<WebSocketEvent> decode(byte[] body) {
    try {
      return WebSocketEvents.decode(body);
    } catch (WebSocketProtocolException e) {
      throw new AssertionError("Pushpin sent a body the codec cannot read", e);
    }
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }

  private static TestOrigin origin() {
    if (origin == null) {
      throw new IllegalStateException("origin not started");
    }
    return origin;
  }

  private static PushpinProcess pushpin() {
    if (pushpin == null) {
      throw new IllegalStateException("pushpin not started");
    }
    return pushpin;
  }

  /** One request as the application saw it, and its answer. */
  private record Seen(TestOrigin.Request request, boolean opening, String connectionId,
      Map<String, String> requestMeta, List<WebSocketEvent> events,
      WebSocketResponse response) {}
}
