package org.gripkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads result lines and prints the ratios the targets are stated in:
 *
 * <pre>
 *   ratio.&lt;name&gt; value=... target=&gt;=10 met=yes|no|n/a  (what over what)
 * </pre>
 *
 * <p>{@code n/a} when a line is missing (a quick run, or the peers were not run).
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.Ratios target/results.txt
 * </pre>
 */
public final class Ratios {
  private Ratios() {}

  /** key=value pairs of each line, by line name (a later line of the same name wins). */
  static Map<String, Map<String, String>> parse(List<String> lines) {
    Map<String, Map<String, String>> byName = new HashMap<>();
    for (String line : lines) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length < 2 || line.startsWith("#")) {
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (int i = 1; i < parts.length; i++) {
        int eq = parts[i].indexOf('=');
        if (eq > 0) {
          values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
      }
      String name = parts[0];
      String clients = values.get("clients");
      byName.put(clients == null ? name : name + "@" + clients, values);
    }
    return byName;
  }

  static void print(List<String> lines, Consumer<String> out) {
    Map<String, Map<String, String>> r = parse(lines);
    ratio(out, "codec.W1", value(r, "codec.decode.small.str", "ops_per_s"),
        value(r, "peer.js.codec.decode.small.str", "ops_per_s"), 10, true,
        "codec.decode.small.str/peer.js.codec.decode.small.str");
    ratio(out, "codec.W1_vs_js_bytes", value(r, "codec.decode.small.str", "ops_per_s"),
        value(r, "peer.js.codec.decode.small", "ops_per_s"), 10, true,
        "codec.decode.small.str/peer.js.codec.decode.small");
    ratio(out, "codec.W2", value(r, "codec.decode.large_utf8.str", "ops_per_s"),
        value(r, "peer.js.codec.decode.large_utf8.str", "ops_per_s"), 0, true,
        "codec.decode.large_utf8.str/peer.js.codec.decode.large_utf8.str");
    ratio(out, "codec.W3", value(r, "codec.encode.small", "ops_per_s"),
        value(r, "peer.js.codec.encode.small", "ops_per_s"), 10, true,
        "codec.encode.small/peer.js.codec.encode.small");
    ratio(out, "codec.W4", value(r, "codec.roundtrip.mixed", "ops_per_s"),
        value(r, "peer.js.codec.roundtrip.mixed", "ops_per_s"), 10, true,
        "codec.roundtrip.mixed/peer.js.codec.roundtrip.mixed");
    for (String mix : List.of("open", "text", "mixed", "text_publish")) {
      ratio(out, "origin." + mix, value(r, "origin." + mix, "requests_per_s"),
          value(r, "peer.node.origin." + mix, "requests_per_s"), 3, true,
          "origin." + mix + "/peer.node.origin." + mix + " requests_per_s");
    }
    ratio(out, "publish.batching", value(r, "publish.batching", "items_per_s"),
        value(r, "publish.one_per_item", "items_per_s"), 5, true,
        "publish.batching/publish.one_per_item items_per_s");
    for (String clients : List.of("100", "1000", "5000")) {
      double target = clients.equals("100") ? 0 : 1.1;
      ratio(out, "fanout.p50@" + clients, value(r, "fanout.latency@" + clients, "p50_ms"),
          value(r, "fanout.raw_latency@" + clients, "p50_ms"), target, false,
          "fanout.latency/fanout.raw_latency p50_ms, clients=" + clients);
      ratio(out, "fanout.p99@" + clients, value(r, "fanout.latency@" + clients, "p99_ms"),
          value(r, "fanout.raw_latency@" + clients, "p99_ms"), target, false,
          "fanout.latency/fanout.raw_latency p99_ms, clients=" + clients);
      ratio(out, "fanout.throughput@" + clients,
          value(r, "fanout.throughput@" + clients, "deliveries_per_s"),
          value(r, "fanout.raw_throughput@" + clients, "deliveries_per_s"), 0, true,
          "fanout.throughput/fanout.raw_throughput deliveries_per_s, clients=" + clients);
    }
  }

  private static @Nullable Double value(Map<String, Map<String, String>> r, String name,
      String key) {
    Map<String, String> values = r.get(name);
    if (values == null || values.get(key) == null) {
      return null;
    }
    try {
      return Double.parseDouble(values.get(key));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** target 0: no target, reported only; atLeast: the ratio must reach the target, else stay under. */
  private static void ratio(Consumer<String> out, String name, @Nullable Double top,
      @Nullable Double bottom, double target, boolean atLeast, String what) {
    Line line = Line.of("ratio." + name);
    if (top == null || bottom == null || bottom == 0) {
      line.add("value", "n/a");
    } else {
      line.num("value", top / bottom);
    }
    if (target > 0) {
      line.add("target", (atLeast ? ">=" : "<=") + Line.format(target));
      if (top == null || bottom == null || bottom == 0) {
        line.add("met", "n/a");
      } else {
        double v = top / bottom;
        line.add("met", (atLeast ? v >= target : v <= target) ? "yes" : "no");
      }
    }
    out.accept(line + "  (" + what + ")");
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Ratios RESULTS_FILE");
      System.exit(2);
    }
    print(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8), System.out::println);
  }
}
