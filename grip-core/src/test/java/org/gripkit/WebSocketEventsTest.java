package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gripkit.Wire.assertBytes;
import static org.gripkit.Wire.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.gripkit.WebSocketEvent.Binary;
import org.gripkit.WebSocketEvent.Close;
import org.gripkit.WebSocketEvent.Disconnect;
import org.gripkit.WebSocketEvent.Open;
import org.gripkit.WebSocketEvent.Ping;
import org.gripkit.WebSocketEvent.Pong;
import org.gripkit.WebSocketEvent.Text;
import org.gripkit.WebSocketEvent.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketEventsTest {

  // --- The protocol document's own examples (fastly/pushpin doc/websocket-over-http.md) ---

  @Test
  void documentTextExampleWithUpperCaseSizeDecodes() throws Exception {
    // "TEXT B\r\nhello world\r\n": the document writes the size in upper case.
    assertThat(WebSocketEvents.decode(wire("TEXT B\r\nhello world\r\n")))
        .containsExactly(new Text("hello world"));
  }

  @Test
  void documentTextExampleEncodesWithLowerCaseSize() {
    assertBytes(WebSocketEvents.encode(List.of(new Text("hello world"))),
        wire("TEXT b\r\nhello world\r\n"));
  }

  @Test
  void documentOpenWithoutSizeDecodesAndEncodes() throws Exception {
    // "For events with no content, the size and content section can be omitted: OPEN\r\n"
    assertThat(WebSocketEvents.decode(wire("OPEN\r\n"))).containsExactly(new Open());
    assertBytes(WebSocketEvents.encode(List.of(new Open())), wire("OPEN\r\n"));
  }

  @Test
  void documentOpenWithEmptyContentIsLegal() throws Exception {
    // "An event that should not contain content MAY be encoded with content ... OPEN 0\r\n\r\n"
    assertThat(WebSocketEvents.decode(wire("OPEN 0\r\n\r\n"))).containsExactly(new Open());
  }

  @Test
  void contentOnOpenAndDisconnectIsIgnored() throws Exception {
    // "Receivers should ignore such content."
    assertThat(WebSocketEvents.decode(wire("OPEN 5\r\nhello\r\nDISCONNECT 3\r\n\\x00\\xFF\r\r\n")))
        .containsExactly(new Open(), new Disconnect());
  }

  @Test
  void documentRelayedMessageDecodes() throws Exception {
    // Gateway relays message from client.
    assertThat(WebSocketEvents.decode(wire("TEXT 5\r\nhello\r\n")))
        .containsExactly(new Text("hello"));
  }

  @Test
  void documentTwoMessageResponseAsPrintedHasAWrongSizeAndIsRejected() {
    // The document's "Server responds with two messages" example gives "here is another nice
    // message" the size 1B (27), but the message is 28 bytes: read as printed, the content ends
    // before the final "e" and the CRLF is missing at offset 8 + 7 + 9 + 27 = 51.
    assertThatThrownBy(() -> WebSocketEvents.decode(
            wire("TEXT 5\r\nworld\r\nTEXT 1B\r\nhere is another nice message\r\n")))
        .isInstanceOf(WebSocketProtocolException.class)
        .hasMessage("missing CRLF after event content at offset 51");
  }

  @Test
  void documentTwoMessageResponseWithTheRightSizeDecodesAndEncodes() throws Exception {
    // The same example with the size the content really has: 0x1c = 28 bytes.
    byte[] body = wire("TEXT 5\r\nworld\r\nTEXT 1C\r\nhere is another nice message\r\n");
    List<WebSocketEvent> events = List.of(
        new Text("world"), new Text("here is another nice message"));
    assertThat(WebSocketEvents.decode(body)).isEqualTo(events);
    assertBytes(WebSocketEvents.encode(events),
        wire("TEXT 5\r\nworld\r\nTEXT 1c\r\nhere is another nice message\r\n"));
  }

  @Test
  void documentCloseExampleDecodesAndEncodes() throws Exception {
    // "CLOSE 2\r\n[... binary status code ...]\r\n", here with 1000 (normal closure).
    byte[] body = wire("CLOSE 2\r\n\\x03\\xE8\r\n");
    assertThat(WebSocketEvents.decode(body)).containsExactly(new Close(1000));
    assertBytes(WebSocketEvents.encode(List.of(new Close(1000))), body);
  }

  @Test
  void documentOpeningExampleAsPrintedWithBlankLineIsRejected() {
    // The document's "Gateway opens connection" example prints OPEN\r\n followed by a line
    // holding only \r\n. The grammar it gives has no empty event, so that line is not an event;
    // Pushpin itself sends just OPEN\r\n.
    assertThatThrownBy(() -> WebSocketEvents.decode(wire("OPEN\r\n\r\n")))
        .isInstanceOf(WebSocketProtocolException.class)
        .hasMessage("expected an event type at offset 6");
  }

  @Test
  void emptyBodyIsAKeepAlive() throws Exception {
    // "Gateway can send an empty request to keep-alive the current connection."
    assertThat(WebSocketEvents.decode(new byte[0])).isEmpty();
    assertThat(WebSocketEvents.encode(List.of())).isEmpty();
  }

  // --- BH-01: TEXT size counts UTF-8 bytes, in both directions ---

  @Test
  void textSizeCountsUtf8BytesWhenEncoding() {
    // "héllo 😀" is 68 C3 A9 6C 6C 6F 20 F0 9F 98 80: 11 bytes, 8 UTF-16 units, 7 code points.
    byte[] body = WebSocketEvents.encode(List.of(new Text("héllo 😀")));
    assertBytes(body,
        wire("TEXT b\r\n\\x68\\xC3\\xA9\\x6C\\x6C\\x6F\\x20\\xF0\\x9F\\x98\\x80\r\n"));
    assertBytes(body, wire("TEXT b\r\nhéllo 😀\r\n"));
  }

  @Test
  void textSizeCountsUtf8BytesWhenDecoding() throws Exception {
    assertThat(WebSocketEvents.decode(wire("TEXT b\r\nhéllo 😀\r\nTEXT 2\r\nok\r\n")))
        .containsExactly(new Text("héllo 😀"), new Text("ok"));
  }

  @Test
  void threeByteCharactersRoundTrip() throws Exception {
    // 日本語 is E6 97 A5 E6 9C AC E8 AA 9E: 9 bytes.
    assertThat(WebSocketEvents.decode(wire("TEXT 9\r\n日本語\r\n")))
        .containsExactly(new Text("日本語"));
    assertBytes(WebSocketEvents.encode(List.of(new Text("日本語"))), wire("TEXT 9\r\n日本語\r\n"));
  }

  @Test
  void textSizeInUtf16UnitsIsRejected() {
    // Size 8, what String.length() gives: 8 content bytes end inside the emoji at offset 16.
    assertThatThrownBy(() -> WebSocketEvents.decode(wire("TEXT 8\r\nhéllo 😀\r\n")))
        .hasMessage("missing CRLF after event content at offset 16");
  }

  @Test
  void textSizeInCodePointsIsRejected() {
    // Size 7, the code point count.
    assertThatThrownBy(() -> WebSocketEvents.decode(wire("TEXT 7\r\nhéllo 😀\r\n")))
        .hasMessage("missing CRLF after event content at offset 15");
  }

  // --- BH-02: empty TEXT and TEXT without a size ---

  @Test
  void emptyTextEncodesWithZeroSize() {
    assertBytes(WebSocketEvents.encode(List.of(new Text(""))), wire("TEXT 0\r\n\r\n"));
  }

  @Test
  void emptyEventsAreNeverDroppedWhenEncoding() {
    assertBytes(
        WebSocketEvents.encode(List.of(new Text(""), new Text("a"), new Binary(new byte[0]),
            new Text(""))),
        wire("TEXT 0\r\n\r\nTEXT 1\r\na\r\nBINARY 0\r\n\r\nTEXT 0\r\n\r\n"));
  }

  @Test
  void textWithoutSizeAndEmptyEventsDecode() throws Exception {
    List<WebSocketEvent> events =
        WebSocketEvents.decode(wire("TEXT\r\nTEXT 0\r\n\r\nBINARY\r\nOPEN 0\r\n\r\n"));
    assertThat(events).containsExactly(
        new Text(""), new Text(""), new Binary(new byte[0]), new Open());
    assertThat(((Binary) events.get(2)).content()).isEmpty();
  }

  // --- BH-05: CLOSE code parsing: unsigned bytes, optional reason, no content ---

  @ParameterizedTest(name = "CLOSE 2 {0} -> {1}")
  @MethodSource
  void closeCodeIsBigEndianUnsigned(String codeBytes, int code) throws Exception {
    assertThat(WebSocketEvents.decode(wire("CLOSE 2\r\n" + codeBytes + "\r\n")))
        .containsExactly(new Close(code));
  }

  static Stream<Arguments> closeCodeIsBigEndianUnsigned() {
    return Stream.of(
        Arguments.of("\\x03\\xE8", 1000), // a signed low byte gives 744
        Arguments.of("\\x0F\\xA1", 4001),
        Arguments.of("\\x80\\x00", 32768), // a signed high byte gives a negative code
        Arguments.of("\\xFF\\xFF", 65535),
        Arguments.of("\\x00\\x00", 0));
  }

  @Test
  void closeWithCodeAndReasonKeepsBoth() throws Exception {
    // 1001 going away, reason "bye": the code is not dropped when a reason follows.
    Close close = (Close) WebSocketEvents.decode(wire("CLOSE 5\r\n\\x03\\xE9bye\r\n")).get(0);
    assertThat(close.code()).isEqualTo(1001);
    assertThat(close.reason()).isEqualTo("bye");
    assertThat(close.hasCode()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"CLOSE\r\n", "CLOSE 0\r\n\r\n"})
  void closeWithoutContentHasNoCode(String body) throws Exception {
    Close close = (Close) WebSocketEvents.decode(wire(body)).get(0);
    assertThat(close).isEqualTo(Close.withoutCode());
    assertThat(close.hasCode()).isFalse();
    assertThat(close.code()).isEqualTo(Close.NO_STATUS_CODE).isEqualTo(1005);
    assertThat(close.reason()).isEmpty();
  }

  @Test
  void closeOfOneByteIsRejectedNotAnIndexError() {
    assertThatThrownBy(() -> WebSocketEvents.decode(wire("CLOSE 1\r\n\\x03\r\n")))
        .isInstanceOf(WebSocketProtocolException.class)
        .hasMessage("close content of 1 byte (a status code takes 2) at offset 9");
  }

  @Test
  void closeEncodesCodeBigEndian() {
    assertBytes(WebSocketEvents.encode(List.of(new Close(1000))),
        wire("CLOSE 2\r\n\\x03\\xE8\r\n"));
  }

  @Test
  void closeEncodesCodeAndReason() {
    assertBytes(WebSocketEvents.encode(List.of(new Close(4001, "bye"))),
        wire("CLOSE 5\r\n\\x0F\\xA1bye\r\n"));
  }

  @Test
  void closeReasonIsEncodedAsUtf8Bytes() throws Exception {
    // "ça va" is C3 A7 61 20 76 61: 2 code bytes + 6 reason bytes = 8.
    byte[] body = wire("CLOSE 8\r\n\\x03\\xE8ça va\r\n");
    assertBytes(WebSocketEvents.encode(List.of(new Close(1000, "ça va"))), body);
    assertThat(WebSocketEvents.decode(body)).containsExactly(new Close(1000, "ça va"));
  }

  @Test
  void closeWithoutCodeEncodesEmptyPayload() {
    assertBytes(WebSocketEvents.encode(List.of(Close.withoutCode())), wire("CLOSE\r\n"));
  }

  // --- Every event type, both directions ---

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void everyEventTypeEncodesAndDecodes(String name, WebSocketEvent event, String body)
      throws Exception {
    assertBytes(WebSocketEvents.encode(List.of(event)), wire(body));
    assertThat(WebSocketEvents.decode(wire(body))).containsExactly(event);
  }

  static Stream<Arguments> everyEventTypeEncodesAndDecodes() {
    return Stream.of(
        Arguments.of("open", new Open(), "OPEN\r\n"),
        Arguments.of("text", new Text("hello"), "TEXT 5\r\nhello\r\n"),
        Arguments.of("binary with CR and LF", new Binary(bytes(0x00, 0x01, 0x0d, 0x0a, 0xff)),
            "BINARY 5\r\n\\x00\\x01\r\n\\xFF\r\n"),
        Arguments.of("ping", new Ping(ascii("ping1")), "PING 5\r\nping1\r\n"),
        Arguments.of("empty ping", new Ping(new byte[0]), "PING 0\r\n\r\n"),
        Arguments.of("pong", new Pong(ascii("ping1")), "PONG 5\r\nping1\r\n"),
        Arguments.of("close with code", new Close(1000), "CLOSE 2\r\n\\x03\\xE8\r\n"),
        Arguments.of("close with code and reason", new Close(1001, "bye"),
            "CLOSE 5\r\n\\x03\\xE9bye\r\n"),
        Arguments.of("close without code", Close.withoutCode(), "CLOSE\r\n"),
        Arguments.of("disconnect", new Disconnect(), "DISCONNECT\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void byteEventsWithoutSizeDecodeAsEmpty(String body, WebSocketEvent expected)
      throws Exception {
    // Pushpin sends PING and PONG without content when the payload is empty.
    assertThat(WebSocketEvents.decode(wire(body))).containsExactly(expected);
  }

  static Stream<Arguments> byteEventsWithoutSizeDecodeAsEmpty() {
    return Stream.of(
        Arguments.of("PING\r\n", new Ping(new byte[0])),
        Arguments.of("PONG\r\n", new Pong(new byte[0])),
        Arguments.of("BINARY\r\n", new Binary(new byte[0])));
  }

  @Test
  void eventsWithoutContentEncodeWithNoSize() {
    assertBytes(
        WebSocketEvents.encode(List.of(new Open(), Close.withoutCode(), new Disconnect())),
        wire("OPEN\r\nCLOSE\r\nDISCONNECT\r\n"));
  }

  @Test
  void eventsKeepTheirOrder() throws Exception {
    List<WebSocketEvent> events = List.of(new Open(), new Text("a"), new Ping(ascii("p")),
        new Binary(bytes(1)), new Pong(new byte[0]), new Text("b"), new Close(1000));
    byte[] body = wire("OPEN\r\nTEXT 1\r\na\r\nPING 1\r\np\r\nBINARY 1\r\n\\x01\r\n"
        + "PONG 0\r\n\r\nTEXT 1\r\nb\r\nCLOSE 2\r\n\\x03\\xE8\r\n");
    assertBytes(WebSocketEvents.encode(events), body);
    assertThat(WebSocketEvents.decode(body)).isEqualTo(events);
  }

  // --- Sizes: lower-case hex out, either case in ---

  @ParameterizedTest(name = "{0} bytes -> {1}")
  @MethodSource
  void sizeIsLowerCaseHexOfTheByteCount(int length, String size) throws Exception {
    byte[] content = new byte[length];
    Arrays.fill(content, (byte) 'x');
    byte[] body = WebSocketEvents.encode(List.of(new Binary(content)));
    byte[] head = wire("BINARY " + size + "\r\n");
    assertThat(body).hasSize(head.length + length + 2);
    assertBytes(Arrays.copyOf(body, head.length), head);
    assertThat(WebSocketEvents.decode(body, Integer.MAX_VALUE))
        .containsExactly(new Binary(content));
  }

  static Stream<Arguments> sizeIsLowerCaseHexOfTheByteCount() {
    return Stream.of(
        Arguments.of(0, "0"), Arguments.of(1, "1"), Arguments.of(9, "9"), Arguments.of(10, "a"),
        Arguments.of(15, "f"), Arguments.of(16, "10"), Arguments.of(171, "ab"),
        Arguments.of(255, "ff"), Arguments.of(256, "100"), Arguments.of(4095, "fff"),
        Arguments.of(4096, "1000"), Arguments.of(65535, "ffff"), Arguments.of(65536, "10000"),
        Arguments.of(0xabcde, "abcde"), Arguments.of(1 << 20, "100000"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"A", "a", "00A", "0000000A", "0000000a"})
  void sizeInEitherCaseWithLeadingZerosDecodes(String size) throws Exception {
    assertThat(WebSocketEvents.decode(wire("TEXT " + size + "\r\n0123456789\r\n")))
        .containsExactly(new Text("0123456789"));
  }

  @Test
  void mixedCaseSizeDecodes() throws Exception {
    byte[] content = new byte[0xff];
    byte[] body = concat(wire("BINARY fF\r\n"), content, wire("\r\n"));
    assertThat(WebSocketEvents.decode(body)).containsExactly(new Binary(content));
  }

  // --- Limits and arguments ---

  @Test
  void bodyOfExactlyTheLimitDecodes() throws Exception {
    // 12 bytes.
    assertThat(WebSocketEvents.decode(wire("TEXT 2\r\nok\r\n"), 12))
        .containsExactly(new Text("ok"));
  }

  @Test
  void defaultLimitIsOneMebibyte() throws Exception {
    // "BINARY ffff0\r\n" (14 bytes) + 0xffff0 content bytes + "\r\n" = exactly 1 MiB.
    byte[] body = WebSocketEvents.encode(List.of(new Binary(new byte[0xffff0])));
    assertThat(body).hasSize(WebSocketEvents.DEFAULT_MAX_BODY_BYTES).hasSize(1 << 20);
    assertBytes(Arrays.copyOf(body, 14), wire("BINARY ffff0\r\n"));
    assertThat(WebSocketEvents.decode(body)).containsExactly(new Binary(new byte[0xffff0]));
    byte[] over = Arrays.copyOf(body, body.length + 1);
    assertThatThrownBy(() -> WebSocketEvents.decode(over))
        .hasMessage("body of 1048577 bytes exceeds the limit of 1048576 bytes at offset 1048576");
  }

  @Test
  void nullArgumentsAreRejectedByName() {
    assertThatThrownBy(() -> WebSocketEvents.decode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("body == null");
    assertThatThrownBy(() -> WebSocketEvents.encode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("events == null");
    List<WebSocketEvent> withNull = new ArrayList<>();
    withNull.add(new Open());
    withNull.add(null);
    assertThatThrownBy(() -> WebSocketEvents.encode(withNull))
        .isInstanceOf(NullPointerException.class).hasMessage("events[1] == null");
  }

  @Test
  void negativeLimitIsMisuse() {
    assertThatThrownBy(() -> WebSocketEvents.decode(new byte[0], -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBodyBytes < 0: -1");
  }

  // --- Event values ---

  @ParameterizedTest(name = "{0}")
  @MethodSource("byteEvents")
  void byteEventsCompareByContentAndType(String name, Function<byte[], WebSocketEvent> make) {
    WebSocketEvent event = make.apply(bytes(1, 2, 0xff));
    assertThat(event).isEqualTo(make.apply(bytes(1, 2, 0xff)));
    assertThat(event.hashCode()).isEqualTo(make.apply(bytes(1, 2, 0xff)).hashCode());
    assertThat(event).isNotEqualTo(make.apply(bytes(1, 2, 0xfe)));
    assertThat(event).isNotEqualTo(make.apply(bytes(1, 2)));
    for (Function<byte[], WebSocketEvent> other :
        List.<Function<byte[], WebSocketEvent>>of(Binary::new, Ping::new, Pong::new)) {
      WebSocketEvent sameBytes = other.apply(bytes(1, 2, 0xff));
      if (sameBytes.type() != event.type()) {
        assertThat(event).isNotEqualTo(sameBytes);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("byteEvents")
  void byteEventsCopyTheirBytesInAndOut(String name, Function<byte[], WebSocketEvent> make) {
    byte[] given = bytes(1, 2, 3);
    WebSocketEvent event = make.apply(given);
    given[0] = 9;
    byte[] returned = content(event);
    assertThat(returned).containsExactly(1, 2, 3);
    returned[1] = 9;
    assertThat(content(event)).containsExactly(1, 2, 3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("byteEvents")
  void byteEventsShowTheirContent(String name, Function<byte[], WebSocketEvent> make) {
    String type = name.substring(0, 1).toUpperCase() + name.substring(1);
    assertThat(make.apply(ascii("abc"))).hasToString(type + "[\"abc\"]");
    assertThat(make.apply(new byte[0])).hasToString(type + "[\"\"]");
    assertThat(make.apply(bytes(0x00, 0xff, 0x0d, 0x0a))).hasToString(type + "[00 ff 0d 0a]");
    byte[] long40 = new byte[40];
    Arrays.fill(long40, (byte) 'a');
    assertThat(make.apply(long40))
        .hasToString(type + "[\"" + "a".repeat(32) + "\"... (40 bytes)]");
  }

  static Stream<Arguments> byteEvents() {
    return Stream.of(
        Arguments.of("binary", (Function<byte[], WebSocketEvent>) Binary::new),
        Arguments.of("ping", (Function<byte[], WebSocketEvent>) Ping::new),
        Arguments.of("pong", (Function<byte[], WebSocketEvent>) Pong::new));
  }

  @Test
  void decodedBytesDoNotAliasTheBody() throws Exception {
    byte[] body = wire("BINARY 3\r\nabc\r\n");
    WebSocketEvent event = WebSocketEvents.decode(body).get(0);
    body[10] = 'X';
    assertThat(event).isEqualTo(new Binary(ascii("abc")));
  }

  @Test
  void encodingDoesNotChangeTheEvents() {
    Binary binary = new Binary(ascii("abc"));
    byte[] body = WebSocketEvents.encode(List.of(binary));
    body[10] = 'X';
    assertThat(binary.content()).isEqualTo(ascii("abc"));
  }

  @Test
  void textAndCloseCompareByContent() {
    assertThat(new Text("hi")).isEqualTo(new Text("hi")).hasSameHashCodeAs(new Text("hi"))
        .isNotEqualTo(new Text("ho")).hasToString("Text[content=hi]");
    assertThat(new Close(1000)).isEqualTo(new Close(1000, "")).hasSameHashCodeAs(new Close(1000))
        .isNotEqualTo(new Close(1001)).isNotEqualTo(new Close(1000, "bye"));
    assertThat(new Close(1000, "bye")).hasToString("Close[code=1000, reason=bye]");
    assertThat(Close.withoutCode()).isEqualTo(new Close(1005))
        .hasToString("Close[code=1005, reason=]");
  }

  @Test
  void eventsWithoutContentAreEqualByType() {
    assertThat(new Open()).isEqualTo(new Open()).hasSameHashCodeAs(new Open())
        .isNotEqualTo(new Disconnect()).hasToString("Open[]");
    assertThat(new Disconnect()).isEqualTo(new Disconnect()).hasToString("Disconnect[]");
  }

  @Test
  void everyEventNamesItsType() {
    assertThat(Stream.of(new Open(), new Text(""), new Binary(new byte[0]),
            new Ping(new byte[0]), new Pong(new byte[0]), new Close(1000), new Disconnect())
        .map(WebSocketEvent::type))
        .containsExactly(Type.values());
  }

  @Test
  void closeCodeOutsideSixteenBitsIsMisuse() {
    assertThatThrownBy(() -> new Close(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close code out of range 0..65535: -1");
    assertThatThrownBy(() -> new Close(65536, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close code out of range 0..65535: 65536");
  }

  @Test
  void closeWithoutCodeCannotCarryAReason() {
    assertThatThrownBy(() -> new Close(1005, "bye"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a close without status code cannot carry a reason");
  }

  @Test
  void nullContentIsMisuse() {
    assertThatThrownBy(() -> new Text(null)).hasMessage("content == null");
    assertThatThrownBy(() -> new Binary(null)).hasMessage("content == null");
    assertThatThrownBy(() -> new Ping(null)).hasMessage("content == null");
    assertThatThrownBy(() -> new Pong(null)).hasMessage("content == null");
    assertThatThrownBy(() -> new Close(1000, null)).hasMessage("reason == null");
  }

  // --- helpers ---

  private static byte[] content(WebSocketEvent event) {
    if (event instanceof Binary b) {
      return b.content();
    } else if (event instanceof Ping p) {
      return p.content();
    } else {
      return ((Pong) event).content();
    }
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int pos = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, pos, part.length);
      pos += part.length;
    }
    return out;
  }
}
