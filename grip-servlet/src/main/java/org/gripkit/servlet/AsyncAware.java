package org.gripkit.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * The request a servlet sees for a WebSocket-over-HTTP exchange. Its {@link #startAsync()}
 * hands out an {@link AsyncContext} whose {@link AsyncContext#complete()} first writes the
 * exchange's answer, so asynchronous servlets need nothing special.
 */
final class AsyncAware extends HttpServletRequestWrapper {
  private final GripExchange exchange;
  private @Nullable Completing completing;

  AsyncAware(HttpServletRequest request, GripExchange exchange) {
    super(request);
    this.exchange = exchange;
  }

  @Override
  public AsyncContext startAsync() {
    return wrap(super.startAsync(this, exchange.response()));
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return wrap(super.startAsync(request, response));
  }

  @Override
  public AsyncContext getAsyncContext() {
    return wrap(super.getAsyncContext());
  }

  private synchronized AsyncContext wrap(AsyncContext async) {
    if (completing == null || completing.delegate != async) {
      completing = new Completing(async, exchange);
    }
    return completing;
  }

  /** Writes the answer before completing; also when the async work times out. */
  private static final class Completing implements AsyncContext {
    private final AsyncContext delegate;
    private final GripExchange exchange;

    Completing(AsyncContext delegate, GripExchange exchange) {
      this.delegate = delegate;
      this.exchange = exchange;
      delegate.addListener(new AsyncListener() {
        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
          exchange.finish();
          delegate.complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
      });
    }

    @Override
    public void complete() {
      try {
        exchange.finish();
      } catch (IOException e) {
        throw new UncheckedIOException("writing the WebSocket-over-HTTP answer", e);
      } finally {
        delegate.complete();
      }
    }

    @Override
    public ServletRequest getRequest() {
      return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
      delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
      delegate.dispatch(context, path);
    }

    @Override
    public void addListener(AsyncListener listener) {
      delegate.addListener(listener);
    }

    @Override
    public void addListener(AsyncListener listener, ServletRequest request,
        ServletResponse response) {
      delegate.addListener(listener, request, response);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> type)
        throws jakarta.servlet.ServletException {
      return delegate.createListener(type);
    }

    @Override
    public void setTimeout(long timeout) {
      delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
      return delegate.getTimeout();
    }

    @Override
    public void start(Runnable run) {
      delegate.start(run);
    }
  }
}
