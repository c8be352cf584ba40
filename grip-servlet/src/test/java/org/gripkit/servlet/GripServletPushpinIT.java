package org.gripkit.servlet;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gripkit.GripConfig;
import org.gripkit.GripInstruct;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.gripkit.testing.TestWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Servlets behind {@link GripFilter} on embedded Jetty, with a real Pushpin in front and real
 * clients: a WebSocket and a Server-Sent Events stream.
 */
@RequiresPushpin
class GripServletPushpinIT {
  private static final String KEY = "servlet-it-key";
  private static TestServer app;
  private static PushpinProcess pushpin;
  /** HTTP/1.1: the JDK's default h2c upgrade headers would pass through Pushpin to Jetty. */
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final List<String> proxiedFlags = new CopyOnWriteArrayList<>();

  /** Accepts, subscribes to "news", echoes each text. */
  static final class EchoServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
      proxiedFlags.add(String.valueOf(Grip.isProxied(req)));
      WebSocketContext ws = Grip.webSocket(req);
      if (ws.isOpening()) {
        ws.accept();
        ws.subscribe("news");
      }
      for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
        if (e instanceof WebSocketEvent.Text t) {
          ws.send("echo: " + t.content());
        }
      }
    }
  }

  /** Holds an SSE stream on channel "feed". */
  static final class StreamServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/event-stream");
      Grip.hold(resp, GripInstruct.holdStream("feed")
          .keepAlive(":\n\n", Duration.ofSeconds(20))
          .body("data: hello\n\n")
          .build());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    GripConfig config = GripConfig.builder()
        .verifyKey(KEY).verifyIssuer("pushpin").requireSignature().build();
    app = new TestServer()
        .filter(new GripFilter(GripFilter.Settings.of(config)), "/*")
        .servlet(new EchoServlet(), "/ws")
        .servlet(new StreamServlet(), "/stream")
        .start();
    pushpin = PushpinProcess.builder().overHttpRoute(app.port()).sigKey(KEY).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pushpin != null) {
      pushpin.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void servletBehindTheFilterAcceptsEchoesAndReceivesAPublish() throws Exception {
    try (TestWebSocket socket = TestWebSocket.connect(pushpin.wsUri("/ws"))) {
      socket.send("héllo 😀");
      // Pushpin 1.36 may forward an empty TEXT right after the handshake; it is echoed too.
      String echo = socket.nextText(Duration.ofSeconds(10));
      if ("echo: ".equals(echo)) {
        echo = socket.nextText(Duration.ofSeconds(10));
      }
      assertThat(echo).isEqualTo("echo: héllo 😀");
      assertThat(proxiedFlags).isNotEmpty().allMatch("true"::equals);

      // Pushpin may take a moment to activate the subscription: publish until it arrives.
      String body = "{\"items\":[{\"channel\":\"news\",\"formats\":"
          + "{\"ws-message\":{\"content\":\"breaking\"}}}]}";
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
        pushpin.publish(body);
        return "breaking".equals(socket.nextText(Duration.ofMillis(100)));
      });
    }
  }

  @Test
  void streamHeldWithGripHoldReceivesAnHttpStreamPublish() throws Exception {
    HttpResponse<InputStream> response = http.send(
        HttpRequest.newBuilder(pushpin.httpUri("/stream")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("data: hello");
      assertThat(lines.readLine()).isEmpty();
      String body = "{\"items\":[{\"channel\":\"feed\",\"formats\":"
          + "{\"http-stream\":{\"content\":\"data: published\\n\\n\"}}}]}";
      Thread publisher = new Thread(() -> {
        for (int i = 0; i < 50 && !Thread.currentThread().isInterrupted(); i++) {
          try {
            pushpin.publish(body);
            Thread.sleep(200);
          } catch (InterruptedException e) {
            return;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      });
      publisher.start();
      try {
        assertThat(lines.readLine()).isEqualTo("data: published");
      } finally {
        publisher.interrupt();
      }
    }
  }

  @Test
  void requestSentStraightToTheOriginWithoutGripSigIsRefused() throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(app.uri("/ws"))
            .header("Content-Type", "application/websocket-events")
            .header("Connection-Id", "forged")
            .header("Meta-Role", "host")
            .POST(HttpRequest.BodyPublishers.ofString("OPEN\r\n")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
  }
}
