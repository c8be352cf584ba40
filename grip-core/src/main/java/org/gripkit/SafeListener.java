package org.gripkit;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's {@link GripListener} behind a wall: whatever it throws is logged and
 * dropped, so that a broken metrics adapter can never fail a publish or a signature check.
 */
final class SafeListener implements GripListener {
  private static final Logger LOG = LoggerFactory.getLogger(GripListener.class);
  static final SafeListener NONE = new SafeListener(new GripListener() {});

  private final GripListener delegate;
  private final AtomicBoolean warned = new AtomicBoolean();

  private SafeListener(GripListener delegate) {
    this.delegate = delegate;
  }

  static SafeListener of(GripListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    return listener instanceof SafeListener safe ? safe : new SafeListener(listener);
  }

  @Override
  public void publishSucceeded(URI endpoint, int items, int attempts, Duration latency) {
    call("publishSucceeded", () -> delegate.publishSucceeded(endpoint, items, attempts, latency));
  }

  @Override
  public void publishRetried(
      URI endpoint, int items, int failedAttempt, OptionalInt status, Duration delay) {
    call("publishRetried",
        () -> delegate.publishRetried(endpoint, items, failedAttempt, status, delay));
  }

  @Override
  public void publishFailed(
      URI endpoint, int items, GripPublishException failure, Duration latency) {
    call("publishFailed", () -> delegate.publishFailed(endpoint, items, failure, latency));
  }

  @Override
  public void publishRejected(int items, int queuedItems) {
    call("publishRejected", () -> delegate.publishRejected(items, queuedItems));
  }

  @Override
  public void signatureChecked(boolean valid, String reason) {
    call("signatureChecked", () -> delegate.signatureChecked(valid, reason));
  }

  @Override
  public void decodeFailed(WebSocketProtocolException error) {
    call("decodeFailed", () -> delegate.decodeFailed(error));
  }

  private void call(String method, Runnable call) {
    try {
      call.run();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // The one place that catches everything: a listener is outside code, and what it does
      // wrong must not travel into the publisher's threads or the caller's verify().
      if (warned.compareAndSet(false, true)) {
        LOG.warn("GripListener {}.{} threw; ignored (later failures are logged at DEBUG)",
            delegate.getClass().getName(), method, e);
      } else {
        LOG.debug("GripListener {}.{} threw; ignored", delegate.getClass().getName(), method, e);
      }
    }
  }
}
