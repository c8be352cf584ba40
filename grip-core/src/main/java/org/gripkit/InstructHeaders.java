package org.gripkit;

/**
 * The GRIP instruct headers of a plain HTTP response, and the {@code Grip-Last} request header:
 * names, wire formats and the character rules that keep Pushpin's header parser from seeing a
 * different value than the one meant.
 *
 * <p>From <a href="https://pushpin.org/docs/protocols/grip/">the GRIP protocol</a>, <a
 * href="https://pushpin.org/docs/usage/">Pushpin usage</a>, <a
 * href="https://pushpin.org/docs/advanced/">keep-alives</a> and Pushpin's parser
 * ({@code src/handler/instruct.cpp}, {@code src/core/httpheaders.cpp}):
 *
 * <pre>
 *   Grip-Hold: response | stream
 *   Grip-Channel: name [; prev-id=id] *(; filter=f) *(, name ...)
 *   Grip-Timeout: seconds                                       (response holds)
 *   Grip-Keep-Alive: content ; format=raw|cstring|base64 ; timeout=seconds [; mode=interval]
 *   Grip-Status: code [SP reason]
 *   Grip-Link: &lt;uri&gt; ; rel=next [; timeout=seconds] [, &lt;uri&gt; ; rel=gone]
 *   Grip-Expose-Headers: name *(, name)
 *   Grip-Set-Meta: key="value" *(, key="value")
 *
 *   Grip-Last: name ; last-id=id                                (request, one per channel)
 * </pre>
 *
 * How Pushpin reads these: a list header is cut at every comma outside double quotes; in each
 * item the first element runs to the first {@code ;} (quotes are not honoured there) and is
 * trimmed; each {@code ;}-separated parameter is {@code key=value}, the value either a token
 * running to the next {@code ;} or a quoted string with backslash escapes. {@code
 * Grip-Keep-Alive} and {@code Grip-Status} are read whole, without the comma split. So a name
 * holding {@code , ; "} or white space would reach Pushpin as something else, and is refused
 * here instead.
 */
final class InstructHeaders {
  static final String GRIP_HOLD = "Grip-Hold";
  static final String GRIP_CHANNEL = "Grip-Channel";
  static final String GRIP_TIMEOUT = "Grip-Timeout";
  static final String GRIP_KEEP_ALIVE = "Grip-Keep-Alive";
  static final String GRIP_STATUS = "Grip-Status";
  static final String GRIP_LINK = "Grip-Link";
  static final String GRIP_EXPOSE_HEADERS = "Grip-Expose-Headers";
  static final String GRIP_SET_META = "Grip-Set-Meta";
  static final String GRIP_LAST = "Grip-Last";

  static final String HOLD_RESPONSE = "response";
  static final String HOLD_STREAM = "stream";
  static final String PARAM_PREV_ID = "prev-id";
  static final String PARAM_FILTER = "filter";
  static final String PARAM_FORMAT = "format";
  static final String PARAM_TIMEOUT = "timeout";
  static final String PARAM_MODE = "mode";
  static final String PARAM_REL = "rel";
  static final String PARAM_LAST_ID = "last-id";
  static final String REL_NEXT = "next";
  static final String REL_GONE = "gone";
  static final String MODE_INTERVAL = "interval";

  /** Separates list items; Pushpin trims the spaces. */
  static final String LIST_SEPARATOR = ", ";
  /** Separates parameters. */
  static final String PARAM_SEPARATOR = "; ";

  private InstructHeaders() {}

  /**
   * RFC 9110 tchar: the characters of a token (a header name, a meta key, a filter name). It
   * has no white space, no {@code , ; = "} and nothing outside ASCII.
   */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!tchar) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first character of {@code s} that cannot stand in a channel name or an id: anything but
   * visible ASCII (so no white space, no control and no non-ASCII character, which servlet
   * containers do not put on the wire as UTF-8), or one of {@code , ; "} (Pushpin's list and
   * parameter syntax) or {@code \}. Returns -1 when every character is allowed.
   */
  static int firstNonPlainChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ',' || c == ';' || c == '"' || c == '\\') {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first character of {@code s} that cannot be sent in a header value at all: a control
   * character other than tab, DEL, or a character outside ASCII. Returns -1 when there is none.
   */
  static int firstNonHeaderChar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        return i;
      }
    }
    return -1;
  }

  /** {@code c} as a reader can see it in an error message: {@code ','} or {@code U+000A}. */
  static String describeChar(char c) {
    return c > 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }

  /**
   * Whether {@code content} can be sent as {@code format=raw}: Pushpin takes the keep-alive
   * content up to the first {@code ;} and trims it, and a header value holds no control
   * characters, so only visible ASCII and inner spaces without {@code ;} survive unchanged.
   */
  static boolean isRaw(byte[] content) {
    if (content.length == 0 || content[0] == ' ' || content[content.length - 1] == ' ') {
      return false;
    }
    for (byte b : content) {
      if (b < 0x20 || b > 0x7e || b == ';') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code content} is text that reads well in cstring form: ASCII and line breaks. */
  static boolean isText(byte[] content) {
    for (byte b : content) {
      if ((b < 0x20 && b != '\r' && b != '\n' && b != '\t') || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code content} in Pushpin's cstring format: {@code \\}, {@code \r}, {@code \n} and
   * {@code \xHH} for every other byte that is not visible ASCII, and for {@code ;} and for a
   * space at either end (Pushpin would cut or trim those). Pushpin knows no other escape.
   */
  static String cstring(byte[] content) {
    StringBuilder out = new StringBuilder(content.length + 8);
    for (int i = 0; i < content.length; i++) {
      int b = content[i] & 0xff;
      if (b == '\\') {
        out.append("\\\\");
      } else if (b == '\r') {
        out.append("\\r");
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b > 0x20 && b < 0x7f && b != ';'
          || b == ' ' && i != 0 && i != content.length - 1) {
        out.append((char) b);
      } else {
        out.append("\\x").append(Character.forDigit(b >> 4, 16))
            .append(Character.forDigit(b & 0xf, 16));
      }
    }
    return out.toString();
  }

  /** A quoted string for a parameter value: backslash before {@code "} and {@code \}. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('"').toString();
  }
}
