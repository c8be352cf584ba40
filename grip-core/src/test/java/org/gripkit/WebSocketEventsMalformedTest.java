package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.gripkit.Wire.wire;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gripkit.WebSocketEvent.Binary;
import org.gripkit.WebSocketEvent.Close;
import org.gripkit.WebSocketEvent.Disconnect;
import org.gripkit.WebSocketEvent.Open;
import org.gripkit.WebSocketEvent.Ping;
import org.gripkit.WebSocketEvent.Pong;
import org.gripkit.WebSocketEvent.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bodies that break the protocol: each fails with one exact reason at one exact offset. */
class WebSocketEventsMalformedTest {

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource
  void malformedBodyIsRejected(String fault, String body, String reason, int offset) {
    WebSocketProtocolException e = catchThrowableOfType(WebSocketProtocolException.class,
        () -> WebSocketEvents.decode(wire(body)));
    assertThat(e).as("decoding %s", body).isNotNull();
    assertThat(e.getMessage()).isEqualTo(reason + " at offset " + offset);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.offset()).isEqualTo(offset);
  }

  static Stream<Arguments> malformedBodyIsRejected() {
    return Stream.of(
        // Event types
        row("unknown type", "FOO 3\r\nabc\r\n", "unknown event type \"FOO\"", 0),
        row("unknown type after a valid event", "TEXT 2\r\nok\r\nMESSAGE 2\r\nok\r\n",
            "unknown event type \"MESSAGE\"", 12),
        row("lower-case type", "text 5\r\nhello\r\n", "unknown event type \"text\"", 0),
        row("mixed-case type", "Text 5\r\nhello\r\n", "unknown event type \"Text\"", 0),
        row("type with a known prefix", "DISCONNECTED\r\n", "unknown event type \"DISCONNECTED\"",
            0),
        row("type longer than any known", "ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n",
            "unknown event type \"ABCDEFGHIJKLMNOP\"", 0),
        row("non-ASCII in type", "T\\xC3\\x89XT\r\n", "unknown event type \"T\\xC3\\x89XT\"", 0),
        row("empty line", "\r\nTEXT 2\r\nok\r\n", "expected an event type", 0),
        row("leading space", " TEXT 2\r\nok\r\n", "expected an event type", 0),
        row("NUL byte", "\\x00", "expected an event type", 0),
        // Sizes
        row("non-hex size", "TEXT g\r\nhello\r\n", "expected a hexadecimal event size", 5),
        row("missing size after space", "TEXT \r\n", "expected a hexadecimal event size", 5),
        row("space at end of body", "OPEN ", "expected a hexadecimal event size", 5),
        row("negative size", "TEXT -1\r\n\r\n", "expected a hexadecimal event size", 5),
        row("size with plus sign", "TEXT +5\r\nhello\r\n", "expected a hexadecimal event size",
            5),
        row("two spaces before size", "TEXT  5\r\nhello\r\n", "expected a hexadecimal event size",
            5),
        row("nine hex digits", "TEXT 000000005\r\nhello\r\n",
            "event size has more than 8 hex digits", 5),
        row("size of 2^32", "TEXT 100000000\r\n", "event size has more than 8 hex digits", 5),
        row("size past the end", "TEXT 10\r\nhello\r\n",
            "event size 16 exceeds the 7 bytes left in the body", 9),
        row("size one past the content", "TEXT 5\r\nhell",
            "event size 5 exceeds the 4 bytes left in the body", 8),
        row("size on OPEN past the end", "OPEN 5\r\nab\r\n",
            "event size 5 exceeds the 4 bytes left in the body", 8),
        row("size 7fffffff", "TEXT 7fffffff\r\nabcde",
            "event size 2147483647 exceeds the 5 bytes left in the body", 15),
        row("size 80000000, negative as an int", "TEXT 80000000\r\nabcde",
            "event size 2147483648 exceeds the 5 bytes left in the body", 15),
        row("size ffffffff", "TEXT ffffffff\r\nabcde",
            "event size 4294967295 exceeds the 5 bytes left in the body", 15),
        row("size FFFFFFFF", "BINARY FFFFFFFF\r\n",
            "event size 4294967295 exceeds the 0 bytes left in the body", 17),
        // Line ends
        row("missing CRLF after type at end", "TEXT", "missing CRLF after event type", 4),
        row("type then a digit", "TEXT5\r\nhello\r\n", "missing CRLF after event type", 4),
        row("LF alone after type", "OPEN\nTEXT 2\r\nok\r\n", "missing CRLF after event type", 4),
        row("CR without LF after type", "OPEN\rTEXT 2\r\nok\r\n", "missing CRLF after event type",
            4),
        row("CR at end after type", "OPEN\r", "missing CRLF after event type", 4),
        row("missing CRLF after size at end", "TEXT 5", "missing CRLF after event size", 6),
        row("LF alone after size", "TEXT 5\nhello\r\n", "missing CRLF after event size", 6),
        row("CR without LF after size", "TEXT 2\rok\r\n", "missing CRLF after event size", 6),
        row("space after size", "TEXT 5 \r\nhello\r\n", "missing CRLF after event size", 6),
        row("chunk extension after size", "TEXT 5;x=y\r\nhello\r\n",
            "missing CRLF after event size", 6),
        row("missing CRLF after content at end", "TEXT 5\r\nhello",
            "missing CRLF after event content", 13),
        row("content longer than size", "TEXT 5\r\nhello!\r\n",
            "missing CRLF after event content", 13),
        row("LF alone after content", "TEXT 5\r\nhello\n", "missing CRLF after event content",
            13),
        row("CR without LF after content", "TEXT 2\r\nok\rX", "missing CRLF after event content",
            10),
        row("CR at end after content", "TEXT 2\r\nok\r", "missing CRLF after event content", 10),
        // UTF-8 in TEXT: the offset is the first byte of the bad sequence
        row("overlong 2-byte slash", "TEXT 2\r\n\\xC0\\xAF\r\n", "invalid UTF-8", 8),
        row("overlong 3-byte slash", "TEXT 5\r\nab\\xE0\\x80\\xAF\r\n", "invalid UTF-8", 10),
        row("overlong 4-byte", "TEXT 4\r\n\\xF0\\x8F\\xBF\\xBF\r\n", "invalid UTF-8", 8),
        row("surrogate U+D800", "TEXT 3\r\n\\xED\\xA0\\x80\r\n", "invalid UTF-8", 8),
        row("CESU-8 pair for U+1F600", "TEXT 7\r\nh\\xED\\xA0\\xBD\\xED\\xB8\\x80\r\n",
            "invalid UTF-8", 9),
        row("truncated at end of content", "TEXT 3\r\nok\\xC3\r\n", "invalid UTF-8", 10),
        row("truncated 3-byte then ASCII", "TEXT 4\r\n\\xE2\\x82ab\r\n", "invalid UTF-8", 8),
        row("truncated 4-byte at end", "TEXT 4\r\nx\\xF0\\x9F\\x98\r\n", "invalid UTF-8", 9),
        row("above U+10FFFF with F4", "TEXT 4\r\n\\xF4\\x90\\x80\\x80\r\n", "invalid UTF-8", 8),
        row("above U+10FFFF with F5", "TEXT 4\r\n\\xF5\\x80\\x80\\x80\r\n", "invalid UTF-8", 8),
        row("stray continuation byte", "TEXT 3\r\nh\\x80i\r\n", "invalid UTF-8", 9),
        row("byte FF", "TEXT 1\r\n\\xFF\r\n", "invalid UTF-8", 8),
        row("bad byte after valid multi-byte text", "TEXT 6\r\né\\xA9abc\r\n", "invalid UTF-8",
            10),
        row("bad byte in the second event", "TEXT 2\r\nok\r\nTEXT 3\r\nh\\x80i\r\n",
            "invalid UTF-8", 21),
        // CLOSE
        row("invalid UTF-8 in close reason", "CLOSE 3\r\n\\x03\\xE8\\xFF\r\n", "invalid UTF-8",
            11),
        row("truncated UTF-8 in close reason", "CLOSE 4\r\n\\x03\\xE8o\\xE2\r\n",
            "invalid UTF-8", 12),
        row("close content of 1 byte", "CLOSE 1\r\n\\x03\r\n",
            "close content of 1 byte (a status code takes 2)", 9),
        row("close code 1005 sent", "CLOSE 2\r\n\\x03\\xED\r\n",
            "close status code 1005 must not be sent", 9),
        row("close code 1005 sent with reason", "CLOSE 5\r\n\\x03\\xEDbye\r\n",
            "close status code 1005 must not be sent", 9),
        // After the last event
        row("trailing letters", "TEXT 2\r\nok\r\nxyz", "unknown event type \"xyz\"", 12),
        row("trailing partial type", "TEXT 2\r\nok\r\nTE", "unknown event type \"TE\"", 12),
        row("trailing CRLF", "TEXT 2\r\nok\r\n\r\n", "expected an event type", 12),
        row("trailing NUL", "OPEN\r\n\\x00", "expected an event type", 6),
        row("trailing partial event", "TEXT 2\r\nok\r\nTEXT 2\r\no",
            "event size 2 exceeds the 1 bytes left in the body", 20));
  }

  private static Arguments row(String fault, String body, String reason, int offset) {
    return Arguments.of(fault, body, reason, offset);
  }

  @Test
  void everyTruncationOfAValidBodyDecodesWholeEventsOrFails() throws Exception {
    List<WebSocketEvent> events = List.of(new Open(), new Text("héllo 😀"),
        new Binary(new byte[] {'\r', '\n'}), new Ping(new byte[] {'p'}), new Pong(new byte[0]),
        new Close(1001, "bye"), Close.withoutCode(), new Disconnect());
    byte[] body = WebSocketEvents.encode(events);
    Map<Integer, Integer> eventsEndingAt = new HashMap<>();
    for (int k = 0; k <= events.size(); k++) {
      eventsEndingAt.put(WebSocketEvents.encode(events.subList(0, k)).length, k);
    }
    for (int cut = 0; cut <= body.length; cut++) {
      byte[] prefix = Arrays.copyOf(body, cut);
      Integer whole = eventsEndingAt.get(cut);
      if (whole != null) {
        assertThat(WebSocketEvents.decode(prefix)).isEqualTo(events.subList(0, whole));
      } else {
        WebSocketProtocolException e = catchThrowableOfType(WebSocketProtocolException.class,
            () -> WebSocketEvents.decode(prefix));
        assertThat(e).as("cut at %d: \"%s\"", cut, Wire.escape(prefix)).isNotNull();
        assertThat(e.offset()).isBetween(0L, (long) cut);
      }
    }
    assertThat(eventsEndingAt).hasSize(events.size() + 1);
  }

  @Test
  void bodyOverTheLimitIsRejectedBeforeParsing() {
    // 12 bytes against a limit of 11; the body itself is valid.
    assertThatThrownBy(() -> WebSocketEvents.decode(wire("TEXT 2\r\nok\r\n"), 11))
        .isInstanceOf(WebSocketProtocolException.class)
        .hasMessage("body of 12 bytes exceeds the limit of 11 bytes at offset 11");
  }

  @Test
  void malformedBodyOverTheLimitReportsTheLimit() {
    assertThatThrownBy(() -> WebSocketEvents.decode(wire("FOO\r\n"), 0))
        .hasMessage("body of 5 bytes exceeds the limit of 0 bytes at offset 0");
  }

  @Test
  void hugeSizeFailsWithoutAllocatingTheContent() {
    // "TEXT ffffffff\r\n" + 5 bytes: 20 bytes claiming a 4 GiB message.
    byte[] body = wire("TEXT ffffffff\r\nabcde");
    assertThat(body).hasSize(20);
    assertThatThrownBy(() -> WebSocketEvents.decode(body))
        .hasMessage("event size 4294967295 exceeds the 5 bytes left in the body at offset 15");

    long before = allocatedByThisThread();
    assumeTrue(before >= 0, "needs the JDK's per-thread allocation counter");
    for (int i = 0; i < 10; i++) {
      try {
        WebSocketEvents.decode(body);
      } catch (WebSocketProtocolException expected) {
        // the exception, its message and stack trace are all that may be allocated
      }
    }
    long perCall = (allocatedByThisThread() - before) / 10;
    assertThat(perCall).as("bytes allocated per decode").isLessThan(64 * 1024);
  }

  /**
   * Bytes allocated so far by this thread, from com.sun.management.ThreadMXBean, or -1 where the
   * JVM has no such counter. Reflective because the tests compile inside module org.gripkit,
   * which does not read java.management.
   */
  private static long allocatedByThisThread() {
    try {
      Object threads = Class.forName("java.lang.management.ManagementFactory")
          .getMethod("getThreadMXBean").invoke(null);
      Class<?> sun = Class.forName("com.sun.management.ThreadMXBean");
      if (!sun.isInstance(threads)) {
        return -1;
      }
      Method allocated = sun.getMethod("getThreadAllocatedBytes", long.class);
      return (long) allocated.invoke(threads, Thread.currentThread().getId());
    } catch (ReflectiveOperationException | UnsupportedOperationException e) {
      return -1;
    }
  }
}
