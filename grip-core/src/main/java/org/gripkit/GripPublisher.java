package org.gripkit;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.gripkit.GripPublishException.PublishFailure;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@link PublishItem items} to the publish endpoints of one or more GRIP proxies
 * (Pushpin's {@code /publish/}, Fastly Fanout's publishing API).
 *
 * <pre>{@code
 * try (GripPublisher publisher = GripPublisher.builder(config).build()) {
 *   publisher.publish(PublishItem.of("room-alpha", WsMessage.text("hello")));
 * }
 * }</pre>
 *
 * <p><b>What a publish does.</b> Every configured endpoint receives every publish, all at the
 * same time: one {@code POST} of {@code {"items":[...]}} as {@code application/json} (UTF-8,
 * with {@code Content-Length}), with an {@code Authorization} header made afresh for each
 * request (a short-lived JWT, a bearer token or basic credentials, as the endpoint says). The
 * future completes when all endpoints have answered: normally when all answered 2xx, otherwise
 * exceptionally with a {@link GripPublishException} that names the failing endpoint, its status
 * (or "no status") and the body of its answer, and lists which endpoints succeeded.
 *
 * <p><b>Retries.</b> A connection failure, a 5xx and a 429 are retried, up to {@link
 * Builder#maxAttempts(int) maxAttempts} requests in all, after an exponential backoff with
 * jitter or the answer's {@code Retry-After} (seconds or a date), capped at the maximum backoff.
 * Other 4xx are never retried: the same request would fail the same way. A response timeout is
 * not retried either, because the proxy may already have delivered the items; give items an
 * {@link PublishItem#id() id} so that a republished copy is dropped by Pushpin.
 *
 * <p><b>Order.</b> Without batching, separate calls are sent independently and may reach an
 * endpoint in either order; wait for each future when order matters. With {@link
 * Builder#batching(Duration, int) batching}, items published within a short window are sent
 * together in one request per endpoint, each endpoint has one request in flight at a time, and
 * items reach each endpoint in the order they were published; each caller's future completes
 * with the outcome of the requests that carried its items.
 *
 * <p><b>Threads.</b> A publisher is thread-safe and meant to be shared: it holds a connection
 * pool and a few daemon threads. Futures complete on the publisher's callback threads, never
 * on the HTTP client's I/O threads, so a dependent stage may block (but prefer not to).
 *
 * <p><b>A bounded queue.</b> At most {@link Builder#maxQueuedItems(int) maxQueuedItems} items
 * (10,000 by default) may be waiting for their answer at a time: waiting in a batch, in flight,
 * or waiting for a retry. A publish that would go over the limit is refused at once, whole: its
 * future fails with a {@link RejectedExecutionException} saying so, nothing of it is sent, and
 * the listener hears {@link GripListener#publishRejected}. So a proxy that is slow or down never
 * makes the publisher hold more and more memory, and never blocks the caller's thread: {@code
 * publishAsync} never waits, and {@code publish} waits only for answers, which the timeouts and
 * attempts above bound. Publish again later, or drop the item: the items already queued keep
 * their order.
 *
 * <p><b>Observing.</b> A {@link Builder#listener(GripListener) listener} hears every endpoint's
 * success, retry and failure, with latencies, and every refused publish. Logging is SLF4J's, on
 * the logger {@code org.gripkit.GripPublisher}: retries at DEBUG, failures at WARN (at most once
 * every 10 seconds per endpoint, the rest at DEBUG), a full queue at WARN once until it has
 * drained to half. Endpoints are shown without user info or query, and keys never. (The HTTP
 * client's own DEBUG loggers {@code org.apache.hc.client5.http.headers} and {@code .wire} print
 * request headers, {@code Authorization} included: keep them off in production.)
 *
 * <p><b>Lifecycle.</b> {@link #close()} stops new publishes, sends what batching still holds
 * (without waiting for the window), waits up to the {@link Builder#closeTimeout(Duration) close
 * timeout} for answers, then closes the connections; any publish still unanswered then fails
 * with "no status". Calling {@code publish} after {@code close} throws {@link
 * IllegalStateException}.
 */
public final class GripPublisher implements AutoCloseable {
  /** The default of {@link Builder#maxQueuedItems(int)}. */
  public static final int DEFAULT_MAX_QUEUED_ITEMS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(GripPublisher.class);

  private final List<EndpointSender> senders;
  private final List<URI> shown;
  private final @Nullable Batcher batcher;
  private final CloseableHttpAsyncClient client;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService callbacks;
  private final Duration closeTimeout;
  private final Set<PublishCall> outstanding = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SafeListener listener;
  private final int maxQueuedItems;
  /** Items accepted whose call has not finished: the bounded queue's fill. */
  private final AtomicInteger queuedItems = new AtomicInteger();
  /** Set at the first refusal, cleared when the queue has drained to half: one WARN a time. */
  private final AtomicBoolean full = new AtomicBoolean();

  private GripPublisher(Builder builder) {
    this.closeTimeout = builder.closeTimeout;
    this.listener = builder.listener;
    this.maxQueuedItems = builder.maxQueuedItems;
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("gripkit-publisher-timer"));
    scheduler.setRemoveOnCancelPolicy(true); // batch timers are cancelled often
    this.callbacks = Executors.newCachedThreadPool(daemon("gripkit-publisher-callback"));
    this.client = HttpAsyncClients.custom()
        .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(MAX_CONNECTIONS_PER_ENDPOINT)
            .setMaxConnTotal(MAX_CONNECTIONS_PER_ENDPOINT * builder.endpoints.size())
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(timeout(builder.connectTimeout))
                // A pooled connection idle this long is checked before reuse: the proxy
                // may have closed it.
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectionRequestTimeout(timeout(builder.connectTimeout))
            .setResponseTimeout(timeout(builder.responseTimeout))
            .build())
        .setIOReactorConfig(IOReactorConfig.custom()
            .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors()))
            .build())
        .setThreadFactory(daemon("gripkit-publisher-io"))
        .disableAutomaticRetries() // ours are above: they know what a publish may repeat
        .disableRedirectHandling() // a redirected POST would become a GET
        .disableCookieManagement()
        .disableAuthCaching()
        .disableConnectionState()
        .evictIdleConnections(TimeValue.ofSeconds(30))
        .build();
    client.start();
    RetryPolicy retry =
        new RetryPolicy(builder.maxAttempts, builder.initialBackoff, builder.maxBackoff);
    List<EndpointSender> s = new ArrayList<>();
    List<URI> uris = new ArrayList<>();
    for (GripEndpoint endpoint : builder.endpoints) {
      EndpointSender sender = new EndpointSender(
          endpoint, client, scheduler, retry, builder.responseTimeout, builder.clock, listener);
      s.add(sender);
      uris.add(sender.shown());
    }
    this.senders = List.copyOf(s);
    this.shown = List.copyOf(uris);
    Duration window = builder.batchWindow;
    this.batcher = window == null
        ? null
        : new Batcher(senders, window, builder.batchMaxItems, scheduler);
  }

  private static final int MAX_CONNECTIONS_PER_ENDPOINT = 20;
  /** How long close() lets the HTTP client shut down by itself before forcing it. */
  private static final long SHUTDOWN_GRACE_MILLIS = 500;

  /**
   * A builder for a publisher to the configuration's endpoints.
   *
   * @throws IllegalArgumentException if the configuration has no endpoint
   */
  public static Builder builder(GripConfig config) {
    Objects.requireNonNull(config, "config == null");
    return new Builder(config.endpoints());
  }

  /**
   * A builder for a publisher to the given endpoints.
   *
   * @throws IllegalArgumentException if the list is empty
   */
  public static Builder builder(List<GripEndpoint> endpoints) {
    return new Builder(endpoints);
  }

  /** The endpoints' publish URIs, as shown in errors (no user info or query). */
  public List<URI> endpoints() {
    return shown;
  }

  /**
   * Publishes items to every endpoint.
   *
   * @return a future that completes normally when every endpoint accepted the items, and
   *     exceptionally with a {@link GripPublishException} otherwise
   * @throws IllegalArgumentException if there are no items
   * @throws IllegalStateException if the publisher is closed
   */
  public CompletableFuture<Void> publishAsync(PublishItem... items) {
    Objects.requireNonNull(items, "items == null");
    return publishAsync(List.of(items));
  }

  /**
   * Publishes items to every endpoint, in list order in one request (or, with batching, in
   * order among the other pending items).
   *
   * @return a future that completes normally when every endpoint accepted the items,
   *     exceptionally with a {@link GripPublishException} when one did not, and exceptionally
   *     at once with a {@link RejectedExecutionException} when the queue has no room for them
   * @throws IllegalArgumentException if the list is empty
   * @throws IllegalStateException if the publisher is closed
   */
  public CompletableFuture<Void> publishAsync(List<PublishItem> items) {
    Objects.requireNonNull(items, "items == null");
    for (int i = 0; i < items.size(); i++) {
      Objects.requireNonNull(items.get(i), "items[" + i + "] == null");
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no items to publish");
    }
    if (closed.get()) {
      throw new IllegalStateException("publisher is closed");
    }
    List<PublishItem> copy = List.copyOf(items);
    int count = copy.size();
    byte @Nullable [] body = batcher == null ? PublishJson.encode(copy) : null; // before the call
    int queued = reserve(count);
    if (queued >= 0) {
      return refuse(count, queued);
    }
    PublishCall call = new PublishCall(shown, count, callbacks, finished -> {
      outstanding.remove(finished);
      release(count);
    });
    outstanding.add(call);
    if (closed.get()) { // checked after add, so that close() sees every call it let in
      outstanding.remove(call);
      release(count);
      throw new IllegalStateException("publisher is closed");
    }
    if (body == null) {
      Objects.requireNonNull(batcher).add(call, copy);
    } else {
      for (int i = 0; i < senders.size(); i++) {
        int index = i;
        EndpointSender sender = senders.get(i);
        sender.send(body, count).whenComplete((failure, error) -> call.done(index, count,
            error == null ? failure
                : new PublishFailure(sender.shown(), -1, "", 0, error.getClass().getName(),
                    error)));
      }
    }
    return call.future();
  }

  /**
   * Room for {@code count} more items: -1 when reserved, else the items queued now (refused).
   */
  private int reserve(int count) {
    while (true) {
      int queued = queuedItems.get();
      if ((long) queued + count > maxQueuedItems) {
        return queued;
      }
      if (queuedItems.compareAndSet(queued, queued + count)) {
        return -1;
      }
    }
  }

  private void release(int count) {
    int left = queuedItems.addAndGet(-count);
    if (left <= maxQueuedItems / 2) {
      full.set(false);
    }
  }

  private CompletableFuture<Void> refuse(int count, int queued) {
    String message = count > maxQueuedItems
        ? "publish refused: " + count + " items are more than the queue's limit of "
            + maxQueuedItems
        : "publish queue full: " + count + (count == 1 ? " item" : " items") + " refused, "
            + queued + " waiting for an answer, limit " + maxQueuedItems
            + " (the endpoints answer slower than items are published)";
    if (count > maxQueuedItems) {
      LOG.warn(message);
    } else if (full.compareAndSet(false, true)) {
      LOG.warn("{}; refusing publishes until the queue has drained to half", message);
    } else {
      LOG.debug(message);
    }
    listener.publishRejected(count, queued);
    return CompletableFuture.failedFuture(new RejectedExecutionException(message));
  }

  /**
   * Publishes items to every endpoint and waits for all of them to answer.
   *
   * @throws GripPublishException if an endpoint did not accept them
   * @throws RejectedExecutionException if the queue has no room for them
   * @throws InterruptedException if interrupted while waiting; the publish goes on
   * @throws IllegalArgumentException if there are no items
   * @throws IllegalStateException if the publisher is closed
   */
  public void publish(PublishItem... items) throws GripPublishException, InterruptedException {
    Objects.requireNonNull(items, "items == null");
    publish(List.of(items));
  }

  /**
   * Publishes items to every endpoint and waits for all of them to answer.
   *
   * @throws GripPublishException if an endpoint did not accept them
   * @throws RejectedExecutionException if the queue has no room for them
   * @throws InterruptedException if interrupted while waiting; the publish goes on
   * @throws IllegalArgumentException if the list is empty
   * @throws IllegalStateException if the publisher is closed
   */
  public void publish(List<PublishItem> items) throws GripPublishException, InterruptedException {
    try {
      publishAsync(items).get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GripPublishException g) {
        throw g;
      } else if (cause instanceof RuntimeException r) {
        throw r;
      } else if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * Stops new publishes, sends what batching holds, waits up to the close timeout for the
   * endpoints' answers, then closes connections and threads. Publishes still unanswered fail
   * with "no status". Calling it again does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (batcher != null) {
      batcher.drain();
    }
    boolean interrupted = false;
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (PublishCall call : outstanding) {
      waits.add(call.finished());
    }
    try {
      CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0]))
          .get(closeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException | TimeoutException e) {
      // Each call reports its own outcome; what is still open is failed below.
    }
    scheduler.shutdownNow();
    // Let the I/O threads close their own selectors first: closing them from here at once races
    // with httpcore5's shutdown (SingleCoreIOReactor.closeOpenChannels), which then logs a
    // ClosedSelectorException at ERROR on every close.
    client.initiateShutdown();
    try {
      client.awaitShutdown(TimeValue.ofMilliseconds(SHUTDOWN_GRACE_MILLIS));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    client.close(CloseMode.IMMEDIATE);
    List<PublishCall> unanswered = List.copyOf(outstanding);
    if (!unanswered.isEmpty()) {
      LOG.warn("publisher closed with {} publishes unanswered after the close timeout of {} ms;"
          + " they fail", unanswered.size(), closeTimeout.toMillis());
    }
    for (PublishCall call : unanswered) {
      call.abort("publisher closed before the endpoint answered");
    }
    callbacks.shutdown();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "GripPublisher" + shown;
  }

  private static Timeout timeout(Duration d) {
    return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Configures a {@link GripPublisher}; not thread-safe. Defaults: connect timeout 5 s,
   * response timeout 10 s, 3 attempts, backoff from 100 ms up to 5 s, no batching, close
   * timeout 5 s, at most {@value GripPublisher#DEFAULT_MAX_QUEUED_ITEMS} queued items, no
   * listener.
   */
  public static final class Builder {
    private final List<GripEndpoint> endpoints;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration responseTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private @Nullable Duration batchWindow;
    private int batchMaxItems;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Clock clock = Clock.systemUTC();
    private int maxQueuedItems = DEFAULT_MAX_QUEUED_ITEMS;
    private SafeListener listener = SafeListener.NONE;

    private Builder(List<GripEndpoint> endpoints) {
      Objects.requireNonNull(endpoints, "endpoints == null");
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("no endpoints to publish to");
      }
      for (int i = 0; i < endpoints.size(); i++) {
        Objects.requireNonNull(endpoints.get(i), "endpoints[" + i + "] == null");
      }
      this.endpoints = List.copyOf(endpoints);
    }

    /** How long to wait for a connection to be made, or for a free pooled connection. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long to wait for an endpoint's answer once the request is sent. */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = positive("responseTimeout", timeout);
      return this;
    }

    /**
     * How many requests one publish may make to one endpoint, the first included; 1 turns
     * retries off.
     *
     * @throws IllegalArgumentException outside 1..100
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new IllegalArgumentException("maxAttempts out of range 1..100: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The backoff between attempts: about {@code initial} after the first failure, doubling
     * each time, never more than {@code max}. {@code max} also caps a {@code Retry-After}.
     *
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is
     *     less than it
     */
    public Builder backoff(Duration initial, Duration max) {
      positive("initial backoff", initial);
      Objects.requireNonNull(max, "max == null");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "max backoff " + max + " is less than initial backoff " + initial);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Batching with the defaults: a window of 5 ms and at most 100 items a request. */
    public Builder batching() {
      return batching(Duration.ofMillis(5), 100);
    }

    /**
     * Coalesces items published within {@code window} of each other into one request per
     * endpoint, of at most {@code maxItems} items, keeping their order.
     *
     * @throws IllegalArgumentException if the window is negative or over 10 s, or {@code
     *     maxItems} is less than 1
     */
    public Builder batching(Duration window, int maxItems) {
      Objects.requireNonNull(window, "window == null");
      if (window.isNegative() || window.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("batching window out of range 0..10 s: " + window);
      }
      if (maxItems < 1) {
        throw new IllegalArgumentException("maxItems is less than 1: " + maxItems);
      }
      this.batchWindow = window;
      this.batchMaxItems = maxItems;
      return this;
    }

    /** How long {@link GripPublisher#close()} waits for pending publishes to be answered. */
    public Builder closeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout is negative: " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * How many items may wait for their answer at a time, all endpoints together (an item
     * counts once however many endpoints it goes to); a publish that would go over is refused,
     * see {@link GripPublisher}. A single publish of more items than this is always refused.
     *
     * @throws IllegalArgumentException outside 1..10,000,000
     */
    public Builder maxQueuedItems(int maxQueuedItems) {
      if (maxQueuedItems < 1 || maxQueuedItems > 10_000_000) {
        throw new IllegalArgumentException(
            "maxQueuedItems out of range 1..10000000: " + maxQueuedItems);
      }
      this.maxQueuedItems = maxQueuedItems;
      return this;
    }

    /**
     * The listener that hears every endpoint's outcome and every refused publish; see {@link
     * GripListener}. What it throws is logged and ignored.
     */
    public Builder listener(GripListener listener) {
      this.listener = SafeListener.of(listener);
      return this;
    }

    /** The clock for tokens and {@code Retry-After} dates; for tests. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Builds and starts the publisher; close it when done. */
    public GripPublisher build() {
      return new GripPublisher(this);
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " is not positive: " + d);
      }
      return d;
    }
  }
}
