package org.gripkit;

/**
 * The local checks on published values: everything Pushpin would accept but cannot deliver
 * usefully goes through here, so the messages are uniform.
 */
final class PublishChecks {
  private PublishChecks() {}

  /**
   * Checks a channel name: not empty, and none of the characters that make it unusable in a
   * {@code Grip-Channel} header, where {@code ,} separates channels, {@code ;} starts
   * parameters, whitespace is trimmed and {@code "} quotes (see BH-18). Control characters and
   * lone surrogates cannot be sent at all.
   */
  static String channel(String channel) {
    if (channel.isEmpty()) {
      throw new IllegalArgumentException("channel is empty");
    }
    for (int i = 0; i < channel.length(); i++) {
      char c = channel.charAt(i);
      if (c == ',' || c == ';' || c == '"' || Character.isWhitespace(c) || Character.isSpaceChar(c)
          || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            "channel contains " + describe(c) + " at index " + i + ": " + quote(channel));
      }
    }
    wellFormed("channel", channel);
    return channel;
  }

  /** Checks an item id or previous id: not empty, no control characters. */
  static String id(String what, String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    noControl(what, id);
    return wellFormed(what, id);
  }

  /** Rejects CR, LF and other control characters (they would split an HTTP header). */
  static String noControl(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\t') {
        throw new IllegalArgumentException(
            what + " contains " + describe(c) + " at index " + i + ": " + quote(value));
      }
    }
    return value;
  }

  /** Rejects a string that has no UTF-8 form: one with an unpaired surrogate. */
  static String wellFormed(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " contains a lone surrogate U+" + hex(c) + " at index " + i);
      }
    }
    return value;
  }

  private static String describe(char c) {
    return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : "U+" + hex(c);
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        out.append("\\u").append(hex(c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
