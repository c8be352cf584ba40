package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Helpers for the byte-holding events. */
final class Bytes {
  private static final int SHOWN = 32;

  private Bytes() {}

  /** A short printable form: UTF-8 text when it is printable ASCII, hex otherwise. */
  static String describe(byte[] bytes) {
    boolean ascii = true;
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        ascii = false;
        break;
      }
    }
    int shown = Math.min(bytes.length, SHOWN);
    String head = ascii
        ? '"' + new String(bytes, 0, shown, StandardCharsets.US_ASCII) + '"'
        : HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown);
    return bytes.length > SHOWN ? head + "... (" + bytes.length + " bytes)" : head;
  }
}
