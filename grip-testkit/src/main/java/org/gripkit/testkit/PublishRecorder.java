package org.gripkit.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gripkit.GripConfig;
import org.jspecify.annotations.Nullable;

/**
 * A publish endpoint on loopback that records what is published to it: Pushpin's HTTP publish
 * API, to point a {@code GripPublisher} (or anything else that publishes) at in a test.
 *
 * <p>It answers {@code POST /publish/} as Pushpin does: {@code 200}, {@code text/plain},
 * {@code Published\n}; a body Pushpin would refuse gets {@code 400 text/plain} with Pushpin's
 * message (and a few Pushpin would take but cannot deliver, see {@link RecordedItem}); another
 * method {@code 405}, another path {@code 404}. With {@link Builder#requireJwt}, {@link
 * Builder#requireBearer} or {@link Builder#requireBasic} it answers {@code 401} to any other
 * credentials, as Fastly Fanout does. Every request is recorded, answered or not ({@link
 * #takeRequest()}, {@link #requests()}); the items of those it took are in {@link #items()}.
 *
 * <p>Like OkHttp's {@code MockWebServer}, it can be told how to answer the next requests, to
 * test retries and errors: each {@link #enqueue(PublishAnswer) enqueued} answer is given, in
 * order, to one request whatever it holds; once they are used up it answers on its own again.
 *
 * <pre>{@code
 * try (PublishRecorder recorder = PublishRecorder.start();
 *     GripPublisher publisher = GripPublisher.builder(recorder.config()).build()) {
 *   recorder.enqueue(PublishAnswer.status(503).withRetryAfter(Duration.ofSeconds(1)));
 *   publisher.publish(PublishItem.of("room-alpha", PublishFormat.WsMessage.text("hi")));
 *   assertThat(recorder.takeRequest().status()).isEqualTo(503);
 *   assertThat(recorder.takeRequest().status()).isEqualTo(200);
 *   assertThat(recorder.items()).extracting(RecordedItem::channel).containsExactly("room-alpha");
 * }
 * }</pre>
 *
 * <p>It listens on {@code 127.0.0.1} and a free port from {@link #start()} to {@link #close()}.
 * Thread-safe: requests are answered on a pool of daemon threads.
 */
public final class PublishRecorder implements AutoCloseable {
  static final String PUBLISHED = "Published\n";

  private enum Auth {
    NONE, JWT, BEARER, BASIC
  }

  private final Auth auth;
  private final String issuer;
  private final byte[] key;
  private final String user;
  private final String password;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicInteger sequence = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private final ConcurrentLinkedQueue<PublishAnswer> answers = new ConcurrentLinkedQueue<>();
  private final List<RecordedPublish> requests = new CopyOnWriteArrayList<>();
  private final BlockingQueue<RecordedPublish> unread = new LinkedBlockingQueue<>();
  private final List<RecordedItem> items = new CopyOnWriteArrayList<>();

  private PublishRecorder(Builder b) {
    this.auth = b.auth;
    this.issuer = b.issuer;
    this.key = b.key;
    this.user = b.user;
    this.password = b.password;
    this.clock = b.clock;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "publish-recorder-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      this.server = HttpServer.create(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot start the publish recorder", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a recorder that requires no credentials (as Pushpin's publish port). */
  public static PublishRecorder start() {
    return builder().start();
  }

  /** A builder, to require credentials. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port it listens on, on {@code 127.0.0.1}. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Where to publish: {@code http://127.0.0.1:<port>/publish/}. */
  public URI publishUri() {
    return URI.create("http://127.0.0.1:" + port() + "/publish/");
  }

  /**
   * A GRIP URL with the credentials this recorder takes: {@code
   * http://127.0.0.1:<port>/?iss=<issuer>&key=<key>} for a JWT (the default, with {@link
   * GripTestKit#TEST_ISSUER} and {@link GripTestKit#TEST_KEY}, which any request passes when no
   * credentials are required), {@code ?key=<token>} for a Bearer token, {@code
   * http://user:password@...} for Basic. Its key is also the key that checks the {@code
   * Grip-Sig} of a {@link WebSocketDriver} with default settings, so an application configured
   * with it accepts the driver's requests as proxied.
   */
  public String gripUrl() {
    String base = "http://127.0.0.1:" + port() + "/";
    return switch (auth) {
      case NONE, JWT -> base + "?iss=" + encode(issuer) + "&key=" + keyParameter(key);
      case BEARER -> base + "?key=" + keyParameter(key);
      case BASIC -> "http://" + encode(user) + ":" + encode(password) + "@127.0.0.1:" + port()
          + "/";
    };
  }

  /** {@link GripConfig#parse(String) GripConfig.parse(gripUrl())}. */
  public GripConfig config() {
    return GripConfig.parse(gripUrl());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Readable text when the key is visible ASCII, else {@code base64:} (URL-safe). */
  private static String keyParameter(byte[] key) {
    String text = new String(key, StandardCharsets.ISO_8859_1);
    boolean visible = !text.startsWith("base64:") && text.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    return visible ? encode(text)
        : "base64:" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** Gives {@code answer} to the next request not yet given an enqueued answer. */
  public void enqueue(PublishAnswer answer) {
    answers.add(Objects.requireNonNull(answer, "answer == null"));
  }

  /**
   * The oldest request not yet taken, waiting up to 5 seconds for one.
   *
   * @throws AssertionError if none arrives in time
   */
  public RecordedPublish takeRequest() {
    return takeRequest(Duration.ofSeconds(5));
  }

  /**
   * The oldest request not yet taken, waiting up to {@code timeout} for one.
   *
   * @throws AssertionError if none arrives in time, or the thread is interrupted
   */
  public RecordedPublish takeRequest(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    RecordedPublish request;
    try {
      request = unread.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a publish", e);
    }
    if (request == null) {
      throw new AssertionError("no publish request within " + timeout.toMillis() + " ms ("
          + requests.size() + " received in all, " + (requests.size() - unread.size())
          + " already taken)");
    }
    return request;
  }

  /** Every request received so far, taken or not, in order. */
  public List<RecordedPublish> requests() {
    return Collections.unmodifiableList(new ArrayList<>(requests));
  }

  /** How many requests were received so far. */
  public int requestCount() {
    return requests.size();
  }

  /**
   * The items of every publish this recorder took ({@link RecordedPublish#isAccepted()}), in
   * order: what Pushpin would have delivered. A publish retried after a 503 counts once.
   */
  public List<RecordedItem> items() {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  /** Stops listening; requests being answered are cut off. Calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "PublishRecorder[" + publishUri() + ", auth=" + auth + "]";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      java.time.Instant received = clock.instant();
      String path = exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? ""
              : "?" + exchange.getRequestURI().getRawQuery());
      PublishAnswer answer = answers.poll();
      Outcome outcome = answer != null ? scripted(answer, body) : answer(exchange, body);
      RecordedPublish recorded = new RecordedPublish(sequence.incrementAndGet(), received,
          exchange.getRequestMethod(), path, exchange.getRequestHeaders(), body, outcome.items,
          outcome.answer.drop() ? -1 : outcome.answer.status(), outcome.problem);
      // Recorded before the answer goes out: when a publish call returns, it is visible.
      requests.add(recorded);
      if (recorded.isAccepted()) {
        items.addAll(recorded.items());
      }
      unread.add(recorded);
      send(exchange, outcome.answer);
    } finally {
      exchange.close();
    }
  }

  private record Outcome(PublishAnswer answer, List<RecordedItem> items, @Nullable String problem) {}

  /** An enqueued answer; the body is still read, so the test can see what was sent. */
  private static Outcome scripted(PublishAnswer answer, byte[] body) {
    List<RecordedItem> items = List.of();
    String problem = null;
    try {
      items = PublishBodies.parse(body);
    } catch (PublishBodies.BadPublish e) {
      problem = e.getMessage();
    }
    return new Outcome(answer, items, problem);
  }

  private Outcome answer(HttpExchange exchange, byte[] body) {
    String path = exchange.getRequestURI().getRawPath();
    if (!path.equals("/publish/")) {
      return refuse(404, "Not Found");
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return new Outcome(PublishAnswer.status(405)
          .withHeader("Allow", "POST")
          .withBody("Method not allowed: " + exchange.getRequestMethod() + ".\n"),
          List.of(), "Method not allowed: " + exchange.getRequestMethod() + ".");
    }
    String denied = denied(exchange.getRequestHeaders().getFirst("Authorization"));
    if (denied != null) {
      return new Outcome(PublishAnswer.status(401).withBody(denied + "\n")
          .withHeader("WWW-Authenticate", auth == Auth.BASIC ? "Basic" : "Bearer"),
          List.of(), denied);
    }
    try {
      return new Outcome(PublishAnswer.published(), PublishBodies.parse(body), null);
    } catch (PublishBodies.BadPublish e) {
      return refuse(400, String.valueOf(e.getMessage()));
    }
  }

  private static Outcome refuse(int status, String message) {
    return new Outcome(PublishAnswer.status(status).withBody(message + "\n"), List.of(), message);
  }

  /** Why the credentials are refused, or null when they are taken. */
  private @Nullable String denied(@Nullable String authorization) {
    if (auth == Auth.NONE) {
      return null;
    }
    String scheme = auth == Auth.BASIC ? "Basic " : "Bearer ";
    if (authorization == null) {
      return "missing Authorization header (" + scheme.strip() + " required)";
    }
    if (!authorization.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return "Authorization is not " + scheme.strip();
    }
    String credentials = authorization.substring(scheme.length()).strip();
    return switch (auth) {
      case JWT -> Hs256.problem(credentials, issuer, key, clock.instant());
      case BEARER -> java.security.MessageDigest.isEqual(
              credentials.getBytes(StandardCharsets.UTF_8), key)
          ? null : "wrong Bearer token";
      case BASIC -> {
        String expected = Base64.getEncoder().encodeToString(
            (user + ":" + password).getBytes(StandardCharsets.UTF_8));
        yield expected.equals(credentials) ? null : "wrong user or password";
      }
      case NONE -> null;
    };
  }

  private static void send(HttpExchange exchange, PublishAnswer answer) throws IOException {
    if (!answer.delay().isZero()) {
      try {
        Thread.sleep(answer.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closed while waiting: no answer
        return;
      }
    }
    if (answer.drop()) {
      return; // HttpExchange.close() before any status line closes the connection
    }
    for (Map.Entry<String, String> header : answer.headers()) {
      exchange.getResponseHeaders().add(header.getKey(), header.getValue());
    }
    byte[] body = answer.body();
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  /** Configures a {@link PublishRecorder}; not thread-safe. */
  public static final class Builder {
    private Auth auth = Auth.NONE;
    private String issuer = GripTestKit.TEST_ISSUER;
    private byte[] key = GripTestKit.TEST_KEY.getBytes(StandardCharsets.UTF_8);
    private String user = "";
    private String password = "";
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Requires {@code Authorization: Bearer <JWT>}: HS256 with {@code key}, {@code iss} equal
     * to {@code issuer}, and an {@code exp} in the future, as a GRIP URL {@code
     * ?iss=...&key=...} makes a publisher send.
     */
    public Builder requireJwt(String issuer, byte[] key) {
      Objects.requireNonNull(issuer, "issuer == null");
      Objects.requireNonNull(key, "key == null");
      if (issuer.isEmpty() || key.length == 0) {
        throw new IllegalArgumentException("JWT issuer and key must not be empty");
      }
      this.auth = Auth.JWT;
      this.issuer = issuer;
      this.key = key.clone();
      return this;
    }

    /** Requires a JWT made with {@link GripTestKit#TEST_ISSUER} and {@link GripTestKit#TEST_KEY}. */
    public Builder requireJwt() {
      return requireJwt(GripTestKit.TEST_ISSUER,
          GripTestKit.TEST_KEY.getBytes(StandardCharsets.UTF_8));
    }

    /** Requires {@code Authorization: Bearer <token>}, as Fastly Fanout's API does. */
    public Builder requireBearer(String token) {
      Objects.requireNonNull(token, "token == null");
      if (token.isEmpty()) {
        throw new IllegalArgumentException("Bearer token is empty");
      }
      this.auth = Auth.BEARER;
      this.key = token.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** Requires {@code Authorization: Basic} with this user and password. */
    public Builder requireBasic(String user, String password) {
      Objects.requireNonNull(user, "user == null");
      Objects.requireNonNull(password, "password == null");
      if (user.isEmpty() || user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("Basic user is empty or holds ':'");
      }
      this.auth = Auth.BASIC;
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * The clock that JWT expiry is checked against and {@link RecordedPublish#receivedAt()}
     * read from; the system UTC clock by default.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Starts the recorder; close it when done. */
    public PublishRecorder start() {
      return new PublishRecorder(this);
    }
  }
}
