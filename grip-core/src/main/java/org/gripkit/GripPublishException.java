package org.gripkit;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A publish that a GRIP proxy did not accept: it answered with a status other than 2xx, or no
 * answer came (connection refused, connection lost, response timeout, publisher closed).
 *
 * <p>Each exception describes one endpoint: {@link #endpoint()}, the {@link #status()} of its
 * last answer (empty for "no status") and that answer's {@link #body()}, which for Pushpin is a
 * precise message such as {@code Invalid format: no formats specified}. The message reads, for
 * example,
 *
 * <pre>
 *   publish to https://pushpin.example/publish/ failed: 401 "bad token" (1 attempt)
 *   publish to http://127.0.0.1:5561/publish/ failed: no status, ConnectException: Connection refused (3 attempts)
 * </pre>
 *
 * <p>When a publish goes to several endpoints the future fails if any of them failed, and only
 * after all of them answered. The exception thrown is the first failing endpoint's (in
 * configuration order); the other failing endpoints' exceptions are {@linkplain
 * #getSuppressed() suppressed} in it, and {@link #succeeded()} and {@link #failed()} list every
 * endpoint's outcome, so one failure never hides the others' success.
 *
 * <p>Endpoint URIs are shown without user info or query, which may hold credentials.
 */
public final class GripPublishException extends IOException {
  private static final long serialVersionUID = 1L;
  private static final int SHOWN_BODY_CHARS = 200;

  private final URI endpoint;
  private final int status;
  private final String body;
  private final int attempts;
  private final List<URI> succeeded;
  private final List<URI> failed;

  GripPublishException(PublishFailure failure, List<URI> succeeded, List<URI> failed) {
    super(message(failure, succeeded, failed), failure.cause());
    this.endpoint = failure.endpoint();
    this.status = failure.status();
    this.body = failure.body();
    this.attempts = failure.attempts();
    this.succeeded = List.copyOf(succeeded);
    this.failed = List.copyOf(failed);
  }

  /** The failing endpoint's publish URI, without user info or query. */
  public URI endpoint() {
    return endpoint;
  }

  /** The HTTP status of the endpoint's last answer; empty when there was none. */
  public OptionalInt status() {
    return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
  }

  /** The body of the endpoint's last answer, up to its first 8 KiB; empty when none. */
  public String body() {
    return body;
  }

  /** How many requests were made to this endpoint, retries included. */
  public int attempts() {
    return attempts;
  }

  /** The endpoints, of those this publish went to, that accepted it. */
  public List<URI> succeeded() {
    return succeeded;
  }

  /** The endpoints that did not accept this publish, this exception's first. */
  public List<URI> failed() {
    return failed;
  }

  private static String message(
      PublishFailure failure, List<URI> succeeded, List<URI> failed) {
    StringBuilder out = new StringBuilder("publish to ").append(failure.endpoint())
        .append(" failed: ");
    if (failure.status() >= 0) {
      out.append(failure.status()).append(' ');
      appendQuoted(out, failure.body());
    } else {
      out.append("no status, ").append(failure.detail());
    }
    out.append(" (").append(failure.attempts())
        .append(failure.attempts() == 1 ? " attempt)" : " attempts)");
    int total = succeeded.size() + failed.size();
    if (total > 1) {
      out.append("; ").append(failed.size()).append(" of ").append(total)
          .append(" endpoints failed");
    }
    return out.toString();
  }

  private static void appendQuoted(StringBuilder out, String body) {
    out.append('"');
    int shown = Math.min(body.length(), SHOWN_BODY_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = body.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
    if (body.length() > shown) {
      out.append("...");
    }
  }

  /**
   * What one endpoint's failure was, before the outcome of the others is known.
   *
   * @param status the last HTTP status, or -1 for none
   * @param detail why there was no status; empty when there was one
   */
  record PublishFailure(
      URI endpoint, int status, String body, int attempts, String detail,
      @Nullable Throwable cause) {}
}
