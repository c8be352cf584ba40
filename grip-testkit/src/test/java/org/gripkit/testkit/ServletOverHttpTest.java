package org.gripkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.gripkit.WebSocketContext;
import org.gripkit.servlet.Grip;
import org.gripkit.servlet.GripFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample chat handler behind grip-servlet's {@link GripFilter} on a real embedded Jetty 12,
 * driven over HTTP: what an application's integration test looks like. The filter is set up
 * with the recorder's GRIP URL and requires a signature, so only requests signed with the
 * kit's test key get through.
 */
class ServletOverHttpTest {
  private static Server server;
  private static ServerConnector connector;
  private static GripPublisher publisher;

  @RegisterExtension
  static final GripTestKit kit = GripTestKit.forEndpoint(() -> uri("/chat?room=ignored"));

  /** What any servlet does with the context GripFilter made: hands it to the handler. */
  static final class ChatServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient ChatHandler handler;

    ChatServlet(ChatHandler handler) {
      this.handler = handler;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) {
      WebSocketContext ws = Grip.webSocket(request);
      if (ws == null) {
        response.setStatus(415);
        return;
      }
      handler.handle(ws);
    }
  }

  /** The BH-07 mistake: a WebSocket-over-HTTP answer written through getWriter(). */
  static final class WriterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/websocket-events");
      response.setCharacterEncoding("UTF-8");
      response.getWriter().write("OPEN\r\n");
    }
  }

  @BeforeAll
  static void start(PublishRecorder recorder) throws Exception {
    publisher = GripPublisher.builder(recorder.config()).build();
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new GripFilter(GripFilter.Settings.of(
        recorder.config().toBuilder().requireSignature().build())));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    context.addServlet(new ServletHolder(new ChatServlet(new ChatHandler(publisher))), "/chat");
    context.addServlet(new ServletHolder(new WriterServlet()), "/writer");
    server.setHandler(context);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    publisher.close();
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
  }

  @Test
  void aSignedOpenIsAcceptedWithTheExactContentType(WebSocketDriver driver) {
    WebSocketReply open = driver.connect().open()
        .assertAccepted()
        .assertKeepAlive("{}", Duration.ofSeconds(20))
        .assertKeepAliveInterval(Duration.ofSeconds(20))
        .assertTexts("welcome: /nick <name>, then /join <room>");
    assertThat(open.header("Content-Type")).isEqualTo("application/websocket-events");
    assertThat(open.hasGripExtension()).isTrue();
  }

  @Test
  void metaGoesThroughJettyAndComesBack(WebSocketDriver driver) {
    WebSocketDriver.Connection alice = driver.connect();
    alice.open();
    alice.sendText("/nick alice").assertMetaSet("user", "alice");
    alice.sendText("/join alpha").assertSubscribed("room-alpha").assertMetaSet("room", "alpha");
    alice.sendText("/join beta").assertUnsubscribed("room-alpha").assertSubscribed("room-beta");
  }

  @Test
  void aMessageIsPublishedFromTheServletToTheRecorder(WebSocketDriver driver,
      PublishRecorder recorder) {
    WebSocketDriver.Connection bob = driver.connect();
    bob.open();
    bob.sendText("/nick bob");
    bob.sendText("/join gamma");
    int before = recorder.items().size();

    bob.sendText("hello from jetty").assertNoMessages();

    assertThat(recorder.items().subList(before, recorder.items().size()))
        .extracting(RecordedItem::toPublishItem)
        .containsExactly(PublishItem.of("room-gamma",
            PublishFormat.WsMessage.text("bob: hello from jetty")));
  }

  @Test
  void pingsAndClosesRoundTrip(WebSocketDriver driver) {
    WebSocketDriver.Connection carol = driver.connect();
    carol.open();
    assertThat(carol.ping("p".getBytes(UTF_8)).pongs()).containsExactly("p".getBytes(UTF_8));
    carol.sendBinary(new byte[] {1}).assertClosed(1003, "text only");
    carol.close(1003).assertOk();
  }

  @Test
  void anUnsignedOrExpiredRequestIsRefusedByTheFilter() {
    WebSocketDriver.builder(uri("/chat")).unsigned().build().connect().open().assertRejected(403);
    WebSocketReply expired = WebSocketDriver.builder(uri("/chat"))
        .header("Grip-Sig", Fixtures.text("sig/BH-14-expired.jwt"))
        .build().connect().open().assertRejected(403);
    assertThat(expired.bodyText()).isEqualTo("{\"error\":\"missing or invalid Grip-Sig\"}");
    WebSocketDriver.builder(uri("/chat")).signWith("pushpin", "not-the-key").build().connect()
        .open().assertRejected(403);
  }

  @Test
  void aMalformedBodyIsA400FromTheFilter(WebSocketDriver driver) {
    WebSocketDriver.Connection connection = driver.connect();
    connection.open();
    WebSocketReply reply = connection.sendBody(Fixtures.bytes("ws/BH-05-close-one-byte.request"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.bodyText()).isEqualTo(
        "{\"error\":\"close content of 1 byte (a status code takes 2) at offset 9\"}");
    assertThatThrownBy(reply::assertOk).hasMessageStartingWith(
        "Pushpin would not take this answer: status 400, not 200");
  }

  @Test
  void anAnswerWrittenThroughGetWriterIsCaught() {
    WebSocketReply reply = WebSocketDriver.of(uri("/writer")).connect().open();
    assertThat(reply.header("Content-Type")).isEqualTo("application/websocket-events;charset=utf-8");
    assertThatThrownBy(reply::assertAccepted)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Content-Type \"application/websocket-events;charset=utf-8\", not"
            + " exactly \"application/websocket-events\"")
        .hasMessageContaining("never getWriter() or setCharacterEncoding()");
  }
}
