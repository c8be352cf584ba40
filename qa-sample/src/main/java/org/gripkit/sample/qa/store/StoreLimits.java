package org.gripkit.sample.qa.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The limits of {@code PROTOCOL.md} ("Limits") that the store checks before writing, as a last
 * line behind the web layer's validation. Messages name the field and the rule, never the value.
 */
final class StoreLimits {
  static final int QUESTION_TEXT_MAX = 1_000;
  static final int ANSWER_TEXT_MAX = 2_000;
  static final int USER_DISPLAY_NAME_MAX = 40;
  static final int ROOM_DISPLAY_NAME_MAX = 60;
  /** Room {@code host_code_hash} and user {@code key_hash} columns. */
  static final int HASH_MAX = 255;
  /** Proxy connection ids are opaque; Pushpin's are UUID-like. */
  static final int CONNECTION_ID_MAX = 128;

  private static final Pattern ID = Pattern.compile("[a-z][-_.a-z0-9]{1,14}[a-z0-9]");
  private static final Pattern QUESTION_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern COLOR = Pattern.compile("#[0-9a-f]{6}");

  private StoreLimits() {}

  /** A user id or room id. */
  static String id(String field, String value) {
    return matching(field, value, ID, "^[a-z][-_.a-z0-9]{1,14}[a-z0-9]$");
  }

  static String questionId(String field, String value) {
    return matching(field, value, QUESTION_ID, "16 lowercase hex characters");
  }

  static String color(String field, String value) {
    return matching(field, value, COLOR, "#rrggbb in lowercase hex");
  }

  /** Text of 1 to {@code max} code points. */
  static String text(String field, String value, int max) {
    Objects.requireNonNull(value, field + " == null");
    int length = value.codePointCount(0, value.length());
    if (length < 1 || length > max) {
      throw new IllegalArgumentException(
          field + " must have 1 to " + max + " characters, has " + length);
    }
    return value;
  }

  private static String matching(String field, String value, Pattern pattern, String rule) {
    Objects.requireNonNull(value, field + " == null");
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must match " + rule);
    }
    return value;
  }
}
