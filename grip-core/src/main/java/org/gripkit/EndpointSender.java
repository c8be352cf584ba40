package org.gripkit;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.gripkit.GripPublishException.PublishFailure;
import org.jspecify.annotations.Nullable;

/**
 * Sends publish bodies to one endpoint, retrying what can be retried.
 *
 * <p>Retried: connection failures (refused, reset, closed before an answer) and answers 5xx
 * and 429, with the delays of the {@link RetryPolicy}. Not retried: other statuses, which will
 * not change, and a response timeout, after which Pushpin may already have delivered the items
 * (a second copy would reach subscribers twice). Delays run on the scheduler, never on the
 * client's I/O threads, and every path completes the returned future.
 */
final class EndpointSender {
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

  EndpointSender(GripEndpoint endpoint, CloseableHttpAsyncClient client,
      ScheduledExecutorService scheduler, RetryPolicy retry, Duration responseTimeout,
      Clock clock) {
    this.endpoint = endpoint;
    this.uri = endpoint.publishUri();
    this.shown = redact(uri);
    this.client = client;
    this.scheduler = scheduler;
    this.retry = retry;
    this.responseTimeout = responseTimeout;
    this.clock = clock;
  }

  /** The publish URI as shown in errors. */
  URI shown() {
    return shown;
  }

  /**
   * Sends one body, with retries.
   *
   * @return a future of null when the endpoint accepted it, or of the failure; it never
   *     completes exceptionally
   */
  CompletableFuture<@Nullable PublishFailure> send(byte[] body) {
    CompletableFuture<@Nullable PublishFailure> result = new CompletableFuture<>();
    attempt(body, 1, result);
    return result;
  }

  private void attempt(byte[] body, int attempt, CompletableFuture<@Nullable PublishFailure> result) {
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
      result.complete(failure(-1, "", attempt, "cannot make the request: " + e, e));
      return;
    }
    FutureCallback<CappedResponseConsumer.Response> callback = new FutureCallback<>() {
      @Override
      public void completed(CappedResponseConsumer.Response response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
          result.complete(null);
        } else if ((status >= 500 || status == 429) && attempt < retry.maxAttempts()) {
          Duration retryAfter =
              RetryPolicy.parseRetryAfter(response.retryAfter(), clock.instant());
          retryLater(body, attempt, retry.delay(attempt, retryAfter, random()), result,
              failure(status, response.body(), attempt, "", null));
        } else {
          result.complete(failure(status, response.body(), attempt, "", null));
        }
      }

      @Override
      public void failed(Exception e) {
        PublishFailure failure = failure(-1, "", attempt, describe(e), e);
        if (retryable(e) && attempt < retry.maxAttempts()) {
          retryLater(body, attempt, retry.delay(attempt, null, random()), result, failure);
        } else {
          result.complete(failure);
        }
      }

      @Override
      public void cancelled() {
        result.complete(failure(-1, "", attempt, "request cancelled", null));
      }
    };
    try {
      client.execute(request, new CappedResponseConsumer(), callback);
    } catch (RuntimeException e) {
      // A closed client refuses new requests by throwing.
      result.complete(failure(-1, "", attempt, "publisher closed", e));
    }
  }

  private void retryLater(byte[] body, int attempt, Duration delay,
      CompletableFuture<@Nullable PublishFailure> result, PublishFailure last) {
    try {
      scheduler.schedule(() -> attempt(body, attempt + 1, result), delay.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      result.complete(last); // closed while retrying: the last failure stands
    }
  }

  private String describe(Exception e) {
    if (isResponseTimeout(e)) {
      return "no response within " + responseTimeout.toMillis() + " ms";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
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

  /** Drops user info, query and fragment: they may hold credentials. */
  static URI redact(URI uri) {
    return URI.create(origin(uri) + uri.getRawPath());
  }

  private static String origin(URI uri) {
    // getHost() keeps the brackets of an IPv6 literal.
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
