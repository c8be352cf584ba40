package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The WebSocket-over-HTTP event codec: turns a request body into events and events into a
 * response body.
 *
 * <p>The wire format, from <a href="https://pushpin.org/docs/protocols/websocket-over-http/">the
 * protocol</a>, is a sequence of events, each either
 *
 * <pre>
 *   TYPE CRLF                            an event without content
 *   TYPE SP size CRLF content CRLF       size: content length in bytes, hexadecimal
 * </pre>
 *
 * where TYPE is one of {@code OPEN TEXT BINARY PING PONG CLOSE DISCONNECT}. CLOSE content is a
 * 2-byte big-endian status code followed by an optional UTF-8 reason. Content on an OPEN or a
 * DISCONNECT is allowed and ignored.
 *
 * <p>Decoding never allocates more than the body's own size, never reads past the body, and
 * reports every fault with one exception, {@link WebSocketProtocolException}, naming the byte
 * offset. This class is stateless and thread-safe.
 */
public final class WebSocketEvents {
  /** The body limit of {@link #decode(byte[])}: 1 MiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte SP = ' ';
  /** Sizes of up to 8 hex digits: a body is a Java array, so anything longer is out of range. */
  private static final int MAX_SIZE_DIGITS = 8;
  /** The longest type name ("DISCONNECT"); a longer run of letters is not a type. */
  private static final int MAX_TYPE_LENGTH = 10;

  private static final byte[] OPEN = ascii("OPEN");
  private static final byte[] TEXT = ascii("TEXT");
  private static final byte[] BINARY = ascii("BINARY");
  private static final byte[] PING = ascii("PING");
  private static final byte[] PONG = ascii("PONG");
  private static final byte[] CLOSE = ascii("CLOSE");
  private static final byte[] DISCONNECT = ascii("DISCONNECT");

  /** Indexed by {@link WebSocketEvent.Type#ordinal()}. */
  private static final byte[][] TYPE_NAMES = {OPEN, TEXT, BINARY, PING, PONG, CLOSE, DISCONNECT};
  /** Most frequent first. */
  private static final byte[][] TYPES = {TEXT, BINARY, OPEN, CLOSE, PING, PONG, DISCONNECT};

  private static final byte[] HEX = ascii("0123456789abcdef");

  private WebSocketEvents() {}

  /**
   * Decodes a request body of at most {@link #DEFAULT_MAX_BODY_BYTES}.
   *
   * @return the events in body order; empty for an empty body (a keep-alive request)
   * @throws WebSocketProtocolException if the body is malformed or too large
   */
  public static List<WebSocketEvent> decode(byte[] body) throws WebSocketProtocolException {
    return decode(body, DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * Decodes a request body of at most {@code maxBodyBytes}.
   *
   * @return the events in body order; empty for an empty body (a keep-alive request)
   * @throws WebSocketProtocolException if the body is malformed or longer than {@code
   *     maxBodyBytes}
   * @throws IllegalArgumentException if {@code maxBodyBytes} is negative
   */
  public static List<WebSocketEvent> decode(byte[] body, int maxBodyBytes)
      throws WebSocketProtocolException {
    Objects.requireNonNull(body, "body == null");
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes < 0: " + maxBodyBytes);
    }
    if (body.length > maxBodyBytes) {
      throw new WebSocketProtocolException(
          "body of " + body.length + " bytes exceeds the limit of " + maxBodyBytes + " bytes",
          maxBodyBytes);
    }
    return new Decoder(body).decodeAll();
  }

  /**
   * Encodes events into a body. Sizes are lower-case hexadecimal byte counts; an {@link
   * WebSocketEvent.Open}, a {@link WebSocketEvent.Disconnect} and a close without a status code
   * are written without a size.
   */
  public static byte[] encode(List<? extends WebSocketEvent> events) {
    Objects.requireNonNull(events, "events == null");
    // Two passes: content bytes and exact length first, then one array filled once.
    byte[][] types = new byte[events.size()][];
    byte[] @Nullable [] contents = new byte[events.size()][];
    int length = 0;
    for (int i = 0; i < events.size(); i++) {
      WebSocketEvent event = Objects.requireNonNull(events.get(i), "events[" + i + "] == null");
      byte @Nullable [] content;
      types[i] = TYPE_NAMES[event.type().ordinal()];
      if (event instanceof WebSocketEvent.Text t) {
        content = t.content().getBytes(StandardCharsets.UTF_8);
      } else if (event instanceof WebSocketEvent.Binary b) {
        content = b.content();
      } else if (event instanceof WebSocketEvent.Ping p) {
        content = p.content();
      } else if (event instanceof WebSocketEvent.Pong p) {
        content = p.content();
      } else if (event instanceof WebSocketEvent.Close c && c.hasCode()) {
        content = closePayload(c.code(), c.reason());
      } else {
        content = null;
      }
      contents[i] = content;
      length += types[i].length + 2;
      if (content != null) {
        length += 1 + hexDigits(content.length) + content.length + 2;
      }
    }
    byte[] out = new byte[length];
    int pos = 0;
    for (int i = 0; i < types.length; i++) {
      System.arraycopy(types[i], 0, out, pos, types[i].length);
      pos += types[i].length;
      byte[] content = contents[i];
      if (content != null) {
        out[pos++] = SP;
        int digits = hexDigits(content.length);
        for (int d = digits - 1; d >= 0; d--) {
          out[pos + d] = HEX[(content.length >>> (4 * (digits - 1 - d))) & 0xf];
        }
        pos += digits;
        out[pos++] = CR;
        out[pos++] = LF;
        System.arraycopy(content, 0, out, pos, content.length);
        pos += content.length;
      }
      out[pos++] = CR;
      out[pos++] = LF;
    }
    return out;
  }

  static byte[] closePayload(int code, String reason) {
    byte[] reasonBytes = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + reasonBytes.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(reasonBytes, 0, payload, 2, reasonBytes.length);
    return payload;
  }

  private static int hexDigits(int value) {
    return value == 0 ? 1 : (35 - Integer.numberOfLeadingZeros(value)) / 4;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** One pass over one body. Every fault goes through {@link #fail}. */
  private static final class Decoder {
    private final byte[] body;
    private int pos;

    Decoder(byte[] body) {
      this.body = body;
    }

    List<WebSocketEvent> decodeAll() throws WebSocketProtocolException {
      List<WebSocketEvent> events = new ArrayList<>();
      while (pos < body.length) {
        events.add(next());
      }
      return events;
    }

    private WebSocketEvent next() throws WebSocketProtocolException {
      int typeStart = pos;
      while (pos < body.length && pos - typeStart <= MAX_TYPE_LENGTH && isUpper(body[pos])) {
        pos++;
      }
      int typeEnd = pos;
      // A word that starts with a lower-case letter ("text") is a wrong type, not a missing one.
      if (typeEnd == typeStart && !isLower(body[typeStart])) {
        throw fail("expected an event type", typeStart);
      }
      byte[] type = typeName(typeStart, typeEnd);
      if (type == null) {
        throw fail("unknown event type \"" + printable(typeStart) + "\"", typeStart);
      }
      if (pos == body.length) {
        throw fail("missing CRLF after event type", pos);
      }
      int contentStart = pos;
      int contentLength = -1;
      if (body[pos] == SP) {
        pos++;
        long size = size();
        expectCrlf("missing CRLF after event size");
        contentStart = pos;
        if (size > body.length - pos) {
          throw fail("event size " + size + " exceeds the "
              + (body.length - pos) + " bytes left in the body", contentStart);
        }
        contentLength = (int) size;
        pos += contentLength;
        expectCrlf("missing CRLF after event content");
      } else {
        expectCrlf("missing CRLF after event type");
      }
      return event(type, contentStart, Math.max(contentLength, 0), typeStart);
    }

    private WebSocketEvent event(byte[] type, int start, int length, int typeStart)
        throws WebSocketProtocolException {
      if (type == OPEN) {
        return new WebSocketEvent.Open();
      } else if (type == DISCONNECT) {
        return new WebSocketEvent.Disconnect();
      } else if (type == TEXT) {
        return new WebSocketEvent.Text(utf8(start, length));
      } else if (type == BINARY) {
        return new WebSocketEvent.Binary(copy(start, length));
      } else if (type == PING) {
        return new WebSocketEvent.Ping(copy(start, length));
      } else if (type == PONG) {
        return new WebSocketEvent.Pong(copy(start, length));
      } else {
        if (length == 0) {
          return WebSocketEvent.Close.withoutCode();
        }
        if (length == 1) {
          throw fail("close content of 1 byte (a status code takes 2)", start);
        }
        int code = ((body[start] & 0xff) << 8) | (body[start + 1] & 0xff);
        String reason = utf8(start + 2, length - 2);
        if (code == WebSocketEvent.Close.NO_STATUS_CODE) {
          throw fail("close status code 1005 must not be sent", start);
        }
        return new WebSocketEvent.Close(code, reason);
      }
    }

    private byte @Nullable [] typeName(int start, int end) {
      for (byte[] candidate : TYPES) {
        if (candidate.length == end - start
            && Arrays.equals(body, start, end, candidate, 0, candidate.length)) {
          return candidate;
        }
      }
      return null;
    }

    /**
     * Reads hex digits at {@link #pos}; at least one, at most {@link #MAX_SIZE_DIGITS}. The value
     * may exceed an int; the caller compares it with what is left of the body.
     */
    private long size() throws WebSocketProtocolException {
      int start = pos;
      long value = 0;
      while (pos < body.length) {
        int digit = Character.digit(body[pos], 16);
        if (digit < 0) {
          break;
        }
        if (pos - start == MAX_SIZE_DIGITS) {
          throw fail("event size has more than " + MAX_SIZE_DIGITS + " hex digits", start);
        }
        value = value * 16 + digit;
        pos++;
      }
      if (pos == start) {
        throw fail("expected a hexadecimal event size", start);
      }
      return value;
    }

    private void expectCrlf(String reason) throws WebSocketProtocolException {
      if (pos + 1 < body.length && body[pos] == CR && body[pos + 1] == LF) {
        pos += 2;
        return;
      }
      throw fail(reason, pos);
    }

    private String utf8(int start, int length) throws WebSocketProtocolException {
      int bad = Utf8.firstInvalid(body, start, start + length);
      if (bad >= 0) {
        throw fail("invalid UTF-8", bad);
      }
      return new String(body, start, length, StandardCharsets.UTF_8);
    }

    private byte[] copy(int start, int length) {
      return Arrays.copyOfRange(body, start, start + length);
    }

    private String printable(int start) {
      StringBuilder out = new StringBuilder();
      for (int i = start; i < body.length && i - start < 16; i++) {
        byte b = body[i];
        if (b == SP || b == CR || b == LF) {
          break;
        }
        out.append(b >= 0x21 && b <= 0x7e ? Character.toString(b) : String.format("\\x%02X", b));
      }
      return out.toString();
    }

    private static boolean isUpper(byte b) {
      return b >= 'A' && b <= 'Z';
    }

    private static boolean isLower(byte b) {
      return b >= 'a' && b <= 'z';
    }

    private static WebSocketProtocolException fail(String reason, int offset) {
      return new WebSocketProtocolException(reason, offset);
    }
  }
}
