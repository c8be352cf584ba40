package org.gripkit.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A canned answer for a {@link PublishRecorder} to give the next publish instead of its own,
 * to test what a publisher does when the proxy fails: a status with a body and headers, a
 * delay before answering, or a connection closed without any answer.
 *
 * <pre>{@code
 * recorder.enqueue(PublishAnswer.status(503).withBody("busy\n").withRetryAfter(Duration.ofSeconds(1)));
 * recorder.enqueue(PublishAnswer.published().withDelay(Duration.ofSeconds(2)));   // slow but fine
 * recorder.enqueue(PublishAnswer.dropConnection());                                // no status
 * }</pre>
 *
 * <p>Immutable: each {@code with} method returns a new answer.
 */
public final class PublishAnswer {
  private final int status;
  private final byte[] body;
  private final List<Map.Entry<String, String>> headers;
  private final Duration delay;
  private final boolean drop;

  private PublishAnswer(int status, byte[] body, List<Map.Entry<String, String>> headers,
      Duration delay, boolean drop) {
    this.status = status;
    this.body = body;
    this.headers = List.copyOf(headers);
    this.delay = delay;
    this.drop = drop;
  }

  /**
   * An answer with this status, {@code Content-Type: text/plain} and an empty body. A 2xx
   * answer records the publish's items as accepted (when the body reads as a publish).
   *
   * @throws IllegalArgumentException if {@code status} is not from 100 to 599
   */
  public static PublishAnswer status(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status out of range 100..599: " + status);
    }
    return new PublishAnswer(status, new byte[0],
        List.of(Map.entry("Content-Type", "text/plain")), Duration.ZERO, false);
  }

  /** Pushpin's success: {@code 200}, {@code text/plain}, body {@code Published\n}. */
  public static PublishAnswer published() {
    return status(200).withBody(PublishRecorder.PUBLISHED);
  }

  /** No answer at all: the connection is closed as soon as the request has been read. */
  public static PublishAnswer dropConnection() {
    return new PublishAnswer(0, new byte[0], List.of(), Duration.ZERO, true);
  }

  /** This answer with a UTF-8 body. */
  public PublishAnswer withBody(String body) {
    Objects.requireNonNull(body, "body == null");
    return new PublishAnswer(status, body.getBytes(StandardCharsets.UTF_8), headers, delay, drop);
  }

  /** This answer with a header added (a second {@code Content-Type} replaces the first). */
  public PublishAnswer withHeader(String name, String value) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(value, "value == null");
    List<Map.Entry<String, String>> more = new ArrayList<>(headers);
    if (name.equalsIgnoreCase("Content-Type")) {
      more.removeIf(e -> e.getKey().equalsIgnoreCase("Content-Type"));
    }
    more.add(Map.entry(name, value));
    return new PublishAnswer(status, body, more, delay, drop);
  }

  /** This answer with {@code Retry-After} in whole seconds. */
  public PublishAnswer withRetryAfter(Duration retryAfter) {
    Objects.requireNonNull(retryAfter, "retryAfter == null");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
    }
    return withHeader("Retry-After", Long.toString(retryAfter.getSeconds()));
  }

  /** This answer given only after {@code delay}, to make a publisher time out. */
  public PublishAnswer withDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay == null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay is negative: " + delay);
    }
    return new PublishAnswer(status, body, headers, delay, drop);
  }

  int status() {
    return status;
  }

  byte[] body() {
    return body;
  }

  List<Map.Entry<String, String>> headers() {
    return headers;
  }

  Duration delay() {
    return delay;
  }

  boolean drop() {
    return drop;
  }

  @Override
  public String toString() {
    return drop ? "PublishAnswer[drop connection]"
        : "PublishAnswer[" + status + ", " + headers + ", \"" + Wire.show(body, 100) + "\""
            + (delay.isZero() ? "" : ", delay " + delay) + "]";
  }
}
