package org.gripkit;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * How many attempts a publish gets and how long to wait between them: exponential backoff with
 * "equal jitter" (a delay drawn from the upper half of the current step), or the server's
 * {@code Retry-After}, both capped at {@code maxBackoff}.
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  /**
   * The delay before attempt {@code failedAttempt + 1}.
   *
   * @param failedAttempt the attempt that failed, from 1
   * @param retryAfter the server's {@code Retry-After}, or null
   * @param random a number in [0, 1)
   */
  Duration delay(int failedAttempt, @Nullable Duration retryAfter, double random) {
    if (retryAfter != null) {
      return min(retryAfter, maxBackoff);
    }
    long initial = initialBackoff.toNanos();
    long max = maxBackoff.toNanos();
    int shift = Math.min(failedAttempt - 1, 62);
    long step = initial > (max >> shift) ? max : Math.min(max, initial << shift);
    long half = step / 2;
    return Duration.ofNanos(half + (long) (random * (step - half)));
  }

  /**
   * Parses a {@code Retry-After} value (RFC 9110 section 10.2.3): delay-seconds or an
   * HTTP-date. Returns null when it is neither; a date in the past gives zero.
   */
  static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // More than 18 digits is more than any cap; saturate rather than overflow.
      return v.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE) : Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
