package org.gripkit.devproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gripkit.WebSocketEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketProxyTest {
  static ProxyServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ProxyServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.origin.reset();
  }

  @AfterEach
  void noConnectionOutlivesItsTest() {
    // Every test ends its clients; the proxy must forget them.
    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.connections.isEmpty());
  }

  /** Accepts and subscribes to {@code room-<room query parameter>}. */
  private static final TestOrigin.Script SUBSCRIBE = (ws, seen) -> {
    if (ws.isOpening()) {
      ws.accept();
      ws.subscribe("room-" + seen.uri().substring(seen.uri().indexOf("room=") + 5));
    }
    return TestOrigin.ECHO.on(ws, seen);
  };

  @Test
  void openIsPostedToTheSameOriginWithPushpinsHeaders() throws Exception {
    WsClient client = WsClient.connect(server.ws("/ws?roomId=alpha"),
        Map.of("Cookie", "session=abc", "Origin", "http://example.test"));
    TestOrigin.Seen open = server.origin.next();

    assertThat(open.uri()).isEqualTo("/app/ws?roomId=alpha");
    assertThat(open.events()).containsExactly(new WebSocketEvent.Open());
    assertThat(new String(open.body(), StandardCharsets.US_ASCII)).isEqualTo("OPEN\r\n");
    assertThat(open.header("Content-Type")).isEqualTo("application/websocket-events");
    assertThat(open.header("Accept")).isEqualTo("application/websocket-events");
    assertThat(open.header("Sec-WebSocket-Extensions")).isEqualTo("grip");
    assertThat(open.header("Connection-Id"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(open.header("Cookie")).isEqualTo("session=abc");
    assertThat(open.header("Origin")).isEqualTo("http://example.test");
    assertThat(open.header("User-Agent")).startsWith("Java-http-client");
    assertThat(open.header("Grip-Feature")).startsWith("status, session");
    assertThat(open.header("Upgrade")).isNull();
    assertThat(open.header("Sec-WebSocket-Key")).isNull();
    assertThat(open.header("Sec-WebSocket-Version")).isNull();
    JsonNode claims = Hs256.verifiedClaims(open.header("Grip-Sig"), server.proxy.signingKey());
    assertThat(claims).isNotNull();
    assertThat(claims.get("iss").asText()).isEqualTo("pushpin");
    assertThat(claims.get("exp").asLong())
        .isBetween(System.currentTimeMillis() / 1000 + 3540, System.currentTimeMillis() / 1000 + 3660);
    assertThat(claims.size()).isEqualTo(2);

    client.socket.sendText("hello", true);
    assertThat(client.next()).isEqualTo("hello");
    TestOrigin.Seen text = server.origin.next();
    assertThat(text.header("Connection-Id")).isEqualTo(open.header("Connection-Id"));
    assertThat(text.header("Grip-Sig")).isNotNull();
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void refusedHandshakeGetsTheOriginsStatusAndBody() throws Exception {
    server.origin.script = (ws, seen) -> {
      ws.reject(403, "room is full");
      return null;
    };
    RawHandshake answer = RawHandshake.send(server.port, "/app/ws?room=full");

    assertThat(answer.statusLine()).startsWith("HTTP/1.1 403");
    assertThat(answer.body()).isEqualTo("room is full");
    assertThat(answer.headers()).doesNotContainIgnoringCase("Upgrade:");
  }

  @Test
  void openAnswerWithACharsetIsPassedOnAsAPlainResponse() throws Exception {
    server.origin.script = (ws, seen) ->
        TestOrigin.raw(200, "application/websocket-events; charset=utf-8", "OPEN\r\n");
    RawHandshake answer = RawHandshake.send(server.port, "/app/ws");

    assertThat(answer.statusLine()).startsWith("HTTP/1.1 200");
    assertThat(answer.body()).isEqualTo("OPEN\r\n");
  }

  @Test
  void textAndBinaryTravelBothWaysIntact() throws Exception {
    WsClient client = WsClient.connect(server.ws("/ws"));
    server.origin.next();
    String text = "h\u00e9llo \u2713 \ud83d\ude00 \u65e5\u672c";
    client.socket.sendText(text, true);
    assertThat(client.next()).isEqualTo(text);
    assertThat(server.origin.nextWithEvents().events())
        .containsExactly(new WebSocketEvent.Text(text));

    byte[] bytes = {0, 1, (byte) 0xff, 'c', ':', (byte) 0x80};
    client.socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true);
    assertThat((byte[]) client.next()).containsExactly(bytes);

    client.socket.sendText("c:{\"type\":\"detach\"}", true);
    assertThat(client.next()).isEqualTo("c:{\"type\":\"detach\"}");
    client.socket.sendText("m:literal", true);
    assertThat(client.next()).isEqualTo("m:literal");
    client.socket.sendText("", true);
    assertThat(client.next()).isEqualTo("");
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void unprefixedMessagesFromTheOriginAreDropped() throws Exception {
    server.origin.script = (ws, seen) -> ws.isOpening()
        ? TestOrigin.rawOpen(List.of(new WebSocketEvent.Open(), new WebSocketEvent.Text("dropped"),
            new WebSocketEvent.Text("m:kept"), new WebSocketEvent.Text("c:not json"),
            new WebSocketEvent.Binary(new byte[] {'m', ':', 7})))
        : TestOrigin.ECHO.on(ws, seen);
    WsClient client = WsClient.connect(server.ws("/ws"));

    assertThat(client.next()).isEqualTo("kept");
    assertThat((byte[]) client.next()).containsExactly(7);
    client.socket.sendText("after", true);
    assertThat(client.next()).isEqualTo("after");
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void pingAndPongEventsFromTheOriginReachTheClient() throws Exception {
    server.origin.script = (ws, seen) -> ws.isOpening()
        ? TestOrigin.rawOpen(List.of(new WebSocketEvent.Open(),
            new WebSocketEvent.Pong("abc".getBytes(StandardCharsets.US_ASCII))))
        : TestOrigin.ECHO.on(ws, seen);
    WsClient client = WsClient.connect(server.ws("/ws"));

    assertThat(((WsClient.Pong) client.next()).data())
        .containsExactly("abc".getBytes(StandardCharsets.US_ASCII));
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void publishReachesEverySubscriberInOrder() throws Exception {
    server.origin.script = SUBSCRIBE;
    WsClient first = WsClient.connect(server.ws("/ws?room=a"));
    WsClient second = WsClient.connect(server.ws("/ws?room=a"));
    WsClient elsewhere = WsClient.connect(server.ws("/ws?room=b"));
    await().atMost(5, TimeUnit.SECONDS)
        .until(() -> server.proxy.channels.subscribers("room-a").size() == 2
            && server.proxy.channels.subscribers("room-b").size() == 1);

    var answer = server.publish("{\"items\":["
        + "{\"channel\":\"room-a\",\"formats\":{\"ws-message\":{\"content\":\"one \u2713\"}}},"
        + "{\"channel\":\"room-a\",\"formats\":{\"ws-message\":{\"content-bin\":\"AAEC\"}}},"
        + "{\"channel\":\"room-a\",\"ws-message\":{\"content\":\"three\"}}]}");

    assertThat(answer.statusCode()).isEqualTo(200);
    for (WsClient client : List.of(first, second)) {
      assertThat(client.next()).isEqualTo("one \u2713");
      assertThat((byte[]) client.next()).containsExactly(0, 1, 2);
      assertThat(client.next()).isEqualTo("three");
    }
    elsewhere.socket.sendText("ping", true);
    assertThat(elsewhere.next()).isEqualTo("ping"); // nothing published came first
    for (WsClient client : List.of(first, second, elsewhere)) {
      client.socket.sendClose(1000, "");
      client.awaitClose();
    }
  }

  @Test
  void wsMessageCloseActionClosesTheClientWithItsCode() throws Exception {
    server.origin.script = SUBSCRIBE;
    WsClient client = WsClient.connect(server.ws("/ws?room=closing"));
    server.origin.next();
    await().atMost(5, TimeUnit.SECONDS)
        .until(() -> server.proxy.channels.subscribers("room-closing").size() == 1);

    server.publish("{\"items\":[{\"channel\":\"room-closing\","
        + "\"formats\":{\"ws-message\":{\"action\":\"close\",\"code\":4003}}}]}");

    assertThat(client.awaitClose().code()).isEqualTo(4003);
    // The client's close reply goes to the origin, as Pushpin forwards it.
    assertThat(server.origin.nextWithEvents().events()).containsExactly(new WebSocketEvent.Close(4003));
  }

  @Test
  void metaSetByTheOriginComesBackOnLaterRequests() throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
        ws.setMeta("User", "alice");
      }
      for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
        if (e instanceof WebSocketEvent.Text t) {
          if (t.content().equals("forget")) {
            ws.removeMeta("User");
          }
          ws.send("ok");
        }
      }
      return null;
    };
    WsClient client = WsClient.connect(server.ws("/ws"));
    assertThat(server.origin.next().header("Meta-User")).isNull();

    client.socket.sendText("first", true);
    assertThat(client.next()).isEqualTo("ok");
    assertThat(server.origin.nextWithEvents().header("Meta-User")).isEqualTo("alice");
    client.socket.sendText("forget", true);
    assertThat(client.next()).isEqualTo("ok");
    assertThat(server.origin.nextWithEvents().header("Meta-User")).isEqualTo("alice");
    client.socket.sendText("later", true);
    assertThat(client.next()).isEqualTo("ok");
    assertThat(server.origin.nextWithEvents().header("Meta-User")).isNull();
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void keepAliveIntervalMakesTheProxyPostEmptyBodies() throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
        ws.keepAliveInterval(Duration.ofSeconds(1));
      }
      return TestOrigin.ECHO.on(ws, seen);
    };
    WsClient client = WsClient.connect(server.ws("/ws"));
    String id = server.origin.next().connectionId();

    for (int i = 0; i < 2; i++) {
      TestOrigin.Seen keepAlive = server.origin.next();
      assertThat(keepAlive.body()).isEmpty();
      assertThat(keepAlive.connectionId()).isEqualTo(id);
      assertThat(keepAlive.header("Content-Type")).isEqualTo("application/websocket-events");
    }
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void keepAliveControlMessageSendsItsContentWhenTheClientIsIdle() throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
        ws.keepAlive("{}", Duration.ofSeconds(1));
      }
      return TestOrigin.ECHO.on(ws, seen);
    };
    long start = System.nanoTime();
    WsClient client = WsClient.connect(server.ws("/ws"));

    assertThat(client.next()).isEqualTo("{}");
    assertThat(client.next()).isEqualTo("{}");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1900));
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void sendDelayedArrivesAfterItsDelayOrWhenFlushed() throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
        ws.sendDelayed("soon", Duration.ofSeconds(1));
      }
      for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
        if (e instanceof WebSocketEvent.Text t && t.content().equals("arm")) {
          ws.sendDelayed("flushed", Duration.ofSeconds(30));
          ws.send("armed");
        } else if (e instanceof WebSocketEvent.Text t && t.content().equals("flush")) {
          ws.flushDelayed();
        }
      }
      return null;
    };
    long start = System.nanoTime();
    WsClient client = WsClient.connect(server.ws("/ws"));

    assertThat(client.next()).isEqualTo("soon");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(900));
    client.socket.sendText("arm", true);
    assertThat(client.next()).isEqualTo("armed");
    client.socket.sendText("flush", true);
    assertThat(client.next()).isEqualTo("flushed");
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void subprotocolChosenByTheOriginIsNegotiatedWithTheClient() throws Exception {
    server.origin.script = (ws, seen) -> ws.isOpening()
        ? new TestOrigin.Raw(200, Map.of("Content-Type", "application/websocket-events",
            "Sec-WebSocket-Extensions", "grip", "Sec-WebSocket-Protocol", "chat.v2"),
            "OPEN\r\n".getBytes(StandardCharsets.US_ASCII))
        : TestOrigin.ECHO.on(ws, seen);
    WsClient client = new WsClient();
    client.socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
        .subprotocols("chat.v1", "chat.v2")
        .buildAsync(server.ws("/ws"), client).get(5, TimeUnit.SECONDS);

    assertThat(server.origin.next().header("Sec-WebSocket-Protocol"))
        .isEqualTo("chat.v1, chat.v2");
    assertThat(client.socket.getSubprotocol()).isEqualTo("chat.v2");
    client.socket.sendClose(1000, "");
    client.awaitClose();
  }

  @Test
  void clientCloseReachesTheOriginAsCloseWithItsCode() throws Exception {
    WsClient client = WsClient.connect(server.ws("/ws"));
    server.origin.next();

    client.socket.sendClose(4001, "bye");

    assertThat(server.origin.nextWithEvents().events())
        .containsExactly(new WebSocketEvent.Close(4001, "bye"));
    assertThat(client.awaitClose().code()).isEqualTo(4001);
  }

  @Test
  void clientDisconnectReachesTheOriginAsDisconnect() throws Exception {
    WsClient client = WsClient.connect(server.ws("/ws"));
    server.origin.next();

    client.socket.abort();

    assertThat(server.origin.nextWithEvents().events())
        .containsExactly(new WebSocketEvent.Disconnect());
  }

  @Test
  void originDisconnectDropsTheClient() throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
      } else {
        ws.disconnect();
      }
      return null;
    };
    WsClient client = WsClient.connect(server.ws("/ws"));
    client.socket.sendText("go", true);

    await().atMost(5, TimeUnit.SECONDS).until(client.closed::isDone);
    assertThat(client.closed.isCompletedExceptionally()
        || client.closed.get().code() == 1006).isTrue();
  }

  @ParameterizedTest(name = "origin answering {0} closes the client with 1011")
  @ValueSource(strings = {"500", "text/plain", "malformed body"})
  void failedOriginAnswerClosesTheClientWith1011(String fault) throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
        return null;
      }
      switch (fault) {
        case "500":
          return TestOrigin.raw(500, "text/plain", "boom");
        case "text/plain":
          return TestOrigin.raw(200, "text/plain", "TEXT 3\r\nm:x\r\n");
        default:
          return TestOrigin.raw(200, "application/websocket-events", "BOGUS\r\n");
      }
    };
    WsClient client = WsClient.connect(server.ws("/ws"));
    client.socket.sendText("anything", true);

    assertThat(client.awaitClose().code()).isEqualTo(1011);
  }

  @Test
  void noConnectionStateRemainsAfterAllClientsClose() throws Exception {
    server.origin.script = (ws, seen) -> {
      if (ws.isOpening()) {
        ws.accept();
        ws.subscribe("shared");
        ws.subscribe("own-" + ws.connectionId());
        ws.keepAlive("{}", Duration.ofSeconds(30));
        ws.keepAliveInterval(Duration.ofSeconds(30));
      }
      return TestOrigin.ECHO.on(ws, seen);
    };
    WsClient closing = WsClient.connect(server.ws("/ws"));
    WsClient aborting = WsClient.connect(server.ws("/ws"));
    WsClient published = WsClient.connect(server.ws("/ws"));
    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.connections.size() == 3
        && server.proxy.channels.subscribers("shared").size() == 3);
    assertThat(server.proxy.channels.channelCount()).isEqualTo(4);

    closing.socket.sendClose(1000, "");
    aborting.socket.abort();
    server.publish("{\"items\":[{\"channel\":\"shared\",\"formats\":{\"ws-message\":"
        + "{\"action\":\"close\"}}}]}");
    published.awaitClose();

    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.connections.isEmpty());
    assertThat(server.proxy.channels.channelCount()).isZero();
    assertThat(server.proxy.timers.getQueue()).isEmpty();
  }
}
