package org.gripkit.devproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gripkit.WebSocketEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketProxyTest {
  static ProxyServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ProxyServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.origin.reset();
  }

  @Test
  void openIsPostedToTheSameOriginWithPushpinsHeaders() throws Exception {
    WsClient client = WsClient.connect(server.ws("/ws?roomId=alpha"),
        Map.of("Cookie", "session=abc", "Origin", "http://example.test"));
    TestOrigin.Seen open = server.origin.next();

    assertThat(open.uri()).isEqualTo("/app/ws?roomId=alpha");
    assertThat(open.events()).containsExactly(new WebSocketEvent.Open());
    assertThat(open.header("Content-Type")).isEqualTo("application/websocket-events");
    assertThat(open.header("Accept")).isEqualTo("application/websocket-events");
    assertThat(open.header("Sec-WebSocket-Extensions")).isEqualTo("grip");
    assertThat(open.header("Connection-Id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(open.header("Cookie")).isEqualTo("session=abc");
    assertThat(open.header("Origin")).isEqualTo("http://example.test");
    assertThat(open.header("User-Agent")).startsWith("Java-http-client");
    assertThat(open.header("Upgrade")).isNull();
    assertThat(open.header("Sec-WebSocket-Key")).isNull();
    client.socket.sendText("hello", true);
    assertThat(client.next()).isEqualTo("hello");
  }
}
