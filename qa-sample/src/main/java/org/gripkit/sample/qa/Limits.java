package org.gripkit.sample.qa;

import java.util.List;
import java.util.regex.Pattern;
import org.gripkit.sample.qa.QaException.Code;

/** The room's input rules (PROTOCOL.md, "Limits"); each check names the field at fault. */
final class Limits {
  static final Pattern ID = Pattern.compile("^[a-z][-_.a-z0-9]{1,14}[a-z0-9]$");
  static final Pattern QUESTION_ID = Pattern.compile("^[0-9a-f]{16}$");
  static final Pattern COLOUR = Pattern.compile("^#[0-9a-f]{6}$");
  static final List<String> PALETTE =
      List.of("#038cfc", "#d35192", "#188c2d", "#765f09", "#6e1786", "#af2c37");
  static final String DEFAULT_COLOUR = PALETTE.get(0);
  static final int QUESTION_MAX = 1_000;
  static final int ANSWER_MAX = 2_000;
  static final int USER_NAME_MAX = 40;
  static final int ROOM_NAME_MAX = 60;
  static final int MESSAGE_MAX_BYTES = 16 * 1024;
  static final int REQUEST_ID_MAX = 64;
  static final int HOST_CODE_LENGTH = 12;

  private Limits() {}

  static String id(String field, String value) throws QaException {
    if (!ID.matcher(value).matches()) {
      throw new QaException(Code.INVALID_FIELD, field + " must be 3 to 16 characters: lowercase "
          + "letters, digits, '-', '_' or '.', starting with a letter and ending with a letter "
          + "or digit", field);
    }
    return value;
  }

  static String questionId(String value) throws QaException {
    if (!QUESTION_ID.matcher(value).matches()) {
      throw new QaException(Code.INVALID_FIELD,
          "questionId must be 16 lowercase hex characters", "questionId");
    }
    return value;
  }

  static String colour(String value) throws QaException {
    if (!COLOUR.matcher(value).matches()) {
      throw new QaException(Code.INVALID_FIELD,
          "themeColor must be a palette colour or #rrggbb in lowercase hex", "themeColor");
    }
    return value;
  }

  /** Trims; refuses empty, over-long (in code points) and control characters but newline. */
  static String text(String field, String value, int max, boolean multiline) throws QaException {
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new QaException(Code.INVALID_FIELD, field + " is empty", field);
    }
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length > max) {
      throw new QaException(Code.INVALID_FIELD,
          field + " is " + length + " characters, more than " + max, field);
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      boolean allowed = (c >= 0x20 && c != 0x7f) || (multiline && c == '\n');
      if (!allowed) {
        throw new QaException(Code.INVALID_FIELD, field + " contains a control character", field);
      }
    }
    return trimmed;
  }

  static String question(String value) throws QaException {
    return text("questionText", value, QUESTION_MAX, true);
  }

  static String answer(String value) throws QaException {
    return text("answerText", value, ANSWER_MAX, true);
  }

  static String userName(String value) throws QaException {
    return text("displayName", value, USER_NAME_MAX, false);
  }

  static String roomName(String value) throws QaException {
    return text("displayName", value, ROOM_NAME_MAX, false);
  }
}
