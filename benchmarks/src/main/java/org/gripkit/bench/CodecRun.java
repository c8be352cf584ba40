package org.gripkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBenchmark} and prints one line per benchmark:
 *
 * <pre>
 *   codec.&lt;name&gt; workload=Wn ops_per_s=... events_per_s=... bytes_per_s=... min_ops_per_s=... max_ops_per_s=...
 * </pre>
 *
 * <p>{@code ops_per_s} is the median of the measurement iterations, as the Node peer prints
 * its median round; the JMH score (the mean) is in the JSON file. {@code --quick}: 1 warm-up
 * and 3 measurement iterations of 200 ms, in this JVM, to check that it works.
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.CodecRun [--quick] [--forks N] [--json FILE]
 * </pre>
 */
public final class CodecRun {
  private record Spec(String method, String name, String workload, int events, int bytes) {}

  private static final List<Spec> SPECS = List.of(
      new Spec("decodeSmallStr", "codec.decode.small.str", "W1", Workloads.W1_EVENTS, 7500),
      new Spec("decodeLargeUtf8Str", "codec.decode.large_utf8.str", "W2",
          Workloads.W2_EVENTS, 65550),
      new Spec("encodeSmall", "codec.encode.small", "W3", Workloads.W3_EVENTS, 7500),
      new Spec("roundtripMixed", "codec.roundtrip.mixed", "W4", Workloads.W4_EVENTS, 1219),
      new Spec("copyLargeUtf8", "codec.copy.large_utf8", "W2", Workloads.W2_EVENTS, 65550));

  private CodecRun() {}

  /** The line names this piece prints. */
  static List<String> names() {
    return SPECS.stream().map(Spec::name).toList();
  }

  static void run(boolean quick, int forks, Path json, Consumer<String> out)
      throws RunnerException, java.io.IOException {
    Files.createDirectories(json.toAbsolutePath().getParent());
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(CodecBenchmark.class.getName() + "\\.")
        .forks(forks)
        .threads(1)
        .resultFormat(ResultFormatType.JSON)
        .result(json.toString())
        .shouldFailOnError(true);
    if (quick) {
      options.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
          .measurementIterations(3).measurementTime(TimeValue.milliseconds(200));
    }
    if (forks > 0) {
      options.jvmArgsAppend("-Xms1g", "-Xmx1g");
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, RunResult> byMethod = new java.util.HashMap<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      byMethod.put(label.substring(label.lastIndexOf('.') + 1), result);
    }
    for (Spec spec : SPECS) {
      RunResult result = byMethod.get(spec.method());
      if (result == null) {
        throw new IllegalStateException("JMH ran no " + spec.method());
      }
      List<Double> scores = new ArrayList<>();
      result.getBenchmarkResults().forEach(b -> {
        for (IterationResult iteration : b.getIterationResults()) {
          scores.add(iteration.getPrimaryResult().getScore());
        }
      });
      scores.sort(null);
      double median = scores.size() % 2 == 1
          ? scores.get(scores.size() / 2)
          : (scores.get(scores.size() / 2 - 1) + scores.get(scores.size() / 2)) / 2;
      out.accept(Line.of(spec.name()).add("workload", spec.workload())
          .num("ops_per_s", median)
          .num("events_per_s", median * spec.events())
          .num("bytes_per_s", median * spec.bytes())
          .num("min_ops_per_s", scores.get(0))
          .num("max_ops_per_s", scores.get(scores.size() - 1))
          .toString());
    }
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    int forks = 1;
    Path json = Path.of("target", "jmh-codec.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--forks" -> forks = Integer.parseInt(args[++i]);
        case "--json" -> json = Path.of(args[++i]);
        default -> {
          System.err.println("usage: CodecRun [--quick] [--forks N] [--json FILE]");
          System.exit(2);
        }
      }
    }
    run(quick, forks, json, System.out::println);
  }
}
