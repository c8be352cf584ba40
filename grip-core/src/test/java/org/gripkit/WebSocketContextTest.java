package org.gripkit;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketContextTest {
  private static final Map<String, List<String>> HEADERS = Map.of(
      "Connection-Id", List.of("c-1"),
      "Content-Type", List.of("application/websocket-events"));

  /** Bytes of a body written with \r\n and \xHH escapes as in CASES.md. */
  private static byte[] body(String latin1) {
    return latin1.getBytes(ISO_8859_1);
  }

  private static WebSocketContext context(String body) throws WebSocketProtocolException {
    return WebSocketContext.fromRequest(HEADERS, body.getBytes(UTF_8));
  }

  private static String bodyOf(WebSocketResponse response) {
    return new String(response.body(), UTF_8);
  }

  @Test
  void openAcceptedWithSubscribeKeepAliveAndMessagesMatchesPushpinsFormat() throws Exception {
    // BH-09
    WebSocketContext ws = context("OPEN\r\n");
    assertThat(ws.isOpening()).isTrue();
    ws.accept();
    ws.subscribe("room-abc");
    ws.keepAlive("{}", Duration.ofSeconds(20));
    ws.send("hello");
    ws.send(new byte[] {1, 2});

    WebSocketResponse response = ws.response();

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers())
        .containsEntry("Content-Type", "application/websocket-events")
        .containsEntry("Sec-WebSocket-Extensions", "grip");
    assertThat(response.body()).isEqualTo(body("OPEN\r\n"
        + "TEXT 2b\r\nc:{\"type\":\"subscribe\",\"channel\":\"room-abc\"}\r\n"
        + "TEXT 33\r\nc:{\"type\":\"keep-alive\",\"content\":\"{}\",\"timeout\":20}\r\n"
        + "TEXT 7\r\nm:hello\r\n"
        + "BINARY 4\r\nm:\u0001\u0002\r\n"));
  }

  @Test
  void messageBeginningWithControlPrefixIsSentAsAMessage() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.send("c:{\"type\":\"detach\"}");
    assertThat(bodyOf(ws.response())).isEqualTo("TEXT 15\r\nm:c:{\"type\":\"detach\"}\r\n");
  }

  @Test
  void pingsAnywhereAreAnsweredInOrderWithTheirPayload() throws Exception {
    // BH-04
    WebSocketContext ws =
        context("PING 5\r\nping1\r\nPONG\r\nTEXT 5\r\nhello\r\nPING 5\r\nping2\r\n");
    int messages = 0;
    for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
      assertThat(e).isEqualTo(new WebSocketEvent.Text("hello"));
      messages++;
      ws.send("echo");
    }
    assertThat(messages).isEqualTo(1);
    assertThat(bodyOf(ws.response()))
        .isEqualTo("PONG 5\r\nping1\r\nTEXT 6\r\nm:echo\r\nPONG 5\r\nping2\r\n");
  }

  @Test
  void unreadPingsAreAnsweredWhenTheResponseIsBuilt() throws Exception {
    WebSocketContext ws =
        context("PING 5\r\nping1\r\nPONG\r\nTEXT 5\r\nhello\r\nPING 5\r\nping2\r\n");
    assertThat(bodyOf(ws.response())).isEqualTo("PONG 5\r\nping1\r\nPONG 5\r\nping2\r\n");
  }

  @Test
  void keepAliveRequestWithEmptyBodyGetsAnEmptyAnswer() throws Exception {
    // BH-08
    WebSocketContext ws = WebSocketContext.fromRequest(HEADERS, new byte[0]);
    assertThat(ws.isOpening()).isFalse();
    assertThat(ws.receive()).isNull();
    ws.keepAliveInterval(Duration.ofSeconds(20));
    WebSocketResponse response = ws.response();
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers())
        .containsEntry("Content-Type", "application/websocket-events")
        .containsEntry("Keep-Alive-Interval", "20")
        .doesNotContainKey("Sec-WebSocket-Extensions");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void acceptedOpenWithNothingSentStillCarriesOpen() throws Exception {
    WebSocketContext ws = context("OPEN\r\n");
    ws.accept();
    assertThat(bodyOf(ws.response())).isEqualTo("OPEN\r\n");
  }

  @Test
  void openNeitherAcceptedNorRejectedIsRefusedWith403() throws Exception {
    WebSocketResponse response = context("OPEN\r\n").response();
    assertThat(response.status()).isEqualTo(403);
    assertThat(bodyOf(response)).isEqualTo("connection not accepted");
  }

  @Test
  void rejectedOpenCarriesStatusAndReason() throws Exception {
    WebSocketContext ws = context("OPEN\r\n");
    ws.reject(401, "bad host code");
    WebSocketResponse response = ws.response();
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers()).doesNotContainKey("Sec-WebSocket-Extensions");
    assertThat(bodyOf(response)).isEqualTo("bad host code");
  }

  @Test
  void emptyEventsAreReadAsEmptyMessages() throws Exception {
    // BH-02
    WebSocketContext ws = context("TEXT\r\nTEXT 0\r\n\r\nBINARY\r\nOPEN 0\r\n\r\n");
    assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Text(""));
    assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Text(""));
    assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Binary(new byte[0]));
    assertThat(ws.receive()).isNull();
  }

  @Test
  void closeWithCodeAndReasonIsReadAndEchoedWhenTheAppDoesNotAnswer() throws Exception {
    // BH-05
    WebSocketContext ws = WebSocketContext.fromRequest(HEADERS, body("CLOSE 5\r\n\u0003\u00e9bye\r\n"));
    assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Close(1001, "bye"));
    assertThat(ws.response().body()).isEqualTo(body("CLOSE 2\r\n\u0003\u00e9\r\n"));
  }

  @Test
  void closeAnsweredByTheAppIsNotEchoedTwice() throws Exception {
    WebSocketContext ws = WebSocketContext.fromRequest(HEADERS, body("CLOSE 2\r\n\u0003\u00e8\r\n"));
    assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Close(1000));
    ws.close(4001, "bye");
    assertThat(ws.response().body()).isEqualTo(body("CLOSE 5\r\n\u000f\u00a1bye\r\n"));
  }

  @Test
  void closeWithoutCodeIsEchoedWithoutCode() throws Exception {
    WebSocketContext ws = context("CLOSE\r\n");
    assertThat(ws.receive()).isEqualTo(WebSocketEvent.Close.withoutCode());
    assertThat(bodyOf(ws.response())).isEqualTo("CLOSE\r\n");
  }

  @Test
  void closeByTheAppEncodesCodeBigEndian() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.close();
    assertThat(ws.response().body()).isEqualTo(body("CLOSE 2\r\n\u0003\u00e8\r\n"));
  }

  @Test
  void nothingCanBeSentAfterClose() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.close(1000, "");
    assertThatThrownBy(() -> ws.send("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the connection was closed by this answer");
  }

  @ParameterizedTest(name = "close code {0} is refused")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535})
  void closeCodesThatMayNotBeSentAreRefused(int code) throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.close(code, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close code may not be sent: " + code);
  }

  @Test
  void closeReasonOver123BytesIsRefused() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.close(1000, "é".repeat(62)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close reason is 124 UTF-8 bytes, more than 123");
  }

  @Test
  void controlMessageJsonIsEscapedAndSizedInBytes() throws Exception {
    // BH-11
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.subscribe("room-\"x\\y");
    ws.subscribe("sala-ñ");
    assertThat(bodyOf(ws.response())).isEqualTo(
        "TEXT 2e\r\nc:{\"type\":\"subscribe\",\"channel\":\"room-\\\"x\\\\y\"}\r\n"
        + "TEXT 2a\r\nc:{\"type\":\"subscribe\",\"channel\":\"sala-ñ\"}\r\n");
  }

  @Test
  void subscribeWithFiltersListsThemInOrder() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.subscribe("room-alpha", ChannelFilter.SKIP_SELF, ChannelFilter.VAR_SUBST);
    ws.subscribe("room-beta");
    assertThat(bodyOf(ws.response()).split("\r\n")).containsExactly(
        "TEXT 51", "c:{\"type\":\"subscribe\",\"channel\":\"room-alpha\","
            + "\"filters\":[\"skip-self\",\"var-subst\"]}",
        "TEXT 2c", "c:{\"type\":\"subscribe\",\"channel\":\"room-beta\"}");
  }

  @Test
  void aFilterGivenTwiceIsRefusedBeforeAnythingIsQueued() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.subscribe("r", ChannelFilter.SKIP_SELF, ChannelFilter.SKIP_SELF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter skip-self given twice for channel \"r\"");
    assertThat(ws.response().body()).isEmpty();
  }

  @Test
  void emptyChannelIsRefusedBeforeAnythingIsQueued() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.subscribe(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel is empty");
    assertThat(ws.response().body()).isEmpty();
  }

  @Test
  void everyControlMessageHasPushpinsShape() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.unsubscribe("a");
    ws.detach();
    ws.session("s-1");
    ws.keepAlive(WebSocketKeepAlive.builder()
        .messageType(WebSocketMessageType.PING)
        .content(new byte[] {0, 1, 2})
        .timeout(Duration.ofSeconds(30))
        .mode(WebSocketKeepAlive.Mode.INTERVAL)
        .build());
    ws.keepAliveOff();
    ws.sendDelayed("later", Duration.ofSeconds(5));
    ws.flushDelayed();
    String body = bodyOf(ws.response());
    assertThat(body.split("\r\n")).containsExactly(
        "TEXT 26", "c:{\"type\":\"unsubscribe\",\"channel\":\"a\"}",
        "TEXT 13", "c:{\"type\":\"detach\"}",
        "TEXT 1f", "c:{\"type\":\"session\",\"id\":\"s-1\"}",
        "TEXT 61", "c:{\"type\":\"keep-alive\",\"message-type\":\"ping\",\"content-bin\":\"AAEC\","
            + "\"timeout\":30,\"mode\":\"interval\"}",
        "TEXT 17", "c:{\"type\":\"keep-alive\"}",
        "TEXT 37", "c:{\"type\":\"send-delayed\",\"content\":\"later\",\"timeout\":5}",
        "TEXT 1a", "c:{\"type\":\"flush-delayed\"}");
  }

  @Test
  void metaIsReadCaseInsensitivelyAndOnlyChangesAreSent() throws Exception {
    // BH-12
    Map<String, List<String>> headers = new LinkedHashMap<>(HEADERS);
    headers.put("Meta-User", List.of("alice"));
    headers.put("meta-room", List.of("alpha"));
    headers.put("Meta-Theme", List.of("dark"));
    WebSocketContext ws = WebSocketContext.fromRequest(headers, body("TEXT 2\r\nhi\r\n"));
    assertThat(ws.meta("user")).isEqualTo("alice");
    assertThat(ws.meta("User")).isEqualTo("alice");
    assertThat(ws.meta("ROOM")).isEqualTo("alpha");

    ws.setMeta("user", "bob");
    ws.removeMeta("room");
    ws.setMeta("theme", "dark");
    ws.setMeta("role", "host");

    assertThat(ws.meta("user")).isEqualTo("bob");
    assertThat(ws.meta("room")).isNull();
    Map<String, String> sent = new LinkedHashMap<>(ws.response().headers());
    sent.keySet().removeIf(name -> !name.startsWith("Set-Meta-"));
    assertThat(sent).containsExactly(
        Map.entry("Set-Meta-user", "bob"),
        Map.entry("Set-Meta-room", ""),
        Map.entry("Set-Meta-role", "host"));
  }

  @Test
  void metaChangesAlsoGoToTheFiltersAsSetMetaControlMessagesBeforeAnyOther() throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>(HEADERS);
    headers.put("Meta-Room", List.of("alpha"));
    WebSocketContext ws = WebSocketContext.fromRequest(headers, body("TEXT 2\r\nhi\r\n"));
    ws.subscribe("room-alpha", ChannelFilter.SKIP_SELF);
    ws.setMeta("User", "alice");
    ws.removeMeta("room");
    ws.send("ok");

    assertThat(bodyOf(ws.response()).split("\r\n")).containsExactly(
        "TEXT 33", "c:{\"type\":\"set-meta\",\"name\":\"user\",\"value\":\"alice\"}",
        "TEXT 23", "c:{\"type\":\"set-meta\",\"name\":\"room\"}",
        "TEXT 45", "c:{\"type\":\"subscribe\",\"channel\":\"room-alpha\","
            + "\"filters\":[\"skip-self\"]}",
        "TEXT 4", "m:ok");
  }

  @Test
  void contentBytesCountMessagesPingsAndTheClose() throws Exception {
    // "héllo" is 6 bytes, the ping 2, the close 2 + 3.
    WebSocketContext ws = WebSocketContext.fromRequest(HEADERS,
        body("TEXT 6\r\nh\u00c3\u00a9llo\r\nPING 2\r\np1\r\nCLOSE 5\r\n\u0003\u00e8bye\r\n"));
    assertThat(ws.contentBytes()).isEqualTo(13);
    assertThat(ws.contentBytesReplayed()).isEmpty();
  }

  @Test
  void acceptingPartOfTheContentSaysSoInTheAnswer() throws Exception {
    WebSocketContext ws = context("TEXT b\r\n[foo][hello\r\n");
    ws.acceptContentBytes(5);
    assertThat(ws.response().headers()).containsEntry("Content-Bytes-Accepted", "5");
    assertThat(context("TEXT 2\r\nhi\r\n").response().headers())
        .doesNotContainKey("Content-Bytes-Accepted");
  }

  @Test
  void acceptedContentBytesMustFitTheRequestAndItsClose() throws Exception {
    WebSocketContext ws = WebSocketContext.fromRequest(HEADERS,
        body("TEXT 2\r\nhi\r\nCLOSE 2\r\n\u0003\u00e8\r\n"));
    assertThatThrownBy(() -> ws.acceptContentBytes(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accepted content bytes must be between 0 and 4: 5");
    assertThatThrownBy(() -> ws.acceptContentBytes(-1))
        .hasMessage("accepted content bytes must be between 0 and 4: -1");
    assertThatThrownBy(() -> ws.acceptContentBytes(2))
        .hasMessage("with a CLOSE, accept all 4 content bytes or fewer than the 2 before it: 2");
    ws.acceptContentBytes(1);
    ws.acceptContentBytes(4);
    assertThat(ws.response().headers()).containsEntry("Content-Bytes-Accepted", "4");
  }

  @Test
  void replayedContentBytesAreRead() throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>(HEADERS);
    headers.put("content-bytes-replayed", List.of("6"));
    WebSocketContext ws = WebSocketContext.fromRequest(headers,
        body("TEXT 6\r\n[hello\r\nTEXT 7\r\n world]\r\n"));
    assertThat(ws.contentBytesReplayed()).hasValue(6);
  }

  @ParameterizedTest(name = "Content-Bytes-Replayed: [{0}]")
  @ValueSource(strings = {"", "-1", "x", "3", "99999999999999999999"})
  void aReplayedCountThatCannotBeRightIsAProtocolError(String value) {
    Map<String, List<String>> headers = new LinkedHashMap<>(HEADERS);
    headers.put("Content-Bytes-Replayed", List.of(value));
    assertThatThrownBy(() -> WebSocketContext.fromRequest(headers, body("TEXT 2\r\nhi\r\n")))
        .isInstanceOf(WebSocketProtocolException.class)
        .hasMessage("bad Content-Bytes-Replayed header: \"" + value + "\"");
  }

  @Test
  void metaSetThenRestoredSendsNothing() throws Exception {
    Map<String, List<String>> headers = new LinkedHashMap<>(HEADERS);
    headers.put("Meta-User", List.of("alice"));
    WebSocketContext ws = WebSocketContext.fromRequest(headers, body("TEXT 2\r\nhi\r\n"));
    ws.setMeta("user", "bob");
    ws.setMeta("User", "alice");
    ws.removeMeta("absent");
    WebSocketResponse response = ws.response();
    assertThat(response.headers().keySet()).noneMatch(name -> name.startsWith("Set-Meta-"));
    assertThat(bodyOf(response)).doesNotContain("set-meta");
  }

  @ParameterizedTest(name = "meta value {0} is refused")
  @ValueSource(strings = {"a\r\nX-Evil: 1", "caf\u00e9", "tab\there"})
  void metaValuesThatCannotBeHeadersAreRefused(String value) throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.setMeta("user", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("meta value must be printable ASCII: user has U+");
  }

  @Test
  void metaNameMustBeAToken() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.setMeta("user name", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("meta name is not an HTTP token: \"user name\"");
  }

  @Test
  void missingConnectionIdIsAProtocolError() {
    assertThatThrownBy(() -> WebSocketContext.fromRequest(Map.of(), body("OPEN\r\n")))
        .isInstanceOf(WebSocketProtocolException.class)
        .hasMessage("missing Connection-Id header")
        .extracting(e -> ((WebSocketProtocolException) e).offset()).isEqualTo(-1L);
  }

  @Test
  void headerNamesAreMatchedInAnyCase() throws Exception {
    WebSocketContext ws = WebSocketContext.fromRequest(
        Map.of("connection-id", List.of("abc")), new byte[0]);
    assertThat(ws.connectionId()).isEqualTo("abc");
  }

  @Test
  void acceptOnARequestThatDoesNotOpenIsMisuse() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(ws::accept)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("accept() on a request that does not open a connection");
  }

  @Test
  void responseIsBuiltOnceAndThenFrozen() throws Exception {
    WebSocketContext ws = context("OPEN\r\n");
    ws.accept();
    WebSocketResponse first = ws.response();
    assertThat(ws.response()).isSameAs(first);
    assertThatThrownBy(() -> ws.send("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("response() was already built");
  }

  @Test
  void disconnectFromTheClientIsReceived() throws Exception {
    WebSocketContext ws = context("DISCONNECT\r\n");
    assertThat(ws.receive()).isEqualTo(new WebSocketEvent.Disconnect());
    assertThat(ws.receive()).isNull();
  }

  @Test
  void disconnectByTheOriginEndsTheAnswer() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    ws.disconnect();
    assertThat(bodyOf(ws.response())).isEqualTo("DISCONNECT\r\n");
  }

  @ParameterizedTest(name = "{0} is WebSocket-over-HTTP")
  @ValueSource(strings = {"application/websocket-events", "Application/WebSocket-Events",
      "application/websocket-events; charset=utf-8", " application/websocket-events ;x=y"})
  void webSocketOverHttpContentTypeIsRecognisedIgnoringCaseAndParameters(String type) {
    assertThat(WebSocketContext.isWebSocketOverHttp(type)).isTrue();
  }

  @ParameterizedTest(name = "{0} is not WebSocket-over-HTTP")
  @ValueSource(strings = {"", "application/json", "application/websocket-eventsx", "text/plain"})
  void otherContentTypesAreNotWebSocketOverHttp(String type) {
    assertThat(WebSocketContext.isWebSocketOverHttp(type)).isFalse();
  }

  @Test
  void keepAliveIntervalMustBeWholeSeconds() throws Exception {
    WebSocketContext ws = context("TEXT 2\r\nhi\r\n");
    assertThatThrownBy(() -> ws.keepAliveInterval(Duration.ofMillis(1500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("interval must be a whole number of seconds, at least 1: PT1.5S");
  }
}
