package org.gripkit.devproxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A client HTTP request held open on behalf of the origin: {@code Grip-Hold: response} (a
 * long-poll, completed by one {@code http-response} publish or by the timeout with the
 * origin's own response) or {@code Grip-Hold: stream} (the origin's response, then every
 * {@code http-stream} publish appended, until a close action or the client leaves).
 */
final class HttpHold implements Subscriber {
  private static final Logger LOG = Logger.getLogger(HttpHold.class.getName());

  enum Mode { RESPONSE, STREAM }

  /** The origin's response, {@code Grip-*} headers removed. */
  record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

  /** {@code Grip-Keep-Alive}: data to send after {@code millis} idle, or every {@code millis}. */
  record KeepAlive(byte[] data, long millis, boolean interval) {}

  private final DevGripProxy proxy;
  private final Mode mode;
  private final AsyncContext async;
  private final HttpServletResponse response;
  private final List<String> channels;
  private final Response original;
  private final long timeoutMillis;
  private final @Nullable KeepAlive keepAlive;
  private final SerialExecutor out;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile @Nullable ScheduledFuture<?> timer;

  HttpHold(DevGripProxy proxy, Mode mode, AsyncContext async, HttpServletResponse response,
      List<String> channels, Response original, long timeoutMillis,
      @Nullable KeepAlive keepAlive) {
    this.proxy = proxy;
    this.mode = mode;
    this.async = async;
    this.response = response;
    this.channels = List.copyOf(channels);
    this.original = original;
    this.timeoutMillis = timeoutMillis;
    this.keepAlive = mode == Mode.STREAM ? keepAlive : null;
    this.out = new SerialExecutor(proxy.workers);
  }

  void start() {
    async.setTimeout(0); // the hold's own timer decides
    async.addListener(new AsyncListener() {
      @Override
      public void onComplete(AsyncEvent event) {
        finish();
      }

      @Override
      public void onTimeout(AsyncEvent event) {
        finish();
      }

      @Override
      public void onError(AsyncEvent event) {
        finish(); // the client went away
      }

      @Override
      public void onStartAsync(AsyncEvent event) {}
    });
    proxy.holds.add(this);
    if (mode == Mode.STREAM) {
      out.execute(() -> {
        try {
          head(original.status(), original.headers(), -1);
          response.getOutputStream().write(original.body());
          response.flushBuffer();
          lastWriteNanos = System.nanoTime();
        } catch (IOException | RuntimeException e) {
          end();
        }
      });
      KeepAlive k = keepAlive;
      if (k != null) {
        timer = schedule(this::keepAliveDue, k.millis());
      }
    } else {
      timer = schedule(() -> respond(original), timeoutMillis);
    }
    for (String channel : channels) {
      proxy.channels.subscribe(channel, this);
    }
  }

  @Override
  public void publish(PublishItem item) {
    if (mode == Mode.RESPONSE) {
      PublishItem.HttpResponse r = item.httpResponse();
      if (r == null || r.code() < 0) {
        return;
      }
      // Headers are the held response's, overridden by the published ones (as Pushpin does).
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (Map.Entry<String, String> h : original.headers()) {
        boolean overridden = r.headers().stream().anyMatch(p -> p.getKey().equalsIgnoreCase(h.getKey()));
        if (!overridden) {
          headers.add(h);
        }
      }
      for (Map.Entry<String, String> h : r.headers()) {
        if (!h.getKey().toLowerCase(Locale.ROOT).startsWith("grip-")) {
          headers.add(h);
        }
      }
      respond(new Response(r.code(), headers, r.body()));
      return;
    }
    PublishItem.HttpStream s = item.httpStream();
    if (s == null || done.get()) {
      return;
    }
    if (s.close()) {
      out.execute(this::end);
    } else {
      write(s.content());
    }
  }

  /** Completes a response hold, once. */
  private void respond(Response r) {
    if (!finish()) {
      return;
    }
    out.execute(() -> {
      try {
        head(r.status(), r.headers(), r.body().length);
        response.getOutputStream().write(r.body());
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "held response could not be written", e);
      } finally {
        complete();
      }
    });
  }

  private void write(byte[] bytes) {
    out.execute(() -> {
      if (done.get()) {
        return;
      }
      try {
        response.getOutputStream().write(bytes);
        response.flushBuffer();
        lastWriteNanos = System.nanoTime();
      } catch (IOException | RuntimeException e) {
        end(); // the client went away
      }
    });
  }

  private void keepAliveDue() {
    KeepAlive k = keepAlive;
    if (k == null || done.get()) {
      return;
    }
    long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastWriteNanos);
    long next = k.millis();
    if (k.interval() || idle >= k.millis()) {
      write(k.data());
    } else {
      next = k.millis() - idle;
    }
    timer = schedule(this::keepAliveDue, next);
  }

  private void head(int status, List<Map.Entry<String, String>> headers, int contentLength) {
    response.setStatus(status);
    for (Map.Entry<String, String> h : headers) {
      response.addHeader(h.getKey(), h.getValue());
    }
    if (contentLength >= 0) {
      response.setContentLength(contentLength);
    }
  }

  /** Ends a stream (or any hold) now; runs on {@link #out}. */
  private void end() {
    if (finish()) {
      complete();
    }
  }

  /** The proxy is stopping. */
  void shutdown() {
    if (mode == Mode.RESPONSE) {
      respond(original);
    } else {
      out.execute(this::end);
    }
  }

  /** Forgets the hold; true for the one caller that got there first. */
  private boolean finish() {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    ScheduledFuture<?> t = timer;
    if (t != null) {
      t.cancel(false);
    }
    for (String channel : channels) {
      proxy.channels.unsubscribe(channel, this);
    }
    proxy.holds.remove(this);
    return true;
  }

  private void complete() {
    try {
      async.complete();
    } catch (IllegalStateException e) {
      // already completed or failed by the container
    }
  }

  private @Nullable ScheduledFuture<?> schedule(Runnable task, long millis) {
    try {
      return proxy.timers.schedule(() -> proxy.workers.execute(task), millis,
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
