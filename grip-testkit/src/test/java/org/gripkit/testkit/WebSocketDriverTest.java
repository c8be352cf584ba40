package org.gripkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gripkit.GripConfig;
import org.gripkit.GripKey;
import org.gripkit.GripSigVerifier;
import org.gripkit.WebSocketEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver itself: the requests it sends (byte-exact, on a bare socket) and how it reads
 * answers, good and bad.
 */
class WebSocketDriverTest {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/websocket-events";
  private static final String OK_GRIP = OK + "\r\nSec-WebSocket-Extensions: grip";
  private static final WebSocketHandler ECHO = ws -> {
    if (ws.isOpening()) {
      ws.accept();
    }
    for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
      if (e instanceof WebSocketEvent.Text t) {
        ws.send("echo: " + t.content());
      }
    }
  };

  private RawOrigin origin;
  private WebSocketDriver driver;

  @BeforeEach
  void start() throws Exception {
    origin = new RawOrigin();
    driver = WebSocketDriver.of(origin.uri("/ws?roomId=alpha"));
  }

  @AfterEach
  void stop() throws Exception {
    origin.close();
  }

  /** A TEXT event with its size, as the origin would write it. */
  private static String text(String content) {
    return "TEXT " + Integer.toHexString(content.getBytes(UTF_8).length) + "\r\n" + content + "\r\n";
  }

  private static String decode(String segment) {
    return new String(Base64.getUrlDecoder().decode(segment), UTF_8);
  }

  // --- what goes out ---

  @Test
  void openIsAPostWithPushpinsHeadersInPushpinsOrder() throws Exception {
    origin.answer(OK_GRIP, "OPEN\r\n");
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
    WebSocketDriver.Connection connection = WebSocketDriver.builder(origin.uri("/ws?roomId=alpha"))
        .clock(clock)
        .header("Cookie", "session=s1")
        .build()
        .connect();

    connection.open().assertAccepted();

    RawOrigin.Request request = origin.take();
    assertThat(request.requestLine()).isEqualTo("POST /ws?roomId=alpha HTTP/1.1");
    // In-process they come in Pushpin's order; java.net.http sends them in an order of its own.
    assertThat(request.names()).contains("Sec-WebSocket-Extensions", "Grip-Sig",
        "Grip-Feature", "Accept", "Connection-Id", "Content-Type", "Cookie");
    assertThat(request.header("Cookie")).isEqualTo("session=s1");
    assertThat(request.header("Sec-WebSocket-Extensions")).isEqualTo("grip");
    assertThat(request.header("Grip-Feature")).isEqualTo("status, session, link:next,"
        + " filter:skip-self, filter:skip-users, filter:require-sub, filter:build-id,"
        + " filter:var-subst");
    assertThat(request.header("Accept")).isEqualTo("application/websocket-events");
    assertThat(request.header("Content-Type")).isEqualTo("application/websocket-events");
    assertThat(request.header("Connection-Id"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        .isEqualTo(connection.id());
    assertThat(request.header("Content-Length")).isEqualTo("6");
    assertThat(request.body()).isEqualTo("OPEN\r\n".getBytes(UTF_8));

    String[] sig = request.header("Grip-Sig").split("\\.");
    assertThat(decode(sig[0])).isEqualTo("{\"typ\":\"JWT\",\"alg\":\"HS256\"}");
    assertThat(decode(sig[1])).isEqualTo("{\"iss\":\"pushpin\",\"exp\":1700003600}");
    GripSigVerifier verifier = GripSigVerifier.builder(GripConfig.builder()
            .verifyKey(GripKey.sharedSecret("changeme".getBytes(UTF_8)))
            .verifyIssuer("pushpin")
            .build())
        .clock(clock)
        .build();
    assertThat(verifier.verify(request.header("Grip-Sig"))).isTrue();
  }

  @Test
  void everyRequestGetsAFreshSignatureAndTheSameConnectionId() throws Exception {
    origin.answer(OK_GRIP, "OPEN\r\n").answer(OK, "").answer(OK, "");
    WebSocketDriver.Connection connection = driver.connect("c-1");
    connection.open();
    connection.sendText("hi");
    connection.keepAlive().assertOk();
    RawOrigin.Request open = origin.take();
    RawOrigin.Request text = origin.take();
    RawOrigin.Request keepAlive = origin.take();
    assertThat(keepAlive.header("Content-Length")).isEqualTo("0");
    assertThat(keepAlive.header("Content-Type")).isEqualTo("application/websocket-events");
    assertThat(keepAlive.body()).isEmpty();
    assertThat(text.header("Connection-Id")).isEqualTo("c-1").isEqualTo(open.header("Connection-Id"));
    assertThat(text.header("Sec-WebSocket-Extensions")).isEqualTo("grip");
    assertThat(GripSigVerifier.of(GripConfig.parse("http://x/?iss=pushpin&key=changeme"))
        .verify(text.header("Grip-Sig"))).isTrue();
    assertThat(text.body()).isEqualTo("TEXT 2\r\nhi\r\n".getBytes(UTF_8));
  }

  @Test
  void metaSetByTheOriginComesBackSpelledAsTheOriginSetIt() throws Exception {
    origin.answer(OK_GRIP + "\r\nSet-Meta-User: alice\r\nset-meta-room: alpha", "OPEN\r\n")
        .answer(OK + "\r\nSet-Meta-User: ", "")
        .answer(OK, "");
    WebSocketDriver.Connection connection = driver.connect();

    connection.open().assertMetaSet("user", "alice").assertMetaSet("ROOM", "alpha");
    // java.net.http hands over response header names in lower case.
    assertThat(connection.meta()).isEqualTo(Map.of("user", "alice", "room", "alpha"));
    connection.sendText("one").assertMetaRemoved("user");
    assertThat(connection.meta()).isEqualTo(Map.of("room", "alpha"));
    connection.sendText("two");

    origin.take();
    RawOrigin.Request one = origin.take();
    RawOrigin.Request two = origin.take();
    assertThat(one.headers()).contains(Map.entry("Meta-user", "alice"), Map.entry("Meta-room", "alpha"));
    assertThat(two.names()).contains("Meta-room").doesNotContain("Meta-user");
  }

  @Test
  void unsignedDriverSendsNoGripSigAndAFixedOneReplacesTheDrivers() throws Exception {
    origin.answer("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain", "no")
        .answer("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain", "no");
    WebSocketDriver.builder(origin.uri("/ws")).unsigned().build().connect().open();
    String expired = Fixtures.text("sig/BH-14-expired.jwt");
    WebSocketDriver.builder(origin.uri("/ws")).header("grip-sig", expired).build().connect().open();

    assertThat(origin.take().names()).doesNotContain("Grip-Sig");
    RawOrigin.Request fixed = origin.take();
    assertThat(fixed.names()).filteredOn(n -> n.equalsIgnoreCase("Grip-Sig")).containsExactly("grip-sig");
    assertThat(fixed.header("Grip-Sig")).isEqualTo(expired);
  }

  @Test
  void clientEventsAreFramedAsPushpinFramesThem() {
    WebSocketDriver.Connection c = WebSocketDriver.of(ECHO).connect();
    assertThat(c.open().requestBody()).isEqualTo("OPEN\r\n".getBytes(UTF_8));
    assertThat(c.sendText("").requestBody()).isEqualTo("TEXT\r\n".getBytes(UTF_8));
    assertThat(c.sendText("héllo 😀").requestBody()).isEqualTo("TEXT b\r\nhéllo 😀\r\n".getBytes(UTF_8));
    assertThat(c.sendText("x".repeat(15)).requestBody())
        .isEqualTo(("TEXT f\r\n" + "x".repeat(15) + "\r\n").getBytes(UTF_8));
    assertThat(c.sendBinary(new byte[0]).requestBody()).isEqualTo("BINARY\r\n".getBytes(UTF_8));
    assertThat(c.ping(new byte[] {7}).requestBody()).isEqualTo("PING 1\r\n\u0007\r\n".getBytes(UTF_8));
    assertThat(c.keepAlive().requestBody()).isEmpty();
    assertThat(c.close(4000, "ok").requestBody())
        .isEqualTo(new byte[] {'C', 'L', 'O', 'S', 'E', ' ', '4', '\r', '\n', 0x0f, (byte) 0xa0, 'o', 'k', '\r', '\n'});
    WebSocketDriver.Connection d = WebSocketDriver.of(ECHO).connect();
    d.open();
    assertThat(d.closeWithoutStatus().requestBody()).isEqualTo("CLOSE\r\n".getBytes(UTF_8));
    WebSocketDriver.Connection e = WebSocketDriver.of(ECHO).connect();
    e.open();
    assertThat(e.disconnect().requestBody()).isEqualTo("DISCONNECT\r\n".getBytes(UTF_8));
  }

  // --- how answers are read ---

  @Test
  void prefixesAreStrippedAndControlMessagesRead() throws Exception {
    origin.answer(OK_GRIP, "OPEN\r\nTEXT 2b\r\nc:{\"type\":\"subscribe\",\"channel\":\"room-abc\"}\r\n"
        + "TEXT 33\r\nc:{\"type\":\"keep-alive\",\"content\":\"{}\",\"timeout\":20}\r\n"
        + "TEXT 7\r\nm:hello\r\nBINARY 4\r\nm:\u0001\u0002\r\nPING 1\r\np\r\n");

    WebSocketReply reply = driver.connect().open();

    reply.assertAccepted()
        .assertSubscribed("room-abc")
        .assertKeepAlive("{}", Duration.ofSeconds(20))
        .assertTexts("hello")
        .assertBinaries(new byte[] {1, 2});
    assertThat(reply.hasGripExtension()).isTrue();
    assertThat(reply.controlMessages()).extracting(ControlMessage::type)
        .containsExactly("subscribe", "keep-alive");
    assertThat(reply.keepAliveMessage().fields())
        .containsExactly(Map.entry("type", "keep-alive"), Map.entry("content", "{}"),
            Map.entry("timeout", "20"));
    assertThat(reply.pings()).containsExactly(new byte[] {'p'});
  }

  @Test
  void withoutTheGripExtensionPrefixesReachTheClientAsText() throws Exception {
    origin.answer(OK, "OPEN\r\nTEXT 2b\r\nc:{\"type\":\"subscribe\",\"channel\":\"room-abc\"}\r\n"
        + "TEXT 4\r\nm:hi\r\nTEXT 2\r\nhi\r\n").answer(OK, "TEXT 2\r\nyo\r\n");
    WebSocketDriver.Connection connection = driver.connect();

    WebSocketReply open = connection.open().assertAccepted().assertSubscribed();
    assertThat(open.hasGripExtension()).isFalse();
    open.assertTexts("c:{\"type\":\"subscribe\",\"channel\":\"room-abc\"}", "m:hi", "hi");
    connection.sendText("x").assertTexts("yo");
  }

  @Test
  void aRejectionIsNotAFailureButEndsTheConnection() throws Exception {
    origin.answer("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain", "bad host code");
    WebSocketDriver.Connection connection = driver.connect("c-1");

    WebSocketReply reply = connection.open().assertRejected(401);

    assertThat(reply.failure()).isNull();
    assertThat(reply.isRejected()).isTrue();
    assertThat(reply.bodyText()).isEqualTo("bad host code");
    assertThatThrownBy(reply::assertAccepted)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("the connection was rejected with 401 \"bad host code\"\n"
            + "  request: OPEN on connection c-1\n"
            + "  answer:  401, ");
    assertThatThrownBy(() -> connection.sendText("hi"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection c-1 is closed: rejected with 401");
  }

  @Test
  void aCharsetInTheContentTypeFailsWithTheServletHint() throws Exception {
    origin.answer("HTTP/1.1 200 OK\r\nContent-Type: application/websocket-events; charset=utf-8"
        + "\r\nSec-WebSocket-Extensions: grip", "OPEN\r\n");
    WebSocketDriver.Connection connection = driver.connect("c-1");

    WebSocketReply reply = connection.open();

    assertThat(reply.failure()).isEqualTo("Content-Type \"application/websocket-events;"
        + " charset=utf-8\", not exactly \"application/websocket-events\": Pushpin gives the"
        + " client a plain HTTP 200 instead of a WebSocket (write the body with"
        + " getOutputStream(), never getWriter() or setCharacterEncoding())");
    assertThat(reply.isAccepted()).isFalse();
    assertThatThrownBy(reply::assertAccepted)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Pushpin would not take this answer: Content-Type");
    assertThatThrownBy(() -> connection.sendText("hi"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("connection c-1 is gone: Pushpin drops a connection after an"
            + " answer it cannot take (Content-Type");
  }

  @Test
  void answersPushpinWouldNotTakeAreFailures() throws Exception {
    String[][] cases = {
        {"HTTP/1.1 500 Server Error\r\nContent-Type: text/plain", "boom",
            "status 500, not 200: Pushpin fails the connection on any other status"},
        {"HTTP/1.1 204 No Content", "",
            "status 204, not 200: Pushpin fails the connection on any other status"},
        {"HTTP/1.1 200 OK", "", "no Content-Type, not exactly \"application/websocket-events\":"
            + " Pushpin fails the connection"},
        {OK, "TEXT 5\r\nhello\r\n", "event #1 (TEXT) \"hello\" has neither the m: nor the c:"
            + " prefix: Pushpin drops it without a word"},
        {OK, "BINARY 1\r\n\u0001\r\n", "event #1 (BINARY) \\x01 has no m: prefix: Pushpin drops it"
            + " without a word"},
        {OK, text("c:{\"type\":\"sbuscribe\"}"), "event #1 (TEXT) control message"
            + " {\"type\":\"sbuscribe\"} has an unknown type: Pushpin ignores it without a word"},
        {OK, text("c:{\"type\":\"subscribe\"}"), "event #1 (TEXT) control message"
            + " {\"type\":\"subscribe\"} has no channel: Pushpin ignores it without a word"},
        {OK, text("c:{} {}"), "event #1 (TEXT) control message {} {} is not a JSON"
            + " object: Pushpin ignores it without a word"},
        {OK, text("c:{\"type\":\"set-meta\",\"value\":\"b\"}"),
            "event #1 (TEXT) control message {\"type\":\"set-meta\",\"value\":\"b\"} is"
            + " set-meta without a name: Pushpin ignores it without a word"},
        {OK, "OPEN\r\n", "event #1 (OPEN): OPEN in an answer to a request that is not OPEN makes"
            + " Pushpin drop the connection"},
        {OK, "CLOSE\r\nTEXT 4\r\nm:hi\r\n", "event #2 (TEXT) comes after CLOSE: nothing can be"
            + " sent on a closed connection"},
        {OK, "TEXT 9\r\nm:hi\r\n", "the body is not WebSocket-over-HTTP: event size 9 exceeds the"
            + " 6 bytes left in the body at offset 8"},
        {OK + "\r\nKeep-Alive-Interval: soon", "",
            "Keep-Alive-Interval \"soon\" is not a positive number of seconds"},
    };
    for (String[] c : cases) {
      origin.answer(OK_GRIP, "OPEN\r\n").answer(c[0], c[1]);
      WebSocketDriver.Connection connection = driver.connect();
      connection.open().assertAccepted();
      WebSocketReply reply = connection.sendText("hi");
      assertThat(reply.failure()).as(c[0] + " / " + c[1]).isEqualTo(c[2]);
      assertThatThrownBy(reply::assertOk).isInstanceOf(AssertionError.class)
          .hasMessageStartingWith("Pushpin would not take this answer: " + c[2]);
      assertThat(connection.isOpen()).isFalse();
    }
  }

  @Test
  void theAnswerToOpenMustStartWithOpen() throws Exception {
    origin.answer(OK_GRIP, "TEXT 4\r\nm:hi\r\n");
    assertThat(driver.connect().open().failure()).isEqualTo(
        "the answer to OPEN does not start with OPEN, which accepts the connection");
  }

  @Test
  void anUnreachableEndpointFailsTheCall() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    WebSocketDriver.Connection connection =
        WebSocketDriver.of(URI.create("http://127.0.0.1:" + port + "/ws")).connect("c-1");
    assertThatThrownBy(connection::open)
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("no answer from http://127.0.0.1:" + port + "/ws to OPEN on"
            + " connection c-1: java.net.ConnectException");
  }

  // --- in-process ---

  @Test
  void assertionMessagesSayWhatWasExpectedWhatCameAndToWhat() {
    WebSocketDriver.Connection connection = WebSocketDriver.of(ECHO).connect("c-1");
    connection.open();
    WebSocketReply reply = connection.sendText("hi");
    assertThatThrownBy(() -> reply.assertTexts("hello"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected text messages [hello], but got [echo: hi]\n"
            + "  request: TEXT \"hi\" on connection c-1\n"
            + "  answer:  200, Content-Type: application/websocket-events,"
            + " body \"TEXT a\\r\\nm:echo: hi\\r\\n\"");
    assertThatThrownBy(() -> reply.assertClosed(1000))
        .hasMessageStartingWith("expected a CLOSE with code 1000, but there is none\n");
    assertThatThrownBy(() -> reply.assertMetaSet("user", "alice"))
        .hasMessageStartingWith("expected meta user set to \"alice\", but the meta changes are {}");
    assertThatThrownBy(() -> reply.assertAccepted())
        .hasMessageStartingWith("assertAccepted() on the answer to a request that is not OPEN");
  }

  @Test
  void severalEventsInOneRequestAreAnsweredInOrder() {
    // BH-04: the app reads until nothing is left and sends "echo" after "hello".
    WebSocketDriver.Connection connection = WebSocketDriver.of(ws -> {
      if (ws.isOpening()) {
        ws.accept();
      }
      while (ws.receive() != null) {
        ws.send("echo");
      }
    }).connect();
    connection.open();
    WebSocketReply reply = connection.send(new WebSocketEvent.Ping("ping1".getBytes(UTF_8)),
        new WebSocketEvent.Pong(new byte[0]), new WebSocketEvent.Text("hello"),
        new WebSocketEvent.Ping("ping2".getBytes(UTF_8)));
    assertThat(reply.requestBody()).isEqualTo(Fixtures.bytes("ws/BH-04-pings.request"));
    assertThat(reply.body()).isEqualTo(Fixtures.bytes("ws/BH-04-pings-echo.response"));
    reply.assertTexts("echo");
    assertThat(reply.pongs()).containsExactly("ping1".getBytes(UTF_8), "ping2".getBytes(UTF_8));
  }

  @Test
  void aHandlerThatThrowsFailsTheCallWithItsException() {
    IllegalStateException bug = new IllegalStateException("no database");
    WebSocketDriver.Connection connection = WebSocketDriver.of(ws -> {
      throw bug;
    }).connect("c-1");
    assertThatThrownBy(connection::open)
        .isInstanceOf(AssertionError.class)
        .hasMessage("the handler threw on OPEN on connection c-1:"
            + " java.lang.IllegalStateException: no database (behind a servlet, Pushpin would"
            + " get a 500 and drop the connection)")
        .hasCause(bug);
    assertThatThrownBy(() -> connection.sendText("hi"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("connection c-1 is gone");
  }

  @Test
  void anUnacceptedOpenIsRejectedWith403ByTheContext() {
    WebSocketReply reply = WebSocketDriver.of(ws -> { }).connect().open();
    reply.assertRejected(403);
    assertThat(reply.bodyText()).isEqualTo("connection not accepted");
  }

  @Test
  void requestsPushpinWouldNeverSendAreRefused() {
    WebSocketDriver.Connection connection = WebSocketDriver.of(ECHO).connect("c-1");
    assertThatThrownBy(() -> connection.sendText("early"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection c-1 is not open: call open() first (Pushpin sends OPEN first)");
    connection.open();
    assertThatThrownBy(connection::open)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection c-1 was already opened");
    assertThatThrownBy(() -> connection.send(new WebSocketEvent.Open()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("OPEN is sent by open()");
    connection.disconnect().assertOk();
    assertThatThrownBy(connection::keepAlive)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection c-1 is closed: the client closed it");
  }

  @Test
  void aMalformedBodyGets400InProcessAsGripFilterAnswers() {
    WebSocketDriver.Connection connection = WebSocketDriver.of(ECHO).connect();
    connection.open();
    WebSocketReply reply = connection.sendBody(Fixtures.bytes("ws/BH-05-close-one-byte.request"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.bodyText()).isEqualTo("close content of 1 byte (a status code takes 2) at offset 9");
    assertThat(reply.failure()).startsWith("status 400, not 200");
  }

  @Test
  void aHandlerDisconnectEndsTheConnection() {
    WebSocketDriver.Connection connection = WebSocketDriver.of(ws -> {
      if (ws.isOpening()) {
        ws.accept();
      } else {
        ws.disconnect();
      }
    }).connect("c-1");
    connection.open();
    connection.sendText("bye").assertDisconnected();
    assertThatThrownBy(() -> connection.close(1000))
        .hasMessage("connection c-1 is closed: the handler sent DISCONNECT");
  }

  @Test
  void inProcessTheHandlerSeesTheMetaAndTheConnectionId() {
    List<String> seen = new java.util.ArrayList<>();
    WebSocketDriver.Connection connection = WebSocketDriver.of(ws -> {
      seen.add(ws.connectionId() + " " + ws.meta());
      if (ws.isOpening()) {
        ws.accept();
        ws.setMeta("User", "alice");
      }
    }).connect("c-7");
    connection.open();
    connection.keepAlive().assertOk().assertNoMessages();
    assertThat(seen).containsExactly("c-7 {}", "c-7 {user=alice}");
  }
}
