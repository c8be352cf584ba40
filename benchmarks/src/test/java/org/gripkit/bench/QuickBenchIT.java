package org.gripkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.gripkit.testing.RequiresPushpin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every Java benchmark once in quick mode so that they keep working. It asserts only that
 * each expected line is printed with numbers, never a figure: CI machines are shared and
 * timing asserts would lie. The Node peers are run by {@code run.sh} only.
 *
 * <p>Needs {@code wrk} and {@code pushpin} (CI installs both); loopback only.
 */
class QuickBenchIT {
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  private void print(String line) {
    System.out.println(line);
    lines.add(line);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void codecBenchmarksPrintEveryWorkload() throws Exception {
    CodecRun.run(true, 0, Path.of("target", "jmh-codec-quick.json"), this::print);

    for (String name : CodecRun.names()) {
      assertLine(name, "workload", "ops_per_s", "events_per_s", "bytes_per_s");
    }
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("codec.decode.small.str workload=W1 "));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void originAnswersAsTheWorkloadsSayAndWrkDrivesEveryMix() throws Exception {
    Path wrkDir = Path.of("target", "wrk-it");
    Workloads.main(new String[] {"--write", wrkDir.toString()});
    try (PublishSink sink = PublishSink.start(0)) {
      try (BenchOrigin origin = BenchOrigin.start(0, null)) {
        URI url = URI.create("http://127.0.0.1:" + origin.port() + BenchOrigin.PATH);
        assertThat(OriginCheck.check(url, "java-origin", this::print)).isTrue();
        wrk(url, wrkDir, "open", "text", "mixed");
      }
      try (BenchOrigin origin = BenchOrigin.start(0, sink.controlUrl())) {
        wrk(URI.create("http://127.0.0.1:" + origin.port() + BenchOrigin.PATH), wrkDir,
            "text_publish");
      }
      assertThat(sink.items()).isPositive();
    }
    // gripkit writes control JSON with "type" first; WORKLOADS.md shows JavaScript's key order.
    assertThat(lines).anySatisfy(l -> assertThat(l).matches(
        "origin\\.check target=java-origin open=(exact|same_json_key_order_differs) text=exact"
            + " headers=ok"));
    for (String mix : List.of("open", "text", "mixed", "text_publish")) {
      assertLine("origin." + mix, "requests_per_s", "p50_ms", "p99_ms", "non2xx");
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void publisherBenchmarkPrintsBothModes() throws Exception {
    PublishBench.run(true, this::print);

    assertLine("publish.one_per_item", "items_per_s", "requests");
    assertLine("publish.batching", "items_per_s", "requests");
  }

  @Test
  @RequiresPushpin
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void fanoutThroughPushpinPrintsLatencyThroughputAndScale() throws Exception {
    FanoutBench.run(true, List.of(100), this::print);

    assertLine("fanout.config", "message_rate", "message_hwm", "client_maxconn");
    assertLine("fanout.latency clients=100", "p50_ms", "p99_ms");
    assertLine("fanout.raw_latency clients=100", "p50_ms", "p99_ms");
    assertLine("fanout.latency_ratio clients=100", "p50", "p99");
    assertLine("fanout.throughput clients=100", "deliveries_per_s");
    assertLine("fanout.raw_throughput clients=100", "deliveries_per_s");
    assertLine("scale clients=0", "heap_used_mb", "connect_cpu_ms", "idle_cpu_pct");
    assertLine("scale clients=100", "heap_used_mb", "connect_cpu_ms", "idle_cpu_pct");
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .startsWith("fanout.latency clients=100 ").contains(" incomplete=0"));
  }

  @Test
  void ratiosAreComputedFromResultLines() {
    List<String> ratios = new ArrayList<>();
    Ratios.print(List.of(
        "codec.encode.small workload=W3 ops_per_s=50000 events_per_s=1 bytes_per_s=1",
        "peer.js.codec.encode.small workload=W3 ops_per_s=2000 events_per_s=1 bytes_per_s=1",
        "publish.batching items_per_s=1000 requests=10",
        "publish.one_per_item items_per_s=400 requests=400",
        "fanout.latency clients=1000 p50_ms=10.5 p99_ms=20",
        "fanout.raw_latency clients=1000 p50_ms=10 p99_ms=20"), ratios::add);

    assertThat(ratios).anySatisfy(l -> assertThat(l)
        .startsWith("ratio.codec.W3 value=25.0 target=>=10.0 met=yes"));
    assertThat(ratios).anySatisfy(l -> assertThat(l)
        .startsWith("ratio.publish.batching value=2.50 target=>=5.00 met=no"));
    assertThat(ratios).anySatisfy(l -> assertThat(l)
        .startsWith("ratio.fanout.p50@1000 value=1.05 target=<=1.10 met=yes"));
    assertThat(ratios).anySatisfy(l -> assertThat(l)
        .startsWith("ratio.codec.W1 value=n/a target=>=10.0 met=n/a"));
  }

  private void wrk(URI url, Path wrkDir, String... mixes) throws IOException, InterruptedException {
    Path moduleDir = Path.of(System.getenv().getOrDefault("BENCH_MODULE_DIR",
        System.getProperty("user.dir")));
    List<String> command = new ArrayList<>(List.of("bash",
        moduleDir.resolve("scripts/wrk-origin.sh").toString(), url.toString(), "origin", "1s"));
    command.addAll(List.of(mixes));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("BENCH_WRK_DIR", wrkDir.toAbsolutePath().toString());
    builder.environment().put("WRK_THREADS", "1");
    builder.environment().put("WRK_CONNECTIONS", "4");
    Process process = builder.start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("wrk-origin.sh did not finish within 60 s");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as("wrk-origin.sh exit status; output:\n%s", output)
          .isZero();
      output.lines().forEach(this::print);
    } finally {
      process.destroyForcibly();
    }
  }

  /** A line starting with {@code prefix} (name, then maybe key=value) carrying numeric keys. */
  private void assertLine(String prefix, String... keys) {
    List<String> matching = lines.stream().filter(l -> l.startsWith(prefix + " ")).toList();
    assertThat(matching).as("a line starting with \"%s\" in %s", prefix, lines).isNotEmpty();
    String line = matching.get(matching.size() - 1);
    for (String key : keys) {
      String value = value(line, key);
      assertThat(value).as("%s in: %s", key, line).isNotNull();
      if (!key.equals("workload")) {
        assertThat(NUMBER.matcher(value).matches()).as("%s=%s is a number in: %s", key, value,
            line).isTrue();
      }
    }
    if (line.contains("non2xx=")) {
      assertThat(value(line, "non2xx")).as("non2xx in: %s", line).isEqualTo("0");
    }
  }

  private static String value(String line, String key) {
    for (String part : line.split(" ")) {
      if (part.startsWith(key + "=")) {
        return part.substring(key.length() + 1);
      }
    }
    return null;
  }

  static {
    try {
      Files.createDirectories(Path.of("target"));
    } catch (IOException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
