package org.gripkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.gripkit.GripPublishException.PublishFailure;
import org.jspecify.annotations.Nullable;

/**
 * One caller's publish: collects each endpoint's outcome and completes the caller's future once
 * every endpoint has answered for every item of the call.
 *
 * <p>An endpoint may carry a call's items in several requests (batching); its outcome for the
 * call is its first failure, or success when all those requests succeeded. The future is
 * completed on the callback executor so that callers' dependent stages never run on the HTTP
 * client's I/O threads.
 */
final class PublishCall {
  private final CompletableFuture<Void> future = new CompletableFuture<>();
  /** Completed inline when the outcome is known; unlike {@link #future}, callers cannot touch it. */
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final List<URI> endpoints;
  private final Executor callbacks;
  private final Consumer<PublishCall> onFinish;
  private final int[] itemsLeft;
  private final @Nullable PublishFailure[] failures;
  private int endpointsLeft;
  private boolean over;

  PublishCall(List<URI> endpoints, int items, Executor callbacks, Consumer<PublishCall> onFinish) {
    this.endpoints = endpoints;
    this.callbacks = callbacks;
    this.onFinish = onFinish;
    this.itemsLeft = new int[endpoints.size()];
    Arrays.fill(itemsLeft, items);
    this.failures = new PublishFailure[endpoints.size()];
    this.endpointsLeft = endpoints.size();
  }

  CompletableFuture<Void> future() {
    return future;
  }

  CompletableFuture<Void> finished() {
    return finished;
  }

  /** Endpoint {@code index} answered, for {@code items} of this call's items. */
  void done(int index, int items, @Nullable PublishFailure failure) {
    synchronized (this) {
      if (over || itemsLeft[index] == 0) {
        return;
      }
      if (failure != null && failures[index] == null) {
        failures[index] = failure;
      }
      itemsLeft[index] = Math.max(0, itemsLeft[index] - items);
      if (itemsLeft[index] > 0 || --endpointsLeft > 0) {
        return;
      }
      over = true;
    }
    finish();
  }

  /** Fails every endpoint that has not answered yet: the publisher is closing. */
  void abort(String detail) {
    synchronized (this) {
      if (over) {
        return;
      }
      for (int i = 0; i < itemsLeft.length; i++) {
        if (itemsLeft[i] > 0) {
          itemsLeft[i] = 0;
          if (failures[i] == null) {
            failures[i] = new PublishFailure(endpoints.get(i), -1, "", 0, detail, null);
          }
        }
      }
      endpointsLeft = 0;
      over = true;
    }
    finish();
  }

  private void finish() {
    onFinish.accept(this);
    finished.complete(null);
    List<URI> succeeded = new ArrayList<>();
    List<URI> failed = new ArrayList<>();
    List<PublishFailure> failedDetails = new ArrayList<>();
    for (int i = 0; i < failures.length; i++) {
      PublishFailure f = failures[i];
      if (f == null) {
        succeeded.add(endpoints.get(i));
      } else {
        failed.add(endpoints.get(i));
        failedDetails.add(f);
      }
    }
    if (failedDetails.isEmpty()) {
      complete(() -> future.complete(null));
      return;
    }
    GripPublishException first = null;
    for (PublishFailure f : failedDetails) {
      GripPublishException e = new GripPublishException(f, succeeded, failed);
      if (first == null) {
        first = e;
      } else {
        first.addSuppressed(e);
      }
    }
    GripPublishException error = first;
    complete(() -> future.completeExceptionally(error));
  }

  private void complete(Runnable completion) {
    try {
      callbacks.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // the publisher has shut its executor: complete here
    }
  }
}
