package org.gripkit;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Hears what gripkit does, for metrics and tracing, without tying it to a metrics library. Set
 * one on {@link GripPublisher.Builder#listener(GripListener)} and on {@link
 * GripSigVerifier.Builder#listener(GripListener)}; every method has an empty default, so
 * implement only those you need.
 *
 * <p><b>Threads.</b> Methods are called on gripkit's threads (the publisher's I/O, timer and
 * callback threads; whatever thread calls {@link GripSigVerifier#verify}), often concurrently, so
 * an implementation must be thread-safe, and fast: a publish's future completes only after its
 * listener calls return. <b>Failures.</b> Whatever a method throws is caught and logged (at WARN
 * the first time, then at DEBUG) and never changes what gripkit does; a {@link
 * VirtualMachineError} is rethrown.
 *
 * <p>An adapter for Micrometer, for example, in the application (gripkit has no Micrometer
 * dependency); tag values stay few, since endpoints are few and reasons are fixed words:
 *
 * <pre>{@code
 * final class MicrometerGripListener implements GripListener {
 *   private final MeterRegistry registry;
 *
 *   MicrometerGripListener(MeterRegistry registry) {
 *     this.registry = registry;
 *   }
 *
 *   @Override
 *   public void publishSucceeded(URI endpoint, int items, int attempts, Duration latency) {
 *     Timer.builder("grip.publish").tag("endpoint", endpoint.getHost()).tag("outcome", "ok")
 *         .register(registry).record(latency);
 *     registry.counter("grip.publish.items", "endpoint", endpoint.getHost()).increment(items);
 *   }
 *
 *   @Override
 *   public void publishRetried(URI endpoint, int items, int failedAttempt, OptionalInt status,
 *       Duration delay) {
 *     registry.counter("grip.publish.retries", "endpoint", endpoint.getHost()).increment();
 *   }
 *
 *   @Override
 *   public void publishFailed(URI endpoint, int items, GripPublishException failure,
 *       Duration latency) {
 *     Timer.builder("grip.publish").tag("endpoint", endpoint.getHost()).tag("outcome", "failed")
 *         .register(registry).record(latency);
 *   }
 *
 *   @Override
 *   public void publishRejected(int items, int queuedItems) {
 *     registry.counter("grip.publish.rejected").increment(items);
 *   }
 *
 *   @Override
 *   public void signatureChecked(boolean valid, String reason) {
 *     registry.counter("grip.signature", "reason", reason).increment();
 *   }
 *
 *   @Override
 *   public void decodeFailed(WebSocketProtocolException error) {
 *     registry.counter("grip.websocket.malformed").increment();
 *   }
 * }
 * }</pre>
 */
public interface GripListener {
  /**
   * One endpoint accepted one publish request.
   *
   * @param endpoint the endpoint's publish URI without user info or query
   * @param items how many items the request carried
   * @param attempts how many requests it took, the first included
   * @param latency from the first attempt's start to the accepting answer, retries included
   */
  default void publishSucceeded(URI endpoint, int items, int attempts, Duration latency) {}

  /**
   * An attempt failed and another will be made after {@code delay}.
   *
   * @param failedAttempt the attempt that failed, from 1
   * @param status the failed attempt's HTTP status (5xx or 429); empty when no answer came
   */
  default void publishRetried(
      URI endpoint, int items, int failedAttempt, OptionalInt status, Duration delay) {}

  /**
   * One endpoint did not accept one publish request, after all the attempts it was given.
   *
   * @param failure this endpoint's failure: its status, body and attempts
   * @param latency from the first attempt's start to the last answer or failure
   */
  default void publishFailed(
      URI endpoint, int items, GripPublishException failure, Duration latency) {}

  /**
   * A publish was refused at once because the publisher's queue is full (see {@link
   * GripPublisher.Builder#maxQueuedItems(int)}); its future failed and nothing was sent.
   *
   * @param items the items refused
   * @param queuedItems the items waiting for an answer at that moment
   */
  default void publishRejected(int items, int queuedItems) {}

  /**
   * {@link GripSigVerifier#verify} gave an answer. The reason is one of these words: {@code
   * valid}; {@code missing} (no header or an empty one), {@code too-long}, {@code malformed}
   * (not a compact JWS of JSON objects, or a {@code crit} header), {@code no-key} (nothing to
   * check with), {@code algorithm} (no configured key is of the token's {@code alg}), {@code
   * signature} (no key of that algorithm made the signature), {@code expired} ({@code exp}
   * missing, not a number, or reached), {@code not-yet-valid} ({@code nbf} ahead of the
   * leeway), {@code issuer} (wrong or missing {@code iss}).
   */
  default void signatureChecked(boolean valid, String reason) {}

  /**
   * A WebSocket-over-HTTP request body could not be decoded. gripkit core decodes only when
   * asked; integrations that decode for the application (the servlet {@code GripFilter}) report
   * here.
   */
  default void decodeFailed(WebSocketProtocolException error) {}
}
