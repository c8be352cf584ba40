package org.gripkit.sample.qa;

import org.jspecify.annotations.Nullable;

/**
 * A request the room refuses: bad input, a forbidden action, an unknown thing. It carries what
 * both transports need: the WebSocket ERROR code and the HTTP status.
 */
final class QaException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The ERROR codes of PROTOCOL.md, each with the HTTP status it maps to. */
  enum Code {
    BAD_JSON(400),
    UNKNOWN_TYPE(400),
    MISSING_FIELD(400),
    INVALID_FIELD(400),
    TOO_LARGE(413),
    UNSUPPORTED_TYPE(415),
    METHOD_NOT_ALLOWED(405),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    INTERNAL(500);

    final int status;

    Code(int status) {
      this.status = status;
    }
  }

  private final Code code;
  private final @Nullable String field;

  QaException(Code code, String message, @Nullable String field) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  QaException(Code code, String message) {
    this(code, message, null);
  }

  Code code() {
    return code;
  }

  @Nullable String field() {
    return field;
  }
}
