package org.gripkit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.gripkit.GripPublishException.PublishFailure;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces items into fewer requests, one queue per endpoint.
 *
 * <p>A queue sends when it holds {@code maxItems} items, or {@code window} after its first
 * pending item arrived, whichever comes first, and has at most one request in flight: items
 * that arrive meanwhile go in the next request, sent as soon as the one in flight is answered
 * (retries included). So items reach each endpoint in the order they were published, which is
 * what keeps each channel's order, and a slow endpoint does not hold up the others.
 */
final class Batcher {
  private final Object lock = new Object();
  private final List<Queue> queues;
  private final Duration window;
  private final int maxItems;
  private final ScheduledExecutorService scheduler;
  private boolean draining;

  Batcher(List<EndpointSender> senders, Duration window, int maxItems,
      ScheduledExecutorService scheduler) {
    this.window = window;
    this.maxItems = maxItems;
    this.scheduler = scheduler;
    List<Queue> qs = new ArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      qs.add(new Queue(i, senders.get(i)));
    }
    this.queues = List.copyOf(qs);
  }

  private record Entry(PublishCall call, PublishItem item) {}

  private static final class Queue {
    final int index;
    final EndpointSender sender;
    final ArrayDeque<Entry> pending = new ArrayDeque<>();
    boolean inFlight;
    @Nullable ScheduledFuture<?> timer;

    Queue(int index, EndpointSender sender) {
      this.index = index;
      this.sender = sender;
    }
  }

  /** Queues a call's items on every endpoint. */
  void add(PublishCall call, List<PublishItem> items) {
    List<Runnable> sends = new ArrayList<>(queues.size());
    synchronized (lock) {
      for (Queue q : queues) {
        for (PublishItem item : items) {
          q.pending.add(new Entry(call, item));
        }
        Runnable send = poke(q);
        if (send != null) {
          sends.add(send);
        }
      }
    }
    sends.forEach(Runnable::run);
  }

  /** From now on sends whatever is pending without waiting for the window. */
  void drain() {
    List<Runnable> sends = new ArrayList<>(queues.size());
    synchronized (lock) {
      draining = true;
      for (Queue q : queues) {
        Runnable send = poke(q);
        if (send != null) {
          sends.add(send);
        }
      }
    }
    sends.forEach(Runnable::run);
  }

  /** Under the lock: the send to make now, or null (nothing to send, or timer set). */
  private @Nullable Runnable poke(Queue q) {
    if (q.inFlight || q.pending.isEmpty()) {
      return null;
    }
    if (draining || q.pending.size() >= maxItems) {
      return takeBatch(q);
    }
    if (q.timer == null) {
      try {
        q.timer = scheduler.schedule(() -> onTimer(q), window.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        return takeBatch(q); // shutting down: send now rather than never
      }
    }
    return null;
  }

  private void onTimer(Queue q) {
    Runnable send;
    synchronized (lock) {
      q.timer = null;
      send = q.inFlight || q.pending.isEmpty() ? null : takeBatch(q);
    }
    if (send != null) {
      send.run();
    }
  }

  private Runnable takeBatch(Queue q) {
    ScheduledFuture<?> timer = q.timer;
    if (timer != null) {
      timer.cancel(false);
      q.timer = null;
    }
    List<Entry> batch = new ArrayList<>(Math.min(maxItems, q.pending.size()));
    while (batch.size() < maxItems && !q.pending.isEmpty()) {
      batch.add(q.pending.poll());
    }
    q.inFlight = true;
    return () -> send(q, batch);
  }

  private void send(Queue q, List<Entry> batch) {
    List<PublishItem> items = new ArrayList<>(batch.size());
    for (Entry e : batch) {
      items.add(e.item());
    }
    CompletableFuture<@Nullable PublishFailure> answer;
    try {
      answer = q.sender.send(PublishJson.encode(items), items.size());
    } catch (RuntimeException e) {
      // Never leave the queue in flight: the next batch would wait forever.
      answer = CompletableFuture.completedFuture(new PublishFailure(
          q.sender.shown(), -1, "", 0,
          "cannot make the request: " + e.getClass().getName(), e));
    }
    answer.whenComplete((failure, error) -> sent(q, batch, failure, error));
  }

  private void sent(Queue q, List<Entry> batch, @Nullable PublishFailure failure,
      @Nullable Throwable error) {
    PublishFailure outcome = failure;
    if (error != null) {
      outcome = new PublishFailure(q.sender.shown(), -1, "", 0, error.toString(), error);
    }
    Map<PublishCall, Integer> counts = new IdentityHashMap<>();
    for (Entry e : batch) {
      counts.merge(e.call(), 1, Integer::sum);
    }
    for (Map.Entry<PublishCall, Integer> c : counts.entrySet()) {
      c.getKey().done(q.index, c.getValue(), outcome);
    }
    Runnable next;
    synchronized (lock) {
      q.inFlight = false;
      // Items that arrived while the request was in flight have waited long enough.
      next = q.pending.isEmpty() ? null : takeBatch(q);
    }
    if (next != null) {
      next.run();
    }
  }
}
