package org.gripkit.sample.qa.store;

import java.util.Objects;

/**
 * A store operation that did not happen. {@link #kind()} says why, so that the web layer can
 * answer with the right status or WebSocket error code.
 *
 * <p>The message is short, fixed text written by the store (such as {@code "room already
 * exists"} or {@code "database unavailable: addQuestion failed"}) and is safe to show to a
 * client: it never holds SQL, nor a value a user supplied. For {@link Kind#UNAVAILABLE} and
 * {@link Kind#FAILED} the cause is the driver's exception, which may quote user data: log it on
 * the server, never send it.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why an operation did not happen. */
  public enum Kind {
    /** The id is already used: a room id, or a question id in any room. */
    CONFLICT,
    /** A room or user that the operation needs does not exist. */
    NOT_FOUND,
    /** The database cannot be reached, or is too busy; the same call may work later. */
    UNAVAILABLE,
    /** The store was closed. */
    CLOSED,
    /** Anything else, such as a schema that does not match this code: a bug to fix. */
    FAILED
  }

  private final Kind kind;

  StoreException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind == null");
  }

  StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind == null");
  }

  /** Why the operation did not happen. */
  public Kind kind() {
    return kind;
  }
}
