package org.gripkit.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An origin server for tests on a free loopback port, on the JDK's {@code
 * com.sun.net.httpserver} (no servlet container): register a {@link Handler} per path prefix,
 * then look at what arrived with {@link #takeRequest} or {@link #requests()}.
 *
 * <p>Bodies are bytes both ways: a request body is read whole as bytes, a response body is
 * written as given with an exact {@code Content-Length}, and header values are sent exactly as
 * given (no charset is ever appended). One limit of the JDK server: header <em>names</em> are
 * normalized to "first letter upper case, the rest lower case" both ways ({@code Connection-id},
 * {@code Set-meta-user}); HTTP names are case-insensitive, and {@link Request#headers()} is a
 * case-insensitive map.
 *
 * <p>A handler that throws gets a 500 with the stack trace as body, and the failure is kept:
 * call {@link #assertNoHandlerFailures()} so that an assertion inside a handler fails the test.
 * Requests to a path with no handler get 404 and count as failures too.
 *
 * <p>Thread-safe: requests are handled on a pool, so handlers must be thread-safe.
 */
public final class TestOrigin implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Request> unread = new LinkedBlockingQueue<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();

  private TestOrigin(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts an origin on {@code 127.0.0.1} and a free port, with no handlers yet. */
  public static TestOrigin start() {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "test-origin-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("could not start the test origin", e);
    }
    TestOrigin origin = new TestOrigin(server, executor);
    server.createContext("/", origin::dispatch);
    server.setExecutor(executor);
    server.start();
    return origin;
  }

  /** The loopback port this origin listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /**
   * Handles requests whose path starts with {@code pathPrefix} (the longest registered prefix
   * wins), replacing any handler registered for the same prefix.
   */
  public TestOrigin handle(String pathPrefix, Handler handler) {
    Objects.requireNonNull(pathPrefix, "pathPrefix == null");
    Objects.requireNonNull(handler, "handler == null");
    if (!pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException("pathPrefix must start with /: " + pathPrefix);
    }
    handlers.put(pathPrefix, handler);
    return this;
  }

  /** Every request received so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /**
   * The oldest request not yet taken, waiting up to {@code timeout} for one.
   *
   * @throws AssertionError if none arrives in time
   */
  public Request takeRequest(Duration timeout) throws InterruptedException {
    Request request = unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) {
      throw new AssertionError("no request reached the origin within " + timeout);
    }
    return request;
  }

  /** Exceptions thrown by handlers, and requests nobody handled. */
  public List<Throwable> handlerFailures() {
    return List.copyOf(failures);
  }

  /** Throws an {@link AssertionError} carrying every handler failure, if there was any. */
  public void assertNoHandlerFailures() {
    if (failures.isEmpty()) {
      return;
    }
    AssertionError error = new AssertionError(failures.size() + " origin handler failure(s), first: "
        + failures.get(0));
    failures.forEach(error::addSuppressed);
    throw error;
  }

  /** Stops the server at once and its threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    Response response;
    try (InputStream in = exchange.getRequestBody()) {
      Request request = new Request(exchange.getRequestMethod(),
          exchange.getRequestURI().toString(), copyHeaders(exchange), in.readAllBytes());
      requests.add(request);
      unread.add(request);
      response = respond(request);
    } catch (IOException | RuntimeException e) {
      failures.add(e);
      response = Response.status(500).header("Content-Type", "text/plain").body(stackTrace(e));
    }
    try (OutputStream out = exchange.getResponseBody()) {
      response.headers.forEach(h -> exchange.getResponseHeaders().add(h.name(), h.value()));
      byte[] body = response.body;
      // -1: no body and Content-Length: 0; 0 would mean chunked.
      exchange.sendResponseHeaders(response.status, body.length == 0 ? -1 : body.length);
      out.write(body);
    }
  }

  private Response respond(Request request) {
    String path = URI.create(request.uri()).getRawPath();
    String best = null;
    for (String prefix : handlers.keySet()) {
      if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    if (best == null) {
      failures.add(new AssertionError("no origin handler for " + request.method() + " "
          + request.uri()));
      return Response.status(404).header("Content-Type", "text/plain").body("no handler");
    }
    try {
      return Objects.requireNonNull(handlers.get(best).handle(request), "handler returned null");
    } catch (Exception e) {
      failures.add(e);
      return Response.status(500).header("Content-Type", "text/plain").body(stackTrace(e));
    } catch (AssertionError e) {
      failures.add(e);
      return Response.status(500).header("Content-Type", "text/plain").body(stackTrace(e));
    }
  }

  private static Map<String, List<String>> copyHeaders(HttpExchange exchange) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    return Collections.unmodifiableMap(headers);
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(Request request) throws Exception;
  }

  /**
   * A request as the origin received it.
   *
   * @param method the method, {@code POST}
   * @param uri the raw path and query, {@code /ws?room=alpha}
   * @param headers every header, case-insensitive names, values in arrival order
   * @param body the body bytes, empty when there is none
   */
  public record Request(String method, String uri, Map<String, List<String>> headers,
      byte[] body) {
    public Request {
      body = body.clone();
    }

    /** A copy of the body bytes. */
    @Override
    public byte[] body() {
      return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a header, or null. */
    public @Nullable String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Request other && method.equals(other.method) && uri.equals(other.uri)
          && headers.equals(other.headers) && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(method, uri, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
      return method + " " + uri + " " + headers + " body=\""
          + new String(body, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n")
          + "\"";
    }
  }

  /** A response to send: status, headers in order (repeats allowed), body bytes. Mutable. */
  public static final class Response {
    private final int status;
    private final List<Header> headers = new ArrayList<>();
    private byte[] body = new byte[0];

    private Response(int status) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status out of range 100..599: " + status);
      }
      this.status = status;
    }

    /** A response with this status, no headers and no body. */
    public static Response status(int status) {
      return new Response(status);
    }

    /** Adds a header, sent with exactly this value. */
    public Response header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (name.equalsIgnoreCase("Content-Length")) {
        throw new IllegalArgumentException("Content-Length is set from the body");
      }
      headers.add(new Header(name, value));
      return this;
    }

    /** Adds every header of a map, in its iteration order. */
    public Response headers(Map<String, String> map) {
      map.forEach(this::header);
      return this;
    }

    /** The body bytes (copied). */
    public Response body(byte[] body) {
      this.body = body.clone();
      return this;
    }

    /** The body as UTF-8 bytes. */
    public Response body(String text) {
      this.body = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    private record Header(String name, String value) {}
  }
}
