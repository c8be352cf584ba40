package org.gripkit.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback sink that answers like Pushpin's publish endpoint: {@code POST /publish/} gets
 * 200, {@code text/plain}, {@code Published}; anything else 405 or 404. It counts requests and
 * items (occurrences of {@code "channel":}) and delivers nothing.
 *
 * <pre>
 *   java -cp benchmarks.jar org.gripkit.bench.PublishSink --port 5561
 * </pre>
 *
 * <p>Standalone it prints {@code PublishSink listening on 127.0.0.1:PORT}, and answers {@code GET
 * /stats} with {@code requests=N items=N}.
 */
public final class PublishSink implements AutoCloseable {
  private static final byte[] PUBLISHED = "Published\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CHANNEL_KEY = "\"channel\":".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong items = new AtomicLong();

  private PublishSink(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a sink on {@code 127.0.0.1:port} (0: any free port). */
  public static PublishSink start(int port) throws IOException {
    // The JDK server writes headers and body separately; with Nagle on, the client's delayed
    // ACK then stalls every answer about 40 ms, which would measure the sink, not the client.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "publish-sink");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    PublishSink sink = new PublishSink(server, executor);
    server.createContext("/", sink::handle);
    server.start();
    return sink;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The control URL a publisher is configured with: {@code http://127.0.0.1:PORT/}. */
  public String controlUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  public long requests() {
    return requests.get();
  }

  public long items() {
    return items.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/stats") && exchange.getRequestMethod().equals("GET")) {
        byte[] stats = ("requests=" + requests.get() + " items=" + items.get() + "\n")
            .getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, stats.length);
        exchange.getResponseBody().write(stats);
        return;
      }
      if (!path.equals("/publish/")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      requests.incrementAndGet();
      items.addAndGet(count(body, CHANNEL_KEY));
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, PUBLISHED.length);
      exchange.getResponseBody().write(PUBLISHED);
    }
  }

  private static int count(byte[] haystack, byte[] needle) {
    int count = 0;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      count++;
      i += needle.length - 1;
    }
    return count;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("--port")) {
      System.err.println("usage: PublishSink --port PORT");
      System.exit(2);
    }
    PublishSink sink = start(Integer.parseInt(args[1]));
    Runtime.getRuntime().addShutdownHook(new Thread(sink::close, "publish-sink-stop"));
    System.out.println("PublishSink listening on 127.0.0.1:" + sink.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
