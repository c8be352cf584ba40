package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.Wire.assertBytes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.gripkit.WebSocketEvent.Binary;
import org.gripkit.WebSocketEvent.Close;
import org.gripkit.WebSocketEvent.Disconnect;
import org.gripkit.WebSocketEvent.Open;
import org.gripkit.WebSocketEvent.Ping;
import org.gripkit.WebSocketEvent.Pong;
import org.gripkit.WebSocketEvent.Text;

/** Round trips over generated events: the codec loses nothing and adds nothing. */
class WebSocketEventsPropertyTest {

  @Property
  void decodingAnEncodedListGivesItBack(@ForAll("eventLists") List<WebSocketEvent> events)
      throws Exception {
    byte[] body = WebSocketEvents.encode(events);
    assertThat(WebSocketEvents.decode(body, Integer.MAX_VALUE)).isEqualTo(events);
  }

  @Property
  void reencodingADecodedBodyGivesTheSameBytes(@ForAll("eventLists") List<WebSocketEvent> events)
      throws Exception {
    byte[] body = WebSocketEvents.encode(events);
    assertBytes(WebSocketEvents.encode(WebSocketEvents.decode(body, Integer.MAX_VALUE)), body);
  }

  @Property(tries = 300)
  void bodiesConcatenateAsTheirEventLists(
      @ForAll("eventLists") List<WebSocketEvent> first,
      @ForAll("eventLists") List<WebSocketEvent> second) throws Exception {
    byte[] a = WebSocketEvents.encode(first);
    byte[] b = WebSocketEvents.encode(second);
    byte[] both = WebSocketEventsTest.concat(a, b);
    List<WebSocketEvent> expected = new ArrayList<>(first);
    expected.addAll(second);
    assertBytes(WebSocketEvents.encode(expected), both);
    assertThat(WebSocketEvents.decode(both, Integer.MAX_VALUE)).isEqualTo(expected);
  }

  @Property
  void textSizeIsTheUtf8ByteCountInLowerCaseHex(@ForAll("texts") String text) throws Exception {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] body = WebSocketEvents.encode(List.of(new Text(text)));
    byte[] expected = WebSocketEventsTest.concat(
        ("TEXT " + Integer.toHexString(utf8.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
        utf8, new byte[] {'\r', '\n'});
    assertBytes(body, expected);
    assertThat(WebSocketEvents.decode(body)).containsExactly(new Text(text));
  }

  @Property
  void payloadsWithLineBreaksRoundTrip(@ForAll("payloads") byte[] payload) throws Exception {
    List<WebSocketEvent> events = List.of(new Binary(payload), new Ping(payload),
        new Pong(payload), new Text("after"));
    assertThat(WebSocketEvents.decode(WebSocketEvents.encode(events))).isEqualTo(events);
  }

  /** Every code a peer may send (1005 is never sent), each without and with reasons. */
  @Property(generation = GenerationMode.EXHAUSTIVE, tries = 12_000)
  void everyCloseCodeRoundTripsBigEndian(
      @ForAll("closeCodes") int code, @ForAll("closeReasons") String reason) throws Exception {
    Close close = new Close(code, reason);
    byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
    byte[] body = WebSocketEvents.encode(List.of(close));
    byte[] expected = WebSocketEventsTest.concat(
        ("CLOSE " + Integer.toHexString(2 + reasonBytes.length) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII),
        new byte[] {(byte) (code >> 8), (byte) code}, reasonBytes, new byte[] {'\r', '\n'});
    assertBytes(body, expected);
    Close decoded = (Close) WebSocketEvents.decode(body).get(0);
    assertThat(decoded).isEqualTo(close);
    assertThat(decoded.code()).isEqualTo(code);
    assertThat(decoded.hasCode()).isTrue();
  }

  @Provide
  Arbitrary<Integer> closeCodes() {
    return Arbitraries.integers().between(1000, 4999).filter(code -> code != 1005);
  }

  @Provide
  Arbitrary<String> closeReasons() {
    return Arbitraries.of("", "bye", "ça va 😀 日本語");
  }

  @Provide
  Arbitrary<List<WebSocketEvent>> eventLists() {
    return events().list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<String> texts() {
    return codePoints().list().ofMaxSize(40).map(codePoints -> {
      StringBuilder text = new StringBuilder();
      codePoints.forEach(text::appendCodePoint);
      return text.toString();
    });
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    // CR, LF and space often, so payloads hold what looks like event framing.
    Arbitrary<Byte> bytes = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.bytes()),
        Tuple.of(2, Arbitraries.of((byte) '\r', (byte) '\n', (byte) ' ', (byte) 'T')));
    return Arbitraries.frequencyOf(
        Tuple.of(19, bytes.array(byte[].class).ofMaxSize(32)),
        Tuple.of(1, bytes.array(byte[].class).ofMinSize(256).ofMaxSize(1200)));
  }

  private Arbitrary<WebSocketEvent> events() {
    Arbitrary<WebSocketEvent> close = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Close.withoutCode())),
        Tuple.of(4, Arbitraries.integers().between(0, 0xffff).filter(code -> code != 1005)
            .flatMap(code -> texts().map(reason -> new Close(code, reason)))));
    return Arbitraries.oneOf(
        Arbitraries.just(new Open()),
        texts().map(Text::new),
        payloads().map(Binary::new),
        payloads().map(Ping::new),
        payloads().map(Pong::new),
        close,
        Arbitraries.just(new Disconnect()));
  }

  /** Valid Unicode scalar values only (no lone surrogates), weighted across UTF-8 lengths. */
  private static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0, 0x7f)),
        Tuple.of(2, Arbitraries.integers().between(0x80, 0x7ff)),
        Tuple.of(2, Arbitraries.integers().between(0x800, 0xffff)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)),
        Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)));
  }
}
