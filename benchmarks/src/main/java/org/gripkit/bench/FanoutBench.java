package org.gripkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.gripkit.testing.PushpinProcess;
import org.jspecify.annotations.Nullable;

/**
 * Fanout end to end, and the scale of the origin, through a real (private) Pushpin.
 *
 * <p>N WebSocket clients ({@link WsFleet}, one NIO thread in this JVM) connect through Pushpin
 * to a {@link BenchOrigin} in its own JVM, which subscribes them all to {@code room-bench}.
 * Levels are cumulative: 100, then 900 more, then 4,000 more. At each level:
 *
 * <ol>
 *   <li><b>scale</b>: the origin's heap after a full GC, and its CPU time (from {@code
 *       /proc}) while the clients connected and during 2 s of idle;
 *   <li><b>latency</b>, interleaved message by message: <em>app</em>, client 0 posts a 128-byte
 *       {@code {"type":"echo","seq":k,"text":"xx..."}}; Pushpin forwards it to the origin, which
 *       publishes it to {@code room-bench} through {@code GripPublisher} and answers; measured
 *       from the post to the moment the last of the N clients has it. <em>raw</em>: the same
 *       size of message, {@code d:<seq>:xx...}, POSTed straight to Pushpin's {@code /publish/},
 *       measured from the POST to the last client;
 *   <li><b>throughput</b>: a burst of B messages each way; deliveries per second from the
 *       first send to the last delivery; the CPU of each process meanwhile.
 * </ol>
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.FanoutBench [--quick] [--clients 100,1000,5000] [--client-buffer-size 8192]
 *       [--origin-jfr FILE]
 * </pre>
 *
 * <p>{@code --origin-jfr} records the origin with JFR (profile settings) into FILE.
 */
public final class FanoutBench {
  /** Handler limits raised for the benchmark (defaults 2,500/s and 25,000). */
  static final int MESSAGE_RATE = 1_000_000;
  static final int MESSAGE_HWM = 1_000_000;
  static final int CLIENT_MAXCONN = 20_000;
  static final int PAYLOAD_BYTES = 128;
  /** The harness's (and the package's) {@code client_buffer_size}. */
  static final int DEFAULT_CLIENT_BUFFER_SIZE = 8192;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long CLK_TCK = 100;

  private FanoutBench() {}

  static void run(boolean quick, List<Integer> levels, Consumer<String> out) throws Exception {
    run(quick, levels, DEFAULT_CLIENT_BUFFER_SIZE, null, out);
  }

  static void run(boolean quick, List<Integer> levels, int clientBufferSize,
      @Nullable Path originJfr, Consumer<String> out) throws Exception {
    int originPort = freePort();
    try (PushpinProcess pushpin = PushpinProcess.builder()
        .overHttpRoute(originPort)
        .messageRate(MESSAGE_RATE)
        .messageHwm(MESSAGE_HWM)
        .set("runner", "client_maxconn", Integer.toString(CLIENT_MAXCONN))
        .set("runner", "client_buffer_size", Integer.toString(clientBufferSize))
        .start()) {
      out.accept(Line.of("fanout.config").add("message_rate", MESSAGE_RATE)
          .add("message_hwm", MESSAGE_HWM).add("client_maxconn", CLIENT_MAXCONN)
          .add("client_buffer_size", clientBufferSize)
          .add("payload_bytes", PAYLOAD_BYTES).toString());
      Process origin = startOrigin(originPort, pushpin.controlUri() + "/", originJfr);
      try (WsFleet fleet = new WsFleet("127.0.0.1", pushpin.clientPort(), BenchOrigin.PATH)) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        URI stats = URI.create("http://127.0.0.1:" + originPort + "/stats");
        URI publish = pushpin.publishUri();
        out.accept(scaleLine(0, stats(http, stats), 0, 0));
        for (int level : levels) {
          long cpuBefore = cpuTicks(origin.pid());
          long t0 = System.nanoTime();
          fleet.connectUpTo(level, 120_000);
          double connectSeconds = (System.nanoTime() - t0) / 1e9;
          if (fleet.open() < level) {
            throw new IllegalStateException("only " + fleet.open() + " of " + level
                + " clients connected (" + fleet.failed() + " failed, " + fleet.closedByPeer()
                + " closed): " + fleet.failureReasons());
          }
          probe(fleet, http, publish, level);
          long connectTicks = cpuTicks(origin.pid()) - cpuBefore;
          long idleBefore = cpuTicks(origin.pid());
          long idleStart = System.nanoTime();
          Thread.sleep(2000);
          double idlePct = pct(cpuTicks(origin.pid()) - idleBefore, System.nanoTime() - idleStart);
          out.accept(scaleLine(level, stats(http, stats), connectTicks * 1000 / CLK_TCK, idlePct)
              + " connect_s=" + Line.format(connectSeconds));

          // p99 over 100 messages where they are quick; 5,000 clients take about 1 s each.
          int messages = quick ? 30 : level <= 1000 ? 100 : 50;
          latency(fleet, http, publish, level, messages, out);
          int burst = quick ? 50 : Math.max(10, 40_000 / level);
          throughput(fleet, http, publish, level, burst, pushpin, origin.pid(), stats, out);
          if (fleet.open() < level) {
            throw new IllegalStateException(
                (level - fleet.open()) + " clients were disconnected during the run");
          }
        }
      } finally {
        origin.destroy();
        if (!origin.waitFor(10, TimeUnit.SECONDS)) {
          origin.destroyForcibly();
        }
      }
    }
  }

  private static void latency(WsFleet fleet, HttpClient http, URI publish, int clients,
      int messages, Consumer<String> out) throws Exception {
    fleet.resetCounts();
    List<Double> app = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    int lostApp = 0;
    int lostRaw = 0;
    for (int seq = 0; seq < messages; seq++) {
      long t0 = System.nanoTime();
      CompletableFuture<HttpResponse<String>> answer = publishAsync(http, publish, rawContent(seq));
      if (awaitAll(fleet, WsFleet.RAW, seq, clients, 10_000)) {
        raw.add((fleet.counts().last(WsFleet.RAW, seq) - t0) / 1e6);
      } else {
        lostRaw++;
      }
      checkPublished(answer);
      Thread.sleep(10);
      t0 = System.nanoTime();
      fleet.send(0, appContent(seq));
      if (awaitAll(fleet, WsFleet.APP, seq, clients, 10_000)) {
        app.add((fleet.counts().last(WsFleet.APP, seq) - t0) / 1e6);
      } else {
        lostApp++;
      }
      Thread.sleep(10);
    }
    double appP50 = percentile(app, 50);
    double appP99 = percentile(app, 99);
    double rawP50 = percentile(raw, 50);
    double rawP99 = percentile(raw, 99);
    out.accept(Line.of("fanout.latency").add("clients", clients).num("p50_ms", appP50)
        .num("p99_ms", appP99).add("messages", app.size()).add("incomplete", lostApp)
        .toString());
    out.accept(Line.of("fanout.raw_latency").add("clients", clients).num("p50_ms", rawP50)
        .num("p99_ms", rawP99).add("messages", raw.size()).add("incomplete", lostRaw)
        .toString());
    out.accept(Line.of("fanout.latency_ratio").add("clients", clients)
        .num("p50", appP50 / rawP50).num("p99", appP99 / rawP99).toString());
  }

  private static void throughput(WsFleet fleet, HttpClient http, URI publish, int clients,
      int burst, PushpinProcess pushpin, long originPid, URI stats, Consumer<String> out)
      throws Exception {
    int first = 1000;
    for (int kind : new int[] {WsFleet.RAW, WsFleet.APP}) {
      fleet.resetCounts();
      JsonNode statsBefore = stats(http, stats, false);
      Map<String, Long> cpuBefore = cpuByProcess(pushpin, originPid);
      long t0 = System.nanoTime();
      if (kind == WsFleet.RAW) {
        Semaphore window = new Semaphore(8);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int seq = first; seq < first + burst; seq++) {
          window.acquire();
          answers.add(publishAsync(http, publish, rawContent(seq))
              .whenComplete((r, e) -> window.release()));
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
          checkPublished(answer);
        }
      } else {
        for (int seq = first; seq < first + burst; seq++) {
          fleet.send(0, appContent(seq));
        }
      }
      long expected = (long) clients * burst;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long received = 0;
      long idleSince = System.nanoTime();
      long lastReceived = -1;
      while (System.nanoTime() < deadline) {
        received = 0;
        for (int seq = first; seq < first + burst; seq++) {
          received += fleet.counts().received(kind, seq);
        }
        if (received >= expected) {
          break;
        }
        if (received != lastReceived) {
          lastReceived = received;
          idleSince = System.nanoTime();
        } else if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(15)) {
          break; // nothing arrived for 15 s: the rest is lost
        }
        Thread.sleep(5);
      }
      long end = t0;
      for (int seq = first; seq < first + burst; seq++) {
        end = Math.max(end, fleet.counts().last(kind, seq));
      }
      double seconds = (end - t0) / 1e9;
      int complete = 0;
      int none = 0;
      for (int seq = first; seq < first + burst; seq++) {
        int got = fleet.counts().received(kind, seq);
        if (got >= clients) {
          complete++;
        } else if (got == 0) {
          none++;
        }
      }
      Map<String, Long> cpuAfter = cpuByProcess(pushpin, originPid);
      JsonNode statsAfter = stats(http, stats, false);
      String name = kind == WsFleet.RAW ? "fanout.raw_throughput" : "fanout.throughput";
      out.accept(Line.of(name).add("clients", clients).num("deliveries_per_s", received / seconds)
          .add("deliveries", received).add("expected", expected).add("messages", burst)
          .num("seconds", seconds)
          .add("messages_complete", complete).add("messages_partial", burst - complete - none)
          .add("messages_none", none)
          .add("origin_texts", statsAfter.path("texts").asLong()
              - statsBefore.path("texts").asLong())
          .add("origin_publish_failures", statsAfter.path("publishFailures").asLong()
              - statsBefore.path("publishFailures").asLong()).toString());
      Line cpu = Line.of(kind == WsFleet.RAW ? "fanout.raw_cpu" : "fanout.cpu")
          .add("clients", clients);
      for (Map.Entry<String, Long> e : cpuAfter.entrySet()) {
        long ticks = e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
        cpu.num(e.getKey() + "_pct", 100.0 * ticks / CLK_TCK / seconds);
      }
      out.accept(cpu.toString());
    }
  }

  /** Publishes probes until every client got one since the last round started. */
  private static void probe(WsFleet fleet, HttpClient http, URI publish, int clients)
      throws Exception {
    fleet.newProbeRound();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (fleet.probed() < clients) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + fleet.probed() + " of " + clients
            + " clients got a probe within 60 s");
      }
      checkPublished(publishAsync(http, publish, "probe"));
      for (int i = 0; i < 40 && fleet.probed() < clients; i++) {
        Thread.sleep(5);
      }
    }
  }

  private static boolean awaitAll(WsFleet fleet, int kind, int seq, int clients,
      long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (fleet.counts().received(kind, seq) < clients) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(0, 200_000);
    }
    return true;
  }

  /** WORKLOADS.md's C: {@code d:<seq>:} then {@code x} up to {@value #PAYLOAD_BYTES} bytes. */
  static String rawContent(int seq) {
    String head = "d:" + seq + ":";
    return head + "x".repeat(PAYLOAD_BYTES - head.length());
  }

  /** The client's post: an echo message of {@value #PAYLOAD_BYTES} bytes. */
  static String appContent(int seq) {
    String head = "{\"type\":\"echo\",\"seq\":" + seq + ",\"text\":\"";
    return head + "x".repeat(PAYLOAD_BYTES - head.length() - 2) + "\"}";
  }

  private static CompletableFuture<HttpResponse<String>> publishAsync(HttpClient http,
      URI publish, String content) {
    String body = JSON.createObjectNode().set("items", JSON.createArrayNode().add(
        JSON.createObjectNode().put("channel", Workloads.CHANNEL).set("formats",
            JSON.createObjectNode().set("ws-message",
                JSON.createObjectNode().put("content", content))))).toString();
    return http.sendAsync(HttpRequest.newBuilder(publish)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void checkPublished(CompletableFuture<HttpResponse<String>> answer)
      throws Exception {
    HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Pushpin refused a publish: " + response.statusCode()
          + " " + response.body());
    }
  }

  private static String scaleLine(int clients, JsonNode stats, long connectCpuMs,
      double idlePct) {
    return Line.of("scale").add("clients", clients)
        .num("heap_used_mb", stats.path("heapUsed").asLong() / 1048576.0)
        .num("heap_committed_mb", stats.path("heapCommitted").asLong() / 1048576.0)
        .add("threads", stats.path("threads").asLong())
        .add("opens", stats.path("opens").asLong())
        .add("connect_cpu_ms", connectCpuMs)
        .num("idle_cpu_pct", idlePct).toString();
  }

  private static JsonNode stats(HttpClient http, URI stats) throws Exception {
    return stats(http, stats, true);
  }

  private static JsonNode stats(HttpClient http, URI stats, boolean gc) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(gc ? stats
            : URI.create(stats + "?gc=false"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private static Process startOrigin(int port, String publishUrl, @Nullable Path jfr)
      throws Exception {
    String classpath = System.getProperty("bench.classpath",
        System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m"));
    if (jfr != null) {
      command.add("-XX:StartFlightRecording=dumponexit=true,settings=profile,filename="
          + jfr.toAbsolutePath());
    }
    command.addAll(List.of("-cp", classpath, BenchOrigin.class.getName(),
        "--port", Integer.toString(port), "--publish-url", publishUrl));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .start();
    BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.startsWith("BenchOrigin listening")) {
            ready.complete(line);
          } else {
            System.err.println("[origin] " + line);
          }
        }
      } catch (IOException e) {
        // the origin is gone
      }
      ready.completeExceptionally(new IllegalStateException("origin exited"));
    }, "origin-output");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("the bench origin did not start", e);
    }
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /** utime + stime of a process, in clock ticks; 0 if it is gone. */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU ticks by process: Pushpin's (by name), the origin's and this JVM's. */
  private static Map<String, Long> cpuByProcess(PushpinProcess pushpin, long originPid) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    for (long pid : pushpin.processIds()) {
      String name;
      try {
        name = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip()
            .replace('-', '_');
      } catch (IOException e) {
        continue;
      }
      ticks.merge(name, cpuTicks(pid), Long::sum);
    }
    ticks.put("origin", cpuTicks(originPid));
    ticks.put("client", cpuTicks(ProcessHandle.current().pid()));
    return ticks;
  }

  private static double pct(long ticks, long nanos) {
    return 100.0 * ticks / CLK_TCK / (nanos / 1e9);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    List<Integer> levels = null;
    int clientBufferSize = DEFAULT_CLIENT_BUFFER_SIZE;
    Path originJfr = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--client-buffer-size" -> clientBufferSize = Integer.parseInt(args[++i]);
        case "--origin-jfr" -> originJfr = Path.of(args[++i]);
        case "--clients" -> {
          levels = new ArrayList<>();
          for (String n : args[++i].split(",")) {
            levels.add(Integer.parseInt(n.strip()));
          }
        }
        default -> {
          System.err.println("usage: FanoutBench [--quick] [--clients 100,1000,5000]"
              + " [--client-buffer-size BYTES] [--origin-jfr FILE]");
          System.exit(2);
        }
      }
    }
    if (levels == null) {
      levels = quick ? List.of(100) : List.of(100, 1000, 5000);
    }
    run(quick, levels, clientBufferSize, originJfr, System.out::println);
    System.exit(0);
  }
}
