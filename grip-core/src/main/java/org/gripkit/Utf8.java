package org.gripkit;

/** A strict UTF-8 validator (RFC 3629) that reports where the first fault is. */
final class Utf8 {
  private Utf8() {}

  /**
   * Returns the offset of the first byte of the first invalid sequence in {@code bytes[from,
   * to)}, or -1 when the range is valid UTF-8: no overlong forms, no surrogates, nothing above
   * U+10FFFF, no truncated sequence.
   */
  static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int lead = b & 0xff;
      int need;
      int min;
      if (lead >= 0xc2 && lead <= 0xdf) {
        need = 1;
        min = 0x80;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        need = 2;
        min = 0x800;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        need = 3;
        min = 0x10000;
      } else {
        return i;
      }
      if (to - i <= need) {
        return i;
      }
      int cp = lead & (0x3f >> need);
      for (int k = 1; k <= need; k++) {
        int c = bytes[i + k] & 0xff;
        if ((c & 0xc0) != 0x80) {
          return i;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return i;
      }
      i += need + 1;
    }
    return -1;
  }
}
