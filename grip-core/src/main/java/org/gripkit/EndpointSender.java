package org.gripkit;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.gripkit.GripPublishException.PublishFailure;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends publish bodies to one endpoint, retrying what can be retried.
 *
 * <p>Retried: connection failures (refused, reset, closed before an answer) and answers 5xx
 * and 429, with the delays of the {@link RetryPolicy}. Not retried: other statuses, which will
 * not change, and a response timeout, after which Pushpin may already have delivered the items
 * (a second copy would reach subscribers twice). Delays run on the scheduler, never on the
 * client's I/O threads, and every path completes the returned future.
 *
 * <p>Each retry is logged at DEBUG and a final failure at WARN (at most one WARN per endpoint
 * every {@link #WARN_INTERVAL}, the others at DEBUG, so that an endpoint that is down does not
 * flood the log), with the endpoint shown by {@link Redaction#uri(URI)}; the listener hears
 * every one, before the future completes.
 */
final class EndpointSender {
  private static final Logger LOG = LoggerFactory.getLogger(GripPublisher.class);
  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

  /** JSON has no charset parameter (RFC 8259 section 11): it is UTF-8. */
  private static final ContentType JSON = ContentType.create("application/json");

  private final GripEndpoint endpoint;
  private final URI uri;
  private final URI shown;
  private final CloseableHttpAsyncClient client;
  private final ScheduledExecutorService scheduler;
  private final RetryPolicy retry;
  private final Duration responseTimeout;
  private final Clock clock;
  private final SafeListener listener;
  /** System.nanoTime() before which failures are logged at DEBUG; 0 for "warn now". */
  private final AtomicLong quietUntil = new AtomicLong();
  private final AtomicInteger quietFailures = new AtomicInteger();

  EndpointSender(GripEndpoint endpoint, CloseableHttpAsyncClient client,
      ScheduledExecutorService scheduler, RetryPolicy retry, Duration responseTimeout,
      Clock clock, SafeListener listener) {
    this.endpoint = endpoint;
    this.uri = endpoint.publishUri();
    this.shown = Redaction.uri(uri);
    this.client = client;
    this.scheduler = scheduler;
    this.retry = retry;
    this.responseTimeout = responseTimeout;
    this.clock = clock;
    this.listener = listener;
  }

  /** The publish URI as shown in errors. */
  URI shown() {
    return shown;
  }

  /**
   * Sends one body of {@code items} items, with retries.
   *
   * @return a future of null when the endpoint accepted it, or of the failure; it never
   *     completes exceptionally
   */
  CompletableFuture<@Nullable PublishFailure> send(byte[] body, int items) {
    CompletableFuture<@Nullable PublishFailure> result = new CompletableFuture<>();
    new Send(body, items, result).attempt(1);
    return result;
  }

  /** One body's attempts. */
  private final class Send {
    private final byte[] body;
    private final int items;
    private final CompletableFuture<@Nullable PublishFailure> result;
    private final long started = System.nanoTime();

    Send(byte[] body, int items, CompletableFuture<@Nullable PublishFailure> result) {
      this.body = body;
      this.items = items;
      this.result = result;
    }

    void attempt(int attempt) {
      AsyncRequestProducer request;
      try {
        AsyncRequestBuilder builder = AsyncRequestBuilder.post(uri)
            .setEntity(AsyncEntityProducers.create(body, JSON));
        // Fresh per attempt: a JWT is short-lived, and a retry may come much later.
        String authorization = endpoint.authorization(clock.instant());
        if (authorization != null) {
          builder.addHeader(HttpHeaders.AUTHORIZATION, authorization);
        }
        request = builder.build();
      } catch (RuntimeException e) {
        fail(failure(-1, "", attempt, "cannot make the request: " + e.getClass().getName(), e));
        return;
      }
      FutureCallback<CappedResponseConsumer.Response> callback = new FutureCallback<>() {
        @Override
        public void completed(CappedResponseConsumer.Response response) {
          int status = response.status();
          if (status >= 200 && status < 300) {
            succeed(attempt);
          } else if ((status >= 500 || status == 429) && attempt < retry.maxAttempts()) {
            Duration retryAfter =
                RetryPolicy.parseRetryAfter(response.retryAfter(), clock.instant());
            retryLater(attempt, OptionalInt.of(status), String.valueOf(status),
                retry.delay(attempt, retryAfter, random()),
                failure(status, response.body(), attempt, "", null));
          } else {
            fail(failure(status, response.body(), attempt, "", null));
          }
        }

        @Override
        public void failed(Exception e) {
          PublishFailure failure = failure(-1, "", attempt, describe(e), e);
          if (retryable(e) && attempt < retry.maxAttempts()) {
            retryLater(attempt, OptionalInt.empty(), failure.detail(),
                retry.delay(attempt, null, random()), failure);
          } else {
            fail(failure);
          }
        }

        @Override
        public void cancelled() {
          fail(failure(-1, "", attempt, "request cancelled", null));
        }
      };
      try {
        client.execute(request, new CappedResponseConsumer(), callback);
      } catch (RuntimeException e) {
        // A closed client refuses new requests by throwing.
        fail(failure(-1, "", attempt, "publisher closed", e));
      }
    }

    private void retryLater(int attempt, OptionalInt status, String why, Duration delay,
        PublishFailure last) {
      LOG.debug("publish of {} items to {} failed ({}), attempt {} of {}; retrying in {} ms",
          items, shown, why, attempt, retry.maxAttempts(), delay.toMillis());
      listener.publishRetried(shown, items, attempt, status, delay);
      try {
        scheduler.schedule(() -> attempt(attempt + 1), delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        fail(last); // closed while retrying: the last failure stands
      }
    }

    private void succeed(int attempts) {
      listener.publishSucceeded(shown, items, attempts, elapsed());
      result.complete(null);
    }

    private void fail(PublishFailure failure) {
      GripPublishException error = new GripPublishException(failure, List.of(), List.of(shown));
      logFailure(items, error.getMessage());
      listener.publishFailed(shown, items, error, elapsed());
      result.complete(failure);
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - started);
    }
  }

  private void logFailure(int items, String message) {
    long now = System.nanoTime();
    long until = quietUntil.get();
    if ((until == 0 || now - until >= 0)
        && quietUntil.compareAndSet(until, now + WARN_INTERVAL.toNanos() | 1)) {
      int quiet = quietFailures.getAndSet(0);
      LOG.warn("publish of {} items failed: {}{}", items, message, quiet == 0 ? ""
          : " (and " + quiet + " more failures of this endpoint, logged at DEBUG, before it)");
    } else {
      quietFailures.incrementAndGet();
      LOG.debug("publish of {} items failed: {}", items, message);
    }
  }

  private String describe(Exception e) {
    if (isResponseTimeout(e)) {
      return "no response within " + responseTimeout.toMillis() + " ms";
    }
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + Redaction.text(e.getMessage(), uri));
  }

  /** Failures before an answer, except a response timeout; see the class comment. */
  private static boolean retryable(Exception e) {
    return e instanceof IOException && !isResponseTimeout(e);
  }

  private static boolean isResponseTimeout(Exception e) {
    return e instanceof SocketTimeoutException
        && !(e instanceof org.apache.hc.client5.http.ConnectTimeoutException);
  }

  private PublishFailure failure(
      int status, String body, int attempts, String detail, @Nullable Throwable cause) {
    return new PublishFailure(shown, status, body, attempts, detail, cause);
  }

  private static double random() {
    return ThreadLocalRandom.current().nextDouble();
  }

}
