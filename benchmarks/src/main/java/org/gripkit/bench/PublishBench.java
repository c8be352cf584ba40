package org.gripkit.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.gripkit.GripConfig;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;

/**
 * The publisher against a loopback {@link PublishSink}: one request per item (no batching) and
 * the batching publisher ({@code batching()}: 5 ms window, at most 100 items a request). A
 * driver thread publishes 128-byte {@code ws-message} items asynchronously, with at most
 * {@value #IN_FLIGHT} items unanswered, for a fixed time after a warm-up. Prints
 *
 * <pre>
 *   publish.one_per_item items_per_s=... requests=... items=... failures=...
 *   publish.batching items_per_s=... requests=... items=... failures=...
 * </pre>
 *
 * <p>{@code requests} is what the sink received during the measured time.
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.PublishBench [--quick]
 * </pre>
 */
public final class PublishBench {
  static final int IN_FLIGHT = 1024;

  private PublishBench() {}

  static void run(boolean quick, Consumer<String> out) throws Exception {
    Duration warmUp = quick ? Duration.ofMillis(500) : Duration.ofSeconds(10);
    Duration measure = quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    try (PublishSink sink = PublishSink.start(0)) {
      GripConfig config = GripConfig.parse(sink.controlUrl() + "?iss=pushpin&key="
          + Workloads.SIG_KEY);
      try (GripPublisher single = GripPublisher.builder(config).build()) {
        out.accept(measure("publish.one_per_item", single, sink, warmUp, measure));
      }
      try (GripPublisher batching = GripPublisher.builder(config).batching().build()) {
        out.accept(measure("publish.batching", batching, sink, warmUp, measure));
      }
    }
  }

  private static String measure(String name, GripPublisher publisher, PublishSink sink,
      Duration warmUp, Duration measure) throws InterruptedException {
    drive(publisher, warmUp);
    long requestsBefore = sink.requests();
    Result r = drive(publisher, measure);
    long requests = sink.requests() - requestsBefore;
    return Line.of(name).num("items_per_s", r.items / r.seconds)
        .add("requests", requests).add("items", r.items).add("failures", r.failures)
        .num("items_per_request", requests == 0 ? 0 : (double) r.items / requests).toString();
  }

  private record Result(long items, long failures, double seconds) {}

  /** Publishes for {@code time}, then waits for every answer; counts answered items. */
  private static Result drive(GripPublisher publisher, Duration time)
      throws InterruptedException {
    Semaphore window = new Semaphore(IN_FLIGHT);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    String content = "d:0:" + "x".repeat(124);
    PublishItem item = PublishItem.of(Workloads.CHANNEL, PublishFormat.WsMessage.text(content));
    long start = System.nanoTime();
    long end = start + time.toNanos();
    while (System.nanoTime() < end) {
      if (!window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        continue;
      }
      publisher.publishAsync(item).whenComplete((ok, error) -> {
        if (error == null) {
          done.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        window.release();
      });
    }
    if (!window.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("publishes still unanswered after 30 s");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(done.get(), failed.get(), seconds);
  }

  public static void main(String[] args) throws Exception {
    boolean quick = args.length == 1 && args[0].equals("--quick");
    if (args.length > 1 || (args.length == 1 && !quick)) {
      System.err.println("usage: PublishBench [--quick]");
      System.exit(2);
    }
    run(quick, System.out::println);
  }
}
