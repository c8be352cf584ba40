package org.gripkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A private Pushpin for tests: its own config, run and log directories under a short path in
 * {@code /tmp}, its own free loopback ports, and every ZeroMQ socket on ipc inside its run
 * directory, so that several can run at once and none touches a system service.
 *
 * <pre>{@code
 * try (TestOrigin origin = TestOrigin.start();
 *      PushpinProcess pushpin = PushpinProcess.builder().overHttpRoute(origin.port()).start()) {
 *   ... connect to pushpin.wsUri("/ws"), publish to pushpin.publishUri() ...
 * }
 * }</pre>
 *
 * <p>{@link Builder#start()} returns once both the client port and the publish port accept
 * connections and a request through the proxy has come back (a route of the harness's own, to
 * a closed port, that the origin never sees), or throws with the tail of Pushpin's logs. {@link #close()} sends SIGTERM to the
 * runner, waits, then ends any of its processes still alive and deletes the directory. A JVM
 * shutdown hook closes every instance still open, so a test that dies leaks nothing (a JVM
 * killed with SIGKILL runs no hooks). Set {@code -Dgripkit.pushpin.keep=true} to keep the
 * directory for inspection.
 *
 * <p>Instances are thread-safe; {@link #close()} is idempotent.
 */
public final class PushpinProcess implements AutoCloseable {
  /** The issuer Pushpin signs {@code Grip-Sig} with unless {@link Builder#sigIss} says else. */
  public static final String DEFAULT_SIG_ISS = "pushpin";
  /** The packaged development key (also the CASES fixtures' key); tests only. */
  public static final String DEFAULT_SIG_KEY = "changeme";

  private static final String HOST = "127.0.0.1";
  private static final Path TMP = Path.of("/tmp");
  /**
   * A Unix socket path holds at most 107 bytes; the longest name Pushpin derives from the run
   * directory ({@code /pushpin-condure-out-stream}) adds 27 more.
   */
  private static final int MAX_RUN_DIR_LENGTH = 60;
  private static final int START_ATTEMPTS = 3;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);
  private static final int LOG_TAIL_LINES = 30;
  /** A route of the harness's own, for {@link #answersWarmUp()}; no origin listens there. */
  private static final String WARM_UP_HOST = "gripkit-warm-up.invalid";
  /** The TCP port multiplexer port, closed on any test machine. */
  private static final int WARM_UP_PORT = 1;
  private static final List<String> SECTIONS = List.of("global", "runner", "proxy", "handler");

  private static final Set<PushpinProcess> OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final Path dir;
  private final Process runner;
  private final int clientPort;
  private final int publishPort;
  private final String sigIss;
  private final String sigKey;
  private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable String logsAtClose;

  private PushpinProcess(Path dir, Process runner, int clientPort, int publishPort,
      String sigIss, String sigKey) {
    this.dir = dir;
    this.runner = runner;
    this.clientPort = clientPort;
    this.publishPort = publishPort;
    this.sigIss = sigIss;
    this.sigKey = sigKey;
    tree.add(runner.toHandle());
  }

  /** A builder; at least one route is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The loopback port clients (browsers, WebSocket clients) connect to. */
  public int clientPort() {
    return clientPort;
  }

  /** The loopback port of Pushpin's HTTP publish (control) server. */
  public int publishPort() {
    return publishPort;
  }

  /** The publish endpoint, {@code http://127.0.0.1:<publishPort>/publish/}. */
  public URI publishUri() {
    return URI.create("http://" + HOST + ":" + publishPort + "/publish/");
  }

  /**
   * The GRIP control URI, {@code http://127.0.0.1:<publishPort>}: what a publisher is
   * configured with (it appends {@code /publish/}).
   */
  public URI controlUri() {
    return URI.create("http://" + HOST + ":" + publishPort);
  }

  /** {@code ws://127.0.0.1:<clientPort><path>}; the path starts with {@code /}. */
  public URI wsUri(String path) {
    return URI.create("ws://" + HOST + ":" + clientPort + checkPath(path));
  }

  /** {@code http://127.0.0.1:<clientPort><path>}; the path starts with {@code /}. */
  public URI httpUri(String path) {
    return URI.create("http://" + HOST + ":" + clientPort + checkPath(path));
  }

  /** The {@code sig_iss} this Pushpin signs requests to the origin with. */
  public String sigIss() {
    return sigIss;
  }

  /** The {@code sig_key} this Pushpin signs requests to the origin with. */
  public String sigKey() {
    return sigKey;
  }

  /** The private directory holding {@code pushpin.conf}, {@code routes}, {@code run} and {@code log}. */
  public Path directory() {
    return dir;
  }

  /**
   * POSTs a publish body (JSON, {@code {"items":[...]}}) to {@link #publishUri()} and returns
   * Pushpin's answer, whatever its status.
   */
  public HttpResponse<String> publish(String json) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(publishUri())
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * The ids of this Pushpin's processes alive now: the runner and its descendants (condure,
   * zurl, pushpin-proxy, pushpin-handler), also those that outlived the runner.
   */
  public List<Long> processIds() {
    refreshTree();
    return tree.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).sorted()
        .collect(Collectors.toList());
  }

  /** Every log file (the runner's and each service's), each under a {@code ==> name <==} line. */
  public String logs() {
    String saved = logsAtClose;
    return saved != null ? saved : readLogs(Integer.MAX_VALUE);
  }

  /**
   * Stops Pushpin: SIGTERM to the runner (which stops its services), then SIGTERM and at last
   * SIGKILL to any of its processes still alive; deletes the directory. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      stopProcesses();
      logsAtClose = readLogs(Integer.MAX_VALUE);
    } finally {
      OPEN.remove(this);
      if (!Boolean.getBoolean("gripkit.pushpin.keep")) {
        deleteRecursively(dir);
      }
    }
  }

  @Override
  public String toString() {
    return "PushpinProcess[client=" + clientPort + ", publish=" + publishPort + ", dir=" + dir + "]";
  }

  private void refreshTree() {
    runner.toHandle().descendants().forEach(tree::add);
    for (ProcessHandle handle : List.copyOf(tree)) {
      handle.descendants().forEach(tree::add);
    }
  }

  private void stopProcesses() {
    refreshTree();
    List<ProcessHandle> snapshot = List.copyOf(tree);
    runner.destroy();
    if (!awaitExit(runner.toHandle(), STOP_TIMEOUT)) {
      runner.destroyForcibly();
      awaitExit(runner.toHandle(), KILL_TIMEOUT);
    }
    for (ProcessHandle handle : snapshot) {
      if (handle.isAlive()) {
        handle.destroy();
      }
    }
    for (ProcessHandle handle : snapshot) {
      if (!awaitExit(handle, KILL_TIMEOUT)) {
        handle.destroyForcibly();
        awaitExit(handle, KILL_TIMEOUT);
      }
    }
  }

  private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
    if (!handle.isAlive()) {
      return true;
    }
    try {
      handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }

  private void awaitReady(Duration timeout) throws StartFailure {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!runner.isAlive()) {
        throw new StartFailure("pushpin exited with status " + runner.exitValue()
            + " before it was ready");
      }
      if (accepts(clientPort) && accepts(publishPort) && answersWarmUp()) {
        refreshTree();
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new StartFailure("pushpin did not accept connections on client port " + clientPort
            + " and publish port " + publishPort + " within " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StartFailure("interrupted while waiting for pushpin to start");
      }
    }
  }

  /**
   * Whether a request to the warm-up route comes back. Listening ports are not enough: until
   * the proxy's ZeroMQ PUB socket has joined condure's, Pushpin drops its answers (the first
   * WebSocket handshake after start then hangs). The warm-up route points at a closed port, so
   * the answer is Pushpin's own 502 and the origin never sees the request.
   */
  private boolean answersWarmUp() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, clientPort), 250);
      socket.setSoTimeout(500);
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + WARM_UP_HOST
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] start = socket.getInputStream().readNBytes(9);
      return new String(start, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 250);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String readLogs(int tailLines) {
    Path logDir = dir.resolve("log");
    if (!Files.isDirectory(logDir)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path file : files.sorted().collect(Collectors.toList())) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        out.append("==> ").append(file.getFileName()).append(" <==\n");
        for (String line : lines.subList(Math.max(0, lines.size() - tailLines), lines.size())) {
          out.append(line).append('\n');
        }
      }
    } catch (IOException e) {
      out.append("(could not read logs: ").append(e).append(")\n");
    }
    return out.toString();
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path == null");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    return path;
  }

  private static PushpinProcess launch(Builder builder) {
    Path binary = PushpinAvailability.require();
    installShutdownHook();
    for (int attempt = 1; ; attempt++) {
      Path dir = createDirectory();
      PushpinProcess pushpin = null;
      try {
        int[] ports = freePorts(2);
        writeFiles(dir, builder, ports[0], ports[1]);
        Process runner = new ProcessBuilder(binary.toString(), "--config",
            dir.resolve("pushpin.conf").toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").resolve("runner.log").toFile())
            .start();
        pushpin = new PushpinProcess(dir, runner, ports[0], ports[1], builder.sigIss,
            builder.sigKey);
        OPEN.add(pushpin);
        pushpin.awaitReady(builder.startTimeout);
        return pushpin;
      } catch (IOException e) {
        if (pushpin != null) {
          pushpin.close();
        } else {
          deleteRecursively(dir);
        }
        throw new UncheckedIOException("could not start pushpin in " + dir, e);
      } catch (StartFailure e) {
        String tail = pushpin.readLogs(LOG_TAIL_LINES);
        pushpin.close();
        // Free ports are found by binding and releasing them; another process can win the race.
        boolean portTaken = tail.toLowerCase(Locale.ROOT).contains("in use");
        if (!portTaken || attempt == START_ATTEMPTS) {
          throw new IllegalStateException(e.getMessage() + " (attempt " + attempt + " of "
              + START_ATTEMPTS + "); last log lines:\n" + tail);
        }
      }
    }
  }

  private static void installShutdownHook() {
    if (HOOK_INSTALLED.compareAndSet(false, true)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        for (PushpinProcess pushpin : List.copyOf(OPEN)) {
          pushpin.close();
        }
      }, "pushpin-process-cleanup"));
    }
  }

  private static Path createDirectory() {
    try {
      Path dir = Files.createTempDirectory(TMP, "gk-pp");
      if (dir.resolve("run").toString().length() > MAX_RUN_DIR_LENGTH) {
        deleteRecursively(dir);
        throw new IllegalStateException("run directory path too long for ZeroMQ ipc: " + dir);
      }
      Files.createDirectory(dir.resolve("run"));
      Files.createDirectory(dir.resolve("log"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory in " + TMP, e);
    }
  }

  private static int[] freePorts(int count) throws IOException {
    int[] ports = new int[count];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        held.add(socket);
        socket.bind(new InetSocketAddress(HOST, 0));
        ports[i] = socket.getLocalPort();
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    return ports;
  }

  private static void writeFiles(Path dir, Builder builder, int clientPort, int publishPort)
      throws IOException {
    Map<String, Map<String, String>> conf = new LinkedHashMap<>();
    for (String section : SECTIONS) {
      conf.put(section, new LinkedHashMap<>());
    }
    Map<String, String> global = conf.get("global");
    global.put("include", "{libdir}/internal.conf");
    global.put("rundir", dir.resolve("run").toString());
    global.put("ipc_prefix", "pushpin-");
    global.put("port_offset", "0");
    global.put("stats_connection_ttl", "120");

    Map<String, String> runner = conf.get("runner");
    // zurl makes Pushpin's requests to the origin; the package leaves it to a system service.
    runner.put("services", "condure,zurl,pushpin-proxy,pushpin-handler");
    runner.put("http_port", HOST + ":" + clientPort);
    runner.put("logdir", dir.resolve("log").toString());
    runner.put("log_level", Integer.toString(builder.logLevel));
    runner.put("client_buffer_size", "8192");
    runner.put("client_maxconn", "1000");
    runner.put("condure_bin", "condure");
    runner.put("zurl_bin", "zurl");

    Map<String, String> proxy = conf.get("proxy");
    proxy.put("routesfile", "routes");
    proxy.put("debug", "true");
    proxy.put("auto_cross_origin", "false");
    proxy.put("accept_x_forwarded_protocol", "false");
    proxy.put("set_x_forwarded_protocol", "proto-only");
    proxy.put("x_forwarded_for", "");
    proxy.put("x_forwarded_for_trusted", "");
    proxy.put("orig_headers_need_mark", "");
    proxy.put("accept_pushpin_route", "false");
    proxy.put("log_from", "false");
    proxy.put("log_user_agent", "false");
    proxy.put("sig_iss", builder.sigIss);
    proxy.put("sig_key", builder.sigKey);
    proxy.put("upstream_key", "");
    proxy.put("updates_check", "off");
    proxy.put("organization_name", "");
    // These must match the names the runner's zurl.conf template binds in {rundir}.
    proxy.put("zurl_out_specs", "ipc://{rundir}/{ipc_prefix}zurl-in");
    proxy.put("zurl_out_stream_specs", "ipc://{rundir}/{ipc_prefix}zurl-in-stream");
    proxy.put("zurl_in_specs", "ipc://{rundir}/{ipc_prefix}zurl-out");

    Map<String, String> handler = conf.get("handler");
    // The packaged TCP ports 5560, 5562 and 5563 would clash between instances.
    handler.put("push_in_spec", "ipc://{rundir}/{ipc_prefix}push-in");
    handler.put("push_in_sub_specs", "ipc://{rundir}/{ipc_prefix}push-in-sub");
    handler.put("push_in_sub_connect", "false");
    handler.put("push_in_http_addr", HOST);
    handler.put("push_in_http_port", Integer.toString(publishPort));
    handler.put("push_in_max_headers_size", "10000");
    handler.put("push_in_max_body_size", "1000000");
    handler.put("stats_spec", "ipc://{rundir}/{ipc_prefix}stats");
    handler.put("command_spec", "ipc://{rundir}/{ipc_prefix}command");
    handler.put("message_rate", Integer.toString(builder.messageRate));
    handler.put("message_hwm", Integer.toString(builder.messageHwm));
    handler.put("message_wait", "5000");
    handler.put("id_cache_ttl", "60");
    handler.put("connection_subscription_max", "20");
    handler.put("subscription_linger", "60");
    handler.put("stats_subscription_ttl", "60");
    handler.put("stats_report_interval", "10");
    handler.put("stats_format", "tnetstring");

    builder.overrides.forEach((section, values) -> conf.get(section).putAll(values));

    StringBuilder text = new StringBuilder("# written by ").append(PushpinProcess.class.getName())
        .append('\n');
    conf.forEach((section, values) -> {
      text.append("\n[").append(section).append("]\n");
      values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    });
    Files.writeString(dir.resolve("pushpin.conf"), text, StandardCharsets.UTF_8);
    List<String> routes = new ArrayList<>();
    routes.add(WARM_UP_HOST + " " + HOST + ":" + WARM_UP_PORT);
    routes.addAll(builder.routes);
    Files.writeString(dir.resolve("routes"), String.join("\n", routes) + "\n",
        StandardCharsets.UTF_8);
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  private static String checkConfigValue(String name, String value) {
    Objects.requireNonNull(value, name + " == null");
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException(name + " must be one line: " + value);
    }
    return value;
  }

  /** Why a start attempt failed; the caller adds the log tail. */
  private static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StartFailure(String message) {
      super(message);
    }
  }

  /** Configures and starts a {@link PushpinProcess}. Not thread-safe. */
  public static final class Builder {
    private final List<String> routes = new ArrayList<>();
    private final Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
    private String sigIss = DEFAULT_SIG_ISS;
    private String sigKey = DEFAULT_SIG_KEY;
    private int messageRate = 2500;
    private int messageHwm = 25000;
    private int logLevel = 2;
    private Duration startTimeout = Duration.ofSeconds(20);

    private Builder() {}

    /** Adds a routes-file line as is, for example {@code * 127.0.0.1:8080,over_http}. */
    public Builder route(String line) {
      checkConfigValue("route", line);
      if (line.isBlank()) {
        throw new IllegalArgumentException("route is blank");
      }
      routes.add(line);
      return this;
    }

    /**
     * Routes everything to an origin on {@code 127.0.0.1:<originPort>}, WebSockets as
     * WebSocket-over-HTTP: {@code * 127.0.0.1:<originPort>,over_http}.
     */
    public Builder overHttpRoute(int originPort) {
      return route("* " + HOST + ":" + checkPort(originPort) + ",over_http");
    }

    /**
     * Routes everything to an origin on {@code 127.0.0.1:<originPort>} as plain HTTP (GRIP
     * HTTP streaming and long-polling; WebSockets are passed through as WebSockets).
     */
    public Builder httpRoute(int originPort) {
      return route("* " + HOST + ":" + checkPort(originPort));
    }

    /** The issuer of {@code Grip-Sig}; default {@value #DEFAULT_SIG_ISS}. */
    public Builder sigIss(String sigIss) {
      this.sigIss = checkConfigValue("sigIss", sigIss);
      return this;
    }

    /**
     * The {@code Grip-Sig} key, {@code base64:...} for binary keys; default {@value
     * #DEFAULT_SIG_KEY}. An empty key still signs (with the empty key).
     */
    public Builder sigKey(String sigKey) {
      this.sigKey = checkConfigValue("sigKey", sigKey);
      return this;
    }

    /** The handler's deliveries per second, all connections together; default 2,500. */
    public Builder messageRate(int messageRate) {
      this.messageRate = checkPositive("messageRate", messageRate);
      return this;
    }

    /** The handler's queue of rate-limited deliveries; default 25,000. */
    public Builder messageHwm(int messageHwm) {
      this.messageHwm = checkPositive("messageHwm", messageHwm);
      return this;
    }

    /** Pushpin's log level, 2 (info, the default) or 3 (verbose: every request logged). */
    public Builder logLevel(int logLevel) {
      if (logLevel < 0 || logLevel > 3) {
        throw new IllegalArgumentException("logLevel out of range 0..3: " + logLevel);
      }
      this.logLevel = logLevel;
      return this;
    }

    /** How long {@link #start()} waits for both ports; default 20 s. */
    public Builder startTimeout(Duration startTimeout) {
      Objects.requireNonNull(startTimeout, "startTimeout == null");
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive: " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Sets any other key of {@code pushpin.conf} (section {@code global}, {@code runner},
     * {@code proxy} or {@code handler}), over the values this class writes.
     */
    public Builder set(String section, String key, String value) {
      if (!SECTIONS.contains(section)) {
        throw new IllegalArgumentException("unknown section: " + section);
      }
      if (key.isEmpty() || !key.matches("[a-z0-9_]+")) {
        throw new IllegalArgumentException("bad key: " + key);
      }
      overrides.computeIfAbsent(section, s -> new LinkedHashMap<>())
          .put(key, checkConfigValue(key, value));
      return this;
    }

    /**
     * Starts Pushpin and waits until it accepts connections on both ports.
     *
     * @throws IllegalStateException if it does not start in time, with its last log lines
     * @throws org.opentest4j.TestAbortedException if there is no Pushpin and {@code CI} is not
     *     {@code true} (the test is skipped)
     */
    public PushpinProcess start() {
      if (routes.isEmpty()) {
        throw new IllegalStateException("no route: call overHttpRoute, httpRoute or route");
      }
      return launch(this);
    }

    private static int checkPort(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range 1..65535: " + port);
      }
      return port;
    }

    private static int checkPositive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
