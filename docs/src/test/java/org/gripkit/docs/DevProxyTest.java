package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.gripkit.WebSocketEvent;
import org.gripkit.testing.TestWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The getting-started page's DevEchoApp on embedded Jetty with the Jakarta WebSocket server:
 * a real WebSocket client, the embedded proxy, GripFilter, EchoServlet and a publish.
 */
class DevProxyTest {
  private static Server server;
  private static ServletContextHandler context;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context = new ServletContextHandler("/");
    context.addEventListener(new DevEchoApp());
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void browserStyleWebSocketIsEchoedAndReceivesPublishes() throws Exception {
    try (TestWebSocket socket = TestWebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/ws/echo"));
        GripPublisher publisher = DevPublish.publisher(context.getServletContext(), port)) {
      socket.send("hello");
      assertThat(socket.nextText(Duration.ofSeconds(10))).isEqualTo("echo: hello");

      PublishItem item = PublishItem.of("news", PublishFormat.WsMessage.text("extra!"));
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        publisher.publish(item);
        return "extra!".equals(socket.nextText(Duration.ofMillis(200)));
      });
    }
  }

  @Test
  void requestStraightToTheAppWithoutTheProxysSignatureIsRefused() throws Exception {
    assertThat(Wire.post(URI.create("http://127.0.0.1:" + port + "/ws/echo"), "forged",
        List.<WebSocketEvent>of(Wire.open())).statusCode()).isEqualTo(403);
  }
}
