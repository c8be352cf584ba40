package org.gripkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gripkit.GripConfig;
import org.gripkit.GripInstruct;
import org.gripkit.GripKey;
import org.gripkit.GripLast;
import org.gripkit.GripPublisher;
import org.gripkit.GripSigVerifier;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.gripkit.WebSocketResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agreement check: every golden fixture the kit ships is run through grip-core (codec,
 * context, instructions, Grip-Last, publisher, verifier) and through the kit's own driver,
 * recorder and JWT code, and each must give exactly the fixture's bytes. So the kit, the
 * library and the fixtures can never disagree; a fixture added to the index without a check
 * here fails {@link #everyFixtureHasACheckAndEveryCheckAFixture()}.
 */
class GoldenFixturesTest {
  private static final Map<String, List<String>> HEADERS = Map.of(
      "Connection-Id", List.of("c-1"), "Content-Type", List.of("application/websocket-events"));

  private static PublishRecorder recorder;
  private static GripPublisher publisher;

  @BeforeAll
  static void start() {
    recorder = PublishRecorder.start();
    publisher = GripPublisher.builder(recorder.config()).build();
  }

  @AfterAll
  static void stop() {
    publisher.close();
    recorder.close();
  }

  private static byte[] fixture(String name) {
    return Fixtures.bytes(name);
  }

  private static WebSocketContext context(String name) throws WebSocketProtocolException {
    return WebSocketContext.fromRequest(HEADERS, fixture(name));
  }

  /** An answer built by grip-core's context, compared byte for byte with a response fixture. */
  private interface Actions {
    void on(WebSocketContext ws) throws Exception;
  }

  private static void answers(String request, String response, Actions actions) throws Exception {
    WebSocketContext ws = context(request);
    actions.on(ws);
    assertThat(Wire.show(ws.response().body())).as(response).isEqualTo(Wire.show(fixture(response)));
    assertThat(ws.response().body()).isEqualTo(fixture(response));
  }

  /**
   * The same answer through the kit's driver, on a connection opened (with the grip extension)
   * beforehand: the driver reads back what grip-core wrote.
   */
  private static WebSocketReply driven(String request, Actions actions) {
    WebSocketDriver.Connection connection = WebSocketDriver.of(ws -> {
      if (ws.isOpening()) {
        ws.accept();
      } else {
        actions.on(ws);
      }
    }).connect();
    connection.open().assertAccepted();
    return connection.sendBody(fixture(request));
  }

  private static final WebSocketHandler ACCEPT = ws -> {
    if (ws.isOpening()) {
      ws.accept();
    }
  };

  private static final Actions READ_ALL_AND_ECHO = ws -> {
    while (ws.receive() != null) {
      ws.send("echo");
    }
  };

  private static final Actions BH_09 = ws -> {
    ws.accept();
    ws.subscribe("room-abc");
    ws.keepAlive("{}", Duration.ofSeconds(20));
    ws.send("hello");
    ws.send(new byte[] {1, 2});
  };

  private interface Check {
    void run() throws Exception;
  }

  /** Fixture name to its check; every name of the index must be here, and nothing else. */
  private static final Map<String, Check> CHECKS = new LinkedHashMap<>();

  private static void check(String name, Check check) {
    CHECKS.put(name, check);
  }

  static {
    // --- BH-01 ---
    check("ws/BH-01-encode.response", () -> assertThat(
        WebSocketEvents.encode(List.of(new WebSocketEvent.Text("héllo 😀"))))
        .isEqualTo(fixture("ws/BH-01-encode.response")));
    check("ws/BH-01-decode.request", () -> {
      assertThat(WebSocketEvents.decode(fixture("ws/BH-01-decode.request"))).containsExactly(
          new WebSocketEvent.Text("héllo 😀"), new WebSocketEvent.Text("ok"));
      WebSocketDriver.Connection c = WebSocketDriver.of(ACCEPT).connect();
      c.open();
      assertThat(c.send(new WebSocketEvent.Text("héllo 😀"), new WebSocketEvent.Text("ok"))
          .requestBody()).isEqualTo(fixture("ws/BH-01-decode.request"));
    });
    check("ws/BH-01-decode-cjk.request", () -> {
      assertThat(WebSocketEvents.decode(fixture("ws/BH-01-decode-cjk.request")))
          .containsExactly(new WebSocketEvent.Text("日本語"));
      assertThat(Wire.encode(List.of(new WebSocketEvent.Text("日本語"))))
          .isEqualTo(fixture("ws/BH-01-decode-cjk.request"));
    });
    // --- BH-02 ---
    check("ws/BH-02-encode-empty.response", () -> assertThat(
        WebSocketEvents.encode(List.of(new WebSocketEvent.Text(""))))
        .isEqualTo(fixture("ws/BH-02-encode-empty.response")));
    check("ws/BH-02-decode-empty.request", () -> {
      assertThat(WebSocketEvents.decode(fixture("ws/BH-02-decode-empty.request"))).containsExactly(
          new WebSocketEvent.Text(""), new WebSocketEvent.Text(""),
          new WebSocketEvent.Binary(new byte[0]), new WebSocketEvent.Open());
      WebSocketContext ws = context("ws/BH-02-decode-empty.request");
      assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Text(""));
      assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Text(""));
      assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Binary(new byte[0]));
      assertThat(ws.receive()).isNull();
    });
    // --- BH-04 ---
    check("ws/BH-04-pings.request", () -> {
      WebSocketDriver.Connection c = WebSocketDriver.of(ACCEPT).connect();
      c.open();
      assertThat(c.send(new WebSocketEvent.Ping("ping1".getBytes(UTF_8)),
              new WebSocketEvent.Pong(new byte[0]), new WebSocketEvent.Text("hello"),
              new WebSocketEvent.Ping("ping2".getBytes(UTF_8))).requestBody())
          .isEqualTo(fixture("ws/BH-04-pings.request"));
    });
    check("ws/BH-04-pings-echo.response", () -> {
      answers("ws/BH-04-pings.request", "ws/BH-04-pings-echo.response", READ_ALL_AND_ECHO);
      WebSocketReply reply = driven("ws/BH-04-pings.request", READ_ALL_AND_ECHO).assertTexts("echo");
      assertThat(reply.pongs()).containsExactly("ping1".getBytes(UTF_8), "ping2".getBytes(UTF_8));
    });
    check("ws/BH-04-pings-unread.response", () -> {
      answers("ws/BH-04-pings.request", "ws/BH-04-pings-unread.response", ws -> { });
      assertThat(driven("ws/BH-04-pings.request", ws -> { }).assertNoMessages().pongs())
          .hasSize(2);
    });
    // --- BH-05 ---
    check("ws/BH-05-close-1000.request", () -> {
      assertThat(context("ws/BH-05-close-1000.request").receive())
          .isEqualTo(new WebSocketEvent.Close(1000));
      assertThat(clientClose(c -> c.close(1000))).isEqualTo(fixture("ws/BH-05-close-1000.request"));
    });
    check("ws/BH-05-close-1001-bye.request", () -> {
      assertThat(context("ws/BH-05-close-1001-bye.request").receive())
          .isEqualTo(new WebSocketEvent.Close(1001, "bye"));
      assertThat(clientClose(c -> c.close(1001, "bye")))
          .isEqualTo(fixture("ws/BH-05-close-1001-bye.request"));
    });
    check("ws/BH-05-close-no-code.request", () -> {
      WebSocketEvent close = context("ws/BH-05-close-no-code.request").receive();
      assertThat(close).isEqualTo(WebSocketEvent.Close.withoutCode());
      assertThat(((WebSocketEvent.Close) close).code()).isEqualTo(1005);
      assertThat(clientClose(WebSocketDriver.Connection::closeWithoutStatus))
          .isEqualTo(fixture("ws/BH-05-close-no-code.request"));
    });
    check("ws/BH-05-close-one-byte.request", () -> {
      assertThatThrownBy(() -> WebSocketEvents.decode(fixture("ws/BH-05-close-one-byte.request")))
          .isInstanceOf(WebSocketProtocolException.class)
          .hasMessage("close content of 1 byte (a status code takes 2) at offset 9");
      assertThat(driven("ws/BH-05-close-one-byte.request", ws -> { }).status()).isEqualTo(400);
    });
    check("ws/BH-05-close-1000.response", () -> answers(
        "ws/BH-11-message.request", "ws/BH-05-close-1000.response", ws -> ws.close()));
    check("ws/BH-05-close-4001-bye.response", () -> {
      answers("ws/BH-11-message.request", "ws/BH-05-close-4001-bye.response",
          ws -> ws.close(4001, "bye"));
      driven("ws/BH-11-message.request", ws -> ws.close(4001, "bye")).assertClosed(4001, "bye");
    });
    check("ws/BH-05-close-1001-echo.response", () -> {
      answers("ws/BH-05-close-1001-bye.request", "ws/BH-05-close-1001-echo.response", ws -> { });
      driven("ws/BH-05-close-1001-bye.request", ws -> { }).assertClosed(1001, "");
    });
    check("ws/BH-05-close-no-code-echo.response", () -> {
      answers("ws/BH-05-close-no-code.request", "ws/BH-05-close-no-code-echo.response", ws -> { });
      assertThat(driven("ws/BH-05-close-no-code.request", ws -> { }).closeEvent())
          .isEqualTo(WebSocketEvent.Close.withoutCode());
    });
    // --- BH-09 ---
    check("ws/BH-09-open.request", () -> {
      assertThat(context("ws/BH-09-open.request").isOpening()).isTrue();
      assertThat(WebSocketDriver.of(ACCEPT).connect().open().requestBody())
          .isEqualTo(fixture("ws/BH-09-open.request"));
    });
    check("ws/BH-09-accept.response", () -> {
      answers("ws/BH-09-open.request", "ws/BH-09-accept.response", BH_09);
      WebSocketReply reply = WebSocketDriver.of(BH_09::on).connect().open();
      assertThat(reply.body()).isEqualTo(fixture("ws/BH-09-accept.response"));
      reply.assertAccepted()
          .assertSubscribed("room-abc")
          .assertKeepAlive("{}", Duration.ofSeconds(20))
          .assertTexts("hello")
          .assertBinaries(new byte[] {1, 2});
    });
    check("ws/BH-09-accept.response-headers", () -> {
      WebSocketContext ws = context("ws/BH-09-open.request");
      BH_09.on(ws);
      WebSocketResponse response = ws.response();
      assertThat(new ArrayList<>(response.headers().entrySet()))
          .isEqualTo(Fixtures.headers("ws/BH-09-accept.response-headers"));
    });
    // --- BH-11 ---
    check("ws/BH-11-message.request", () -> {
      assertThat(context("ws/BH-11-message.request").receive())
          .isEqualTo(new WebSocketEvent.Text("hi"));
      WebSocketDriver.Connection c = WebSocketDriver.of(ACCEPT).connect();
      c.open();
      assertThat(c.sendText("hi").requestBody()).isEqualTo(fixture("ws/BH-11-message.request"));
    });
    check("ws/BH-11-subscribe-escaped.response", () -> {
      answers("ws/BH-11-message.request", "ws/BH-11-subscribe-escaped.response",
          ws -> ws.subscribe("room-\"x\\y"));
      driven("ws/BH-11-message.request", ws -> ws.subscribe("room-\"x\\y"))
          .assertSubscribed("room-\"x\\y");
    });
    check("ws/BH-11-subscribe-utf8.response", () -> {
      answers("ws/BH-11-message.request", "ws/BH-11-subscribe-utf8.response",
          ws -> ws.subscribe("sala-ñ"));
      driven("ws/BH-11-message.request", ws -> ws.subscribe("sala-ñ")).assertSubscribed("sala-ñ");
    });
    // --- BH-18 ---
    check("instruct/BH-18-grip-channel.headers", () -> assertThat(new ArrayList<>(
        GripInstruct.holdResponse(GripInstruct.Channel.of("apple"),
            GripInstruct.Channel.of("banana").withPrevId("1")).build().headers().entrySet()))
        .isEqualTo(Fixtures.headers("instruct/BH-18-grip-channel.headers")));
    check("instruct/BH-18-grip-last.request-headers", () -> {
      List<Map.Entry<String, String>> headers =
          Fixtures.headers("instruct/BH-18-grip-last.request-headers");
      assertThat(headers).hasSize(1);
      assertThat(GripLast.parse(headers.get(0).getValue()))
          .containsExactly(Map.entry("fruit", "3"), Map.entry("veg", ""));
    });
    check("instruct/BH-18-grip-last-lines.request-headers", () -> {
      List<String> values = new ArrayList<>();
      Fixtures.headers("instruct/BH-18-grip-last-lines.request-headers")
          .forEach(h -> values.add(h.getValue()));
      assertThat(values).hasSize(2);
      assertThat(GripLast.parseAll(values))
          .containsExactly(Map.entry("fruit", "3"), Map.entry("veg", ""));
    });
    // --- BH-17 ---
    publishes("publish/BH-17-ws-text.json", PublishItem.of("c", PublishFormat.WsMessage.text("hi")));
    publishes("publish/BH-17-ws-binary.json",
        PublishItem.of("c", PublishFormat.WsMessage.binary(new byte[] {0, 1, 2})));
    publishes("publish/BH-17-ws-close.json", PublishItem.of("c", PublishFormat.WsMessage.close(1009)));
    publishes("publish/BH-17-http-response-empty.json",
        PublishItem.of("c", PublishFormat.HttpResponse.builder().build()));
    publishes("publish/BH-17-http-response-binary.json",
        PublishItem.of("c", PublishFormat.HttpResponse.of(new byte[] {(byte) 0xff, (byte) 0xfe})));
    publishes("publish/BH-17-http-response-text.json",
        PublishItem.of("c", PublishFormat.HttpResponse.of("ok")));
    publishes("publish/BH-17-http-stream-close.json",
        PublishItem.of("c", PublishFormat.HttpStream.close()));
    publishes("publish/BH-17-id-prev-id.json", PublishItem.builder("c").id("2").prevId("1")
        .format(PublishFormat.WsMessage.text("hi")).build());
    // --- BH-14 and ES256 ---
    check("sig/hs256.key", () -> {
      assertThat(Fixtures.text("sig/hs256.key")).isEqualTo(GripTestKit.TEST_KEY);
      GripKey key = GripKey.parse(Fixtures.text("sig/hs256.key"));
      assertThat(key.algorithm()).isEqualTo("HS256");
      assertThat(hs256().verify(Hs256.sign("pushpin", Instant.now().getEpochSecond() + 60,
          Fixtures.bytes("sig/hs256.key")))).isTrue();
    });
    token("sig/BH-14-valid-2100.jwt", true);
    token("sig/BH-14-expired.jwt", false);
    token("sig/BH-14-no-exp.jwt", false);
    token("sig/BH-14-wrong-iss.jwt", false);
    token("sig/BH-14-wrong-key.jwt", false);
    check("sig/es256-public.pem", () -> assertThat(
        GripKey.parse(Fixtures.text("sig/es256-public.pem")).algorithm()).isEqualTo("ES256"));
    es256("sig/es256-valid-2100.jwt", true);
    es256("sig/es256-expired.jwt", false);
    es256("sig/es256-wrong-key.jwt", false);
  }

  /** The body the driver sends for a client close on an open connection. */
  private static byte[] clientClose(Function<WebSocketDriver.Connection, WebSocketReply> close) {
    WebSocketDriver.Connection c = WebSocketDriver.of(ACCEPT).connect();
    c.open();
    return close.apply(c).requestBody();
  }

  private static void publishes(String name, PublishItem item) {
    check(name, () -> {
      int before = recorder.requestCount();
      publisher.publish(item);
      RecordedPublish publish = recorder.requests().get(before);
      assertThat(publish.bodyText()).isEqualTo(Fixtures.text(name));
      assertThat(publish.body()).isEqualTo(fixture(name));
      assertThat(publish.header("Content-Type")).isEqualTo("application/json");
      assertThat(publish.header("Content-Length"))
          .isEqualTo(Integer.toString(fixture(name).length));
      assertThat(publish.path()).isEqualTo("/publish/");
      // And the recorder reads the fixture back as the item that made it.
      assertThat(PublishBodies.parse(fixture(name))).extracting(RecordedItem::toPublishItem)
          .containsExactly(item);
    });
  }

  private static GripSigVerifier hs256() {
    return GripSigVerifier.of(GripConfig.builder()
        .verifyKey(GripKey.sharedSecret(Fixtures.bytes("sig/hs256.key")))
        .verifyIssuer("pushpin")
        .build());
  }

  private static void token(String name, boolean valid) {
    check(name, () -> {
      String token = Fixtures.text(name);
      assertThat(hs256().verify(token)).as("grip-core: " + name).isEqualTo(valid);
      String problem = Hs256.problem(token, "pushpin", Fixtures.bytes("sig/hs256.key"), Instant.now());
      assertThat(problem == null).as("the kit: " + name + " " + problem).isEqualTo(valid);
    });
  }

  private static void es256(String name, boolean valid) {
    check(name, () -> assertThat(GripSigVerifier.of(GripConfig.builder()
            .verifyKey(Fixtures.text("sig/es256-public.pem"))
            .verifyIssuer("gripkit-test")
            .build())
        .verify(Fixtures.text(name))).as(name).isEqualTo(valid));
  }

  static Stream<String> names() {
    return Fixtures.names().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void agreesWithGripCore(String name) throws Exception {
    Check check = CHECKS.get(name);
    assertThat(check).as("no agreement check for fixture " + name).isNotNull();
    check.run();
  }

  @Test
  void everyFixtureHasACheckAndEveryCheckAFixture() {
    assertThat(CHECKS.keySet()).containsExactlyInAnyOrderElementsOf(Fixtures.names());
  }

  @Test
  void fixturesAreExactBytesAndUnknownNamesAreRefused() {
    assertThat(Fixtures.bytes("ws/BH-05-close-1000.request"))
        .isEqualTo(new byte[] {'C', 'L', 'O', 'S', 'E', ' ', '2', '\r', '\n', 3, (byte) 0xe8, '\r', '\n'});
    assertThat(Fixtures.description("ws/BH-01-encode.response")).startsWith("One TEXT");
    assertThatThrownBy(() -> Fixtures.bytes("ws/BH-99.request"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no fixture \"ws/BH-99.request\"; in ws/: [ws/BH-01-encode.response,");
    assertThatThrownBy(() -> Fixtures.text("ws/BH-05-close-1000.request"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fixture ws/BH-05-close-1000.request is not UTF-8 text: use bytes()");
  }
}
