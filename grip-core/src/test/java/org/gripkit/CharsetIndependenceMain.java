package org.gripkit;

import static org.gripkit.Wire.wire;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the BH-01 decode and encode cases (and a few more with non-ASCII bytes) and prints one
 * ASCII line per result, so that a JVM started with another {@code file.encoding} can be
 * compared with this one. Output is ASCII whatever the platform charset: bytes are escaped as in
 * {@link Wire#escape}, characters as {@code \\u{hex}}.
 */
final class CharsetIndependenceMain {
  private CharsetIndependenceMain() {}

  public static void main(String[] args) {
    System.out.println("default charset " + Charset.defaultCharset().name());
    results().forEach(System.out::println);
    System.out.flush();
  }

  static List<String> results() {
    List<String> out = new ArrayList<>();
    for (String body : new String[] {
        "TEXT b\r\nhéllo 😀\r\nTEXT 2\r\nok\r\n", // BH-01 decode
        "TEXT 9\r\n日本語\r\n", // BH-01 decode
        "CLOSE 8\r\n\\x03\\xE8ça va\r\n", // a close reason outside ASCII
        "TEXT 2\r\n\\xC3\\x28\r\n", // invalid UTF-8 that ISO-8859-1 would accept
        "T\\xC3\\x89XT 1\r\nx\r\n", // a type with non-ASCII bytes, quoted in the message
    }) {
      out.add("decode \"" + Wire.escape(wire(body)) + "\" -> " + decode(wire(body)));
    }
    for (WebSocketEvent event : List.<WebSocketEvent>of(
        new WebSocketEvent.Text("héllo 😀"), // BH-01 encode
        new WebSocketEvent.Text("日本語"),
        new WebSocketEvent.Close(4001, "ça va"))) {
      out.add("encode " + describe(event) + " -> \""
          + Wire.escape(WebSocketEvents.encode(List.of(event))) + "\"");
    }
    return out;
  }

  private static String decode(byte[] body) {
    try {
      return WebSocketEvents.decode(body).stream()
          .map(CharsetIndependenceMain::describe)
          .collect(Collectors.joining(", "));
    } catch (WebSocketProtocolException e) {
      return "error " + ascii(e.getMessage());
    }
  }

  private static String describe(WebSocketEvent event) {
    if (event instanceof WebSocketEvent.Text t) {
      return "TEXT \"" + ascii(t.content()) + "\"";
    } else if (event instanceof WebSocketEvent.Close c) {
      return "CLOSE " + c.code() + " \"" + ascii(c.reason()) + "\"";
    }
    return ascii(event.toString());
  }

  private static String ascii(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (cp >= 0x20 && cp <= 0x7e && cp != '\\') {
        out.append((char) cp);
      } else {
        out.append("\\u{").append(Integer.toHexString(cp)).append('}');
      }
    });
    return out.toString();
  }
}
