package org.gripkit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.gripkit.GripConfig;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.servlet.Grip;
import org.gripkit.servlet.GripFilter;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark origin: grip-servlet's {@link GripFilter} in front of one servlet, on embedded
 * Jetty 12, answering WebSocket-over-HTTP as WORKLOADS.md says.
 *
 * <ul>
 *   <li>OPEN: accept (with the grip extension), subscribe to {@code room-bench}, ask for
 *       keep-alives ({@code {}} after 20 s).
 *   <li>TEXT {@code {"type":"echo","seq":k,...}}: answer {@code m:{"type":"ack","seq":k}};
 *       with {@code --publish-url}, first publish the text as a {@code ws-message} to {@code
 *       room-bench} with a {@link GripPublisher}, and answer once the publish is accepted.
 * </ul>
 *
 * <p>Every request must carry a {@code Grip-Sig} valid for the key {@code changeme} (403
 * otherwise). The origin keeps no per-connection state. {@code GET /stats} reports heap (after
 * a full GC), CPU time and request counts as one JSON line, for the scale benchmark.
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.BenchOrigin --port 9000 [--publish-url http://127.0.0.1:5561/]
 * </pre>
 *
 * <p>It prints {@code BenchOrigin listening on 127.0.0.1:PORT} once it accepts connections
 * ({@code --port 0} picks a free port) and runs until killed.
 */
public final class BenchOrigin implements AutoCloseable {
  /** The path the driver posts to and the WebSocket clients connect to. */
  public static final String PATH = "/bench";

  private final Server server;
  private final ServerConnector connector;
  private final @Nullable GripPublisher publisher;

  private BenchOrigin(Server server, ServerConnector connector,
      @Nullable GripPublisher publisher) {
    this.server = server;
    this.connector = connector;
    this.publisher = publisher;
  }

  /** Starts an origin on {@code 127.0.0.1:port} (0: any free port). */
  public static BenchOrigin start(int port, @Nullable String publishUrl) throws Exception {
    GripConfig.Builder config = GripConfig.builder().verifyKey(Workloads.SIG_KEY)
        .requireSignature();
    GripPublisher publisher = null;
    if (publishUrl != null) {
      // Signed publishes, as the Node peer's serve-grip makes them with the same URL.
      publisher = GripPublisher.builder(GripConfig.parse(publishUrl + "?iss=pushpin&key="
          + Workloads.SIG_KEY)).build();
    }
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    FilterHolder filter = new FilterHolder(new GripFilter(GripFilter.Settings.of(config.build())));
    filter.setAsyncSupported(true);
    context.addFilter(filter, PATH, EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    ServletHolder bench = new ServletHolder(new BenchServlet(publisher));
    bench.setAsyncSupported(true);
    context.addServlet(bench, PATH);
    context.addServlet(new ServletHolder(new StatsServlet()), "/stats");
    server.setHandler(context);
    server.start();
    return new BenchOrigin(server, connector, publisher);
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    if (publisher != null) {
      publisher.close();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong OPENS = new AtomicLong();
  private static final AtomicLong TEXTS = new AtomicLong();
  private static final AtomicLong PUBLISH_FAILURES = new AtomicLong();

  /** The WebSocket-over-HTTP answers; no state between requests but counters. */
  private static final class BenchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable GripPublisher publisher;

    BenchServlet(@Nullable GripPublisher publisher) {
      this.publisher = publisher;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      WebSocketContext ws = Grip.webSocket(request);
      if (ws == null) {
        response.sendError(400, "not a WebSocket-over-HTTP request");
        return;
      }
      if (ws.isOpening()) {
        OPENS.incrementAndGet();
        ws.accept();
        ws.subscribe(Workloads.CHANNEL);
        ws.keepAlive("{}", Duration.ofSeconds(20));
      }
      List<PublishItem> items = publisher == null ? List.of() : new ArrayList<>();
      for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
        if (event instanceof WebSocketEvent.Text text) {
          TEXTS.incrementAndGet();
          JsonNode message = JSON.readTree(text.content());
          ws.send(JSON.createObjectNode().put("type", "ack")
              .put("seq", message.path("seq").asLong()).toString());
          if (publisher != null) {
            items.add(PublishItem.of(Workloads.CHANNEL,
                PublishFormat.WsMessage.text(text.content())));
          }
        }
        // CLOSE is echoed by the context; DISCONNECT needs nothing.
      }
      if (publisher != null && !items.isEmpty()) {
        AsyncContext async = request.startAsync();
        async.setTimeout(30_000);
        publisher.publishAsync(items).whenComplete((ok, error) -> {
          if (error != null) {
            PUBLISH_FAILURES.incrementAndGet();
            try {
              ((HttpServletResponse) async.getResponse()).sendError(502, "publish failed");
            } catch (IOException | IllegalStateException e) {
              // the answer is lost either way; the counter says so
            }
          }
          async.complete();
        });
      }
    }
  }

  /** {@code GET /stats}: heap after a full GC, CPU time, request counts. */
  private static final class StatsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      if (!"false".equals(request.getParameter("gc"))) {
        System.gc();
      }
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      long cpuNanos = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class)
          .getProcessCpuTime();
      String body = JSON.createObjectNode()
          .put("heapUsed", heap.getUsed())
          .put("heapCommitted", heap.getCommitted())
          .put("cpuNanos", cpuNanos)
          .put("threads", ManagementFactory.getThreadMXBean().getThreadCount())
          .put("opens", OPENS.get())
          .put("texts", TEXTS.get())
          .put("publishFailures", PUBLISH_FAILURES.get())
          .toString() + "\n";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setContentType("application/json");
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = -1;
    String publishUrl = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--publish-url" -> publishUrl = args[++i];
        default -> port = -2;
      }
    }
    if (port < 0) {
      System.err.println("usage: BenchOrigin --port PORT [--publish-url http://127.0.0.1:5561/]");
      System.exit(2);
    }
    BenchOrigin origin = start(port, publishUrl);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        origin.close();
      } catch (Exception e) {
        System.err.println("stopping: " + e);
      }
    }, "bench-origin-stop"));
    System.out.println("BenchOrigin listening on 127.0.0.1:" + origin.port()
        + (publishUrl != null ? " publishing to " + publishUrl : ""));
    System.out.flush();
    Thread.currentThread().join();
  }
}
