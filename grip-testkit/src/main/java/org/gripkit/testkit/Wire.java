package org.gripkit.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.gripkit.WebSocketEvent;
import org.jspecify.annotations.Nullable;

/**
 * Client events framed the way Pushpin 1.36 frames them (PUSHPIN-OBSERVED.md), written apart
 * from grip-core's encoder so that the kit does not test the library with itself:
 *
 * <pre>
 *   TYPE CRLF                         no content: OPEN, DISCONNECT, CLOSE without a code,
 *                                     and an empty TEXT, BINARY, PING or PONG
 *   TYPE SP hex CRLF content CRLF     hex: lower-case count of content bytes
 * </pre>
 *
 * Plus the one way bodies and byte strings are shown in assertion messages.
 */
final class Wire {
  static final String CONTENT_TYPE = "application/websocket-events";

  private Wire() {}

  static byte[] encode(List<? extends WebSocketEvent> events) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (WebSocketEvent event : events) {
      byte[] content = switch (event.type()) {
        case TEXT -> ((WebSocketEvent.Text) event).content().getBytes(StandardCharsets.UTF_8);
        case BINARY -> ((WebSocketEvent.Binary) event).content();
        case PING -> ((WebSocketEvent.Ping) event).content();
        case PONG -> ((WebSocketEvent.Pong) event).content();
        case CLOSE -> closePayload((WebSocketEvent.Close) event);
        case OPEN, DISCONNECT -> new byte[0];
      };
      out.writeBytes(event.type().name().getBytes(StandardCharsets.US_ASCII));
      if (content.length > 0) {
        out.write(' ');
        out.writeBytes(Integer.toHexString(content.length).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        out.writeBytes(content);
      }
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static byte[] closePayload(WebSocketEvent.Close close) {
    if (!close.hasCode()) {
      return new byte[0];
    }
    byte[] reason = close.reason().getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + reason.length];
    payload[0] = (byte) (close.code() >>> 8);
    payload[1] = (byte) close.code();
    System.arraycopy(reason, 0, payload, 2, reason.length);
    return payload;
  }

  /**
   * Bytes as a reader can compare them: valid UTF-8 as text, {@code \r} {@code \n} {@code \\}
   * escaped, other control bytes and invalid UTF-8 as {@code \xHH}; cut after {@code max}
   * characters.
   */
  static String show(byte[] bytes, int max) {
    @Nullable String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      text = null;
    }
    StringBuilder out = new StringBuilder();
    int length = text != null ? text.length() : bytes.length;
    int i = 0;
    for (; i < length && out.length() < max; i++) {
      int c = text != null ? text.charAt(i) : bytes[i] & 0xff;
      if (c == '\r') {
        out.append("\\r");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f || (text == null && c > 0x7f)) {
        out.append(String.format(Locale.ROOT, "\\x%02X", c));
      } else {
        out.append((char) c);
      }
    }
    if (i < length) {
      out.append("...");
    }
    return out.toString();
  }

  static String show(byte[] bytes) {
    return show(bytes, 400);
  }
}
