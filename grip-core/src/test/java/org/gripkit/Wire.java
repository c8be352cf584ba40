package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Wire fixtures written as in CASES.md: {@code \r\n} is CR LF, {@code \xHH} (written {@code
 * "\\xHH"} in Java source) is one raw byte, everything else is UTF-8.
 */
final class Wire {
  private Wire() {}

  /** The bytes of a fixture such as {@code "CLOSE 2\r\n\\x03\\xE8\r\n"}. */
  static byte[] wire(String fixture) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < fixture.length()) {
      if (fixture.startsWith("\\x", i)) {
        out.write(HexFormat.fromHexDigits(fixture, i + 2, i + 4));
        i += 4;
      } else {
        int cp = fixture.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toByteArray();
  }

  /**
   * One byte per token, injective, so that two bodies differ exactly when their escaped forms do:
   * printable ASCII as itself, {@code \r}, {@code \n}, {@code \\}, and {@code \xHH} for the rest.
   */
  static String escape(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      if (b == '\r') {
        out.append("\\r");
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b == '\\') {
        out.append("\\\\");
      } else if (b >= 0x20 && b <= 0x7e) {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Asserts exact bytes, showing both sides escaped when they differ. */
  static void assertBytes(byte[] actual, byte[] expected) {
    assertThat(escape(actual)).isEqualTo(escape(expected));
    assertThat(actual).isEqualTo(expected);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
