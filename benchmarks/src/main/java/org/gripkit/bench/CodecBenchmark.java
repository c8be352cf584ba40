package org.gripkit.bench;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec workloads W1 to W4 of WORKLOADS.md under JMH, in the shape of the Node peer's
 * method: 2 warm-up and 5 measurement iterations of 1 s, one fork, one thread, throughput.
 *
 * <p>gripkit's public decoder always turns TEXT content into a {@code String} (validating the
 * UTF-8 first), and its API offers no bytes-kept decode, so the decode benchmarks are the
 * {@code .str} variants of WORKLOADS.md. {@link #copyLargeUtf8} is a plain copy of the W2 body:
 * the floor of any decode of it on this machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class CodecBenchmark {
  private byte[] w1 = new byte[0];
  private byte[] w2 = new byte[0];
  private List<WebSocketEvent> w3 = List.of();
  private List<WebSocketEvent> w4 = List.of();

  /** Builds the inputs and checks them against WORKLOADS.md before anything is measured. */
  @Setup
  public void setUp() throws WebSocketProtocolException {
    w1 = Workloads.w1();
    w2 = Workloads.w2();
    w3 = Workloads.w3();
    w4 = Workloads.w4();
    Workloads.check("W1", w1, 7500, Workloads.W1_SHA256);
    Workloads.check("W2", w2, 65550, Workloads.W2_SHA256);
    Workloads.check("W3 (encoded)", WebSocketEvents.encode(w3), 7500, Workloads.W1_SHA256);
    Workloads.check("W4 (encoded)", WebSocketEvents.encode(w4), 1219, Workloads.W4_SHA256);
    Workloads.check("W4 (spelled out)", Workloads.w4Body(), 1219, Workloads.W4_SHA256);
    if (WebSocketEvents.decode(w1).size() != Workloads.W1_EVENTS
        || WebSocketEvents.decode(w2).size() != Workloads.W2_EVENTS
        || !WebSocketEvents.decode(WebSocketEvents.encode(w4)).equals(w4)) {
      throw new IllegalStateException("decoding a workload does not give its events back");
    }
  }

  /** codec.decode.small.str: W1, 100 TEXT events of 64 bytes, to String contents. */
  @Benchmark
  public List<WebSocketEvent> decodeSmallStr() throws WebSocketProtocolException {
    return WebSocketEvents.decode(w1);
  }

  /** codec.decode.large_utf8.str: W2, one TEXT event of 64 KiB of mixed UTF-8. */
  @Benchmark
  public List<WebSocketEvent> decodeLargeUtf8Str() throws WebSocketProtocolException {
    return WebSocketEvents.decode(w2);
  }

  /** codec.encode.small: W3, 100 TEXT events from Strings, UTF-8 encoding included. */
  @Benchmark
  public byte[] encodeSmall() {
    return WebSocketEvents.encode(w3);
  }

  /** codec.roundtrip.mixed: W4 encoded, then the bytes decoded. */
  @Benchmark
  public List<WebSocketEvent> roundtripMixed() throws WebSocketProtocolException {
    return WebSocketEvents.decode(WebSocketEvents.encode(w4));
  }

  /** codec.copy.large_utf8: baseline, a plain copy of the W2 body. */
  @Benchmark
  public byte[] copyLargeUtf8() {
    return Arrays.copyOf(w2, w2.length);
  }
}
