package org.gripkit.devproxy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An embedded GRIP proxy for development and tests: it does, inside the web application, what
 * Pushpin does in front of it, so the application runs with {@code mvn jetty:run} and nothing
 * else installed, on exactly the code path it has behind Pushpin.
 *
 * <p>It is a servlet {@link Filter} in front of the application. A browser's WebSocket
 * handshake at a WebSocket path is taken by the proxy, which speaks WebSocket-over-HTTP to
 * the application over loopback (same address, port, path and query), one request at a time
 * per connection, with the headers Pushpin sends ({@code Connection-Id}, {@code Grip-Sig},
 * {@code Meta-*}, the client's own). A request to a GRIP HTTP path is forwarded to the
 * application the same way, and held ({@code Grip-Hold: stream} or {@code response}) when the
 * answer asks for it. The application publishes by POSTing Pushpin's JSON to {@link
 * #publishPath()}, that is, with a publisher whose control URI is {@link #controlUri(int)}.
 * Requests the proxy itself makes carry its {@code Grip-Sig} and pass through to the
 * application untouched.
 *
 * <h2>Installing</h2>
 *
 * <p>From a {@link jakarta.servlet.ServletContextListener}, before the context starts:
 *
 * <pre>{@code
 * public void contextInitialized(ServletContextEvent event) {
 *   DevGripProxy proxy = DevGripProxy.builder()
 *       .webSocketPath("/api/websocket").httpPath("/api/log/*").build()
 *       .install(event.getServletContext());
 *   // verify Grip-Sig with proxy.issuer() and proxy.signingKey();
 *   // publish to proxy.controlUri(port), or find the proxy again with DevGripProxy.of(context)
 * }
 * }</pre>
 *
 * <p>The container must provide the Jakarta WebSocket 2.1 server ({@code
 * jakarta.websocket.server.ServerContainer}); Jetty 12 does.
 *
 * <h2>Security</h2>
 *
 * <p>The signing key is 32 random bytes made when the proxy is built, never stored. Publishing
 * is accepted from loopback addresses only, or, after {@link Builder#requirePublishAuth()},
 * from anyone presenting {@code Authorization: Bearer} with an HS256 token signed with that
 * key.
 *
 * <h2>Thread-safety, lifecycle and limits</h2>
 *
 * <p>Thread-safe. One proxy serves one servlet context; it starts with the filter and stops
 * with it (closing every client connection and answering every held request). Connections
 * and held requests live in memory only, in this one process, and are forgotten when they
 * end: subscriptions do not survive a restart, and several application instances do not
 * share them. <strong>Not for production</strong>: no retries, no rate limits, no message
 * filters, no {@code prev-id} sequencing, no JSON patch, no {@code Grip-Link}, no sessions.
 * Where it cannot do what Pushpin does:
 *
 * <ul>
 *   <li>The Jakarta WebSocket API does not show a client's pings (the container answers them
 *       itself), so no {@code PING} event reaches the origin; and the container answers a
 *       client's close at once, before the origin has seen the {@code CLOSE} event.
 *   <li>The origin sees {@code Host: 127.0.0.1:<port>}, not the client's Host header.
 *   <li>A streaming client that leaves is noticed at the next write to it (a publish or a
 *       {@code Grip-Keep-Alive}), not at once: give streams a keep-alive.
 *   <li>Keep-alives are sent on time, without Pushpin's jitter.
 * </ul>
 */
public final class DevGripProxy {
  /** The default publish path: a publisher's control URI is then {@code http://host:port/_grip}. */
  public static final String DEFAULT_PUBLISH_PATH = "/_grip/publish/";
  /** The default {@code iss} of {@code Grip-Sig}, Pushpin's. */
  public static final String DEFAULT_ISSUER = "pushpin";
  /** The servlet context attribute under which {@link #install} leaves the proxy. */
  static final String ATTRIBUTE = DevGripProxy.class.getName();

  static final Duration PUSHPIN_MINIMUM_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(20);
  static final Duration PUSHPIN_MINIMUM_HOLD_TIMEOUT = Duration.ofSeconds(5);
  /** Pushpin's default {@code connection_subscription_max}. */
  static final int MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

  private final List<String> webSocketPaths;
  private final List<String> httpPaths;
  private final String publishPath;
  private final String issuer;
  private final byte[] signingKey;
  private final Duration minimumKeepAliveInterval;
  private final Duration minimumHoldTimeout;
  private final boolean publishRequiresAuth;
  private volatile String contextPath = "";

  final Channels channels = new Channels();
  final Map<String, WsConnection> connections = new ConcurrentHashMap<>();
  final Set<HttpHold> holds = ConcurrentHashMap.newKeySet();
  final ExecutorService workers;
  final ScheduledThreadPoolExecutor timers;
  final Origin origin;
  private final DevGripProxyFilter filter;

  private DevGripProxy(Builder builder) {
    this.webSocketPaths = List.copyOf(builder.webSocketPaths);
    this.httpPaths = List.copyOf(builder.httpPaths);
    this.publishPath = builder.publishPath;
    this.issuer = builder.issuer;
    this.signingKey = new byte[32];
    new SecureRandom().nextBytes(signingKey);
    this.minimumKeepAliveInterval = builder.minimumKeepAliveInterval;
    this.minimumHoldTimeout = builder.minimumHoldTimeout;
    this.publishRequiresAuth = builder.publishRequiresAuth;
    this.workers = Executors.newCachedThreadPool(threads("grip-dev-proxy-"));
    this.timers = new ScheduledThreadPoolExecutor(1, threads("grip-dev-proxy-timer-"));
    timers.setRemoveOnCancelPolicy(true);
    this.origin = new Origin(workers, issuer, signingKey);
    this.filter = new DevGripProxyFilter(this);
  }

  /** A builder with no proxied paths, the default publish path and issuer. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Registers the proxy's filter in front of everything else in the context, mapped to the
   * WebSocket, HTTP and publish paths, and leaves the proxy in a context attribute for {@link
   * #of}. Call it while the context is being initialized (from a {@code
   * ServletContextListener} or a {@code ServletContainerInitializer}).
   *
   * @return this proxy
   * @throws IllegalStateException if a proxy is already installed in the context, or the
   *     context no longer accepts filters
   */
  public DevGripProxy install(ServletContext context) {
    Objects.requireNonNull(context, "context == null");
    if (context.getAttribute(ATTRIBUTE) != null) {
      throw new IllegalStateException("a DevGripProxy is already installed in this context");
    }
    FilterRegistration.Dynamic registration = context.addFilter("gripDevProxy", filter);
    if (registration == null) {
      throw new IllegalStateException("a filter named gripDevProxy is already registered");
    }
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
        urlPatterns().toArray(new String[0]));
    context.setAttribute(ATTRIBUTE, this);
    contextPath = context.getContextPath();
    return this;
  }

  /** The proxy installed in that context by {@link #install}, or null. */
  public static @Nullable DevGripProxy of(ServletContext context) {
    Objects.requireNonNull(context, "context == null");
    Object proxy = context.getAttribute(ATTRIBUTE);
    return proxy instanceof DevGripProxy p ? p : null;
  }

  /**
   * The filter, to register by hand instead of {@link #install}: map it, with async support,
   * to {@link #urlPatterns()}.
   */
  public Filter filter() {
    return filter;
  }

  /** The URL patterns the filter must be mapped to: proxied paths and the publish path. */
  public List<String> urlPatterns() {
    Set<String> patterns = new LinkedHashSet<>();
    patterns.addAll(webSocketPaths);
    patterns.addAll(httpPaths);
    patterns.add(publishPath);
    patterns.add(publishPath.substring(0, publishPath.length() - 1));
    return new ArrayList<>(patterns);
  }

  /** A copy of the key that signs {@code Grip-Sig} (HS256), 32 random bytes. */
  public byte[] signingKey() {
    return signingKey.clone();
  }

  /** The {@code iss} claim of {@code Grip-Sig}. */
  public String issuer() {
    return issuer;
  }

  /** The context-relative path that takes publishes, ending in {@code /publish/}. */
  public String publishPath() {
    return publishPath;
  }

  /**
   * The control URI to give a GRIP publisher (which POSTs to {@code <control URI>/publish/}):
   * {@code http://127.0.0.1:<port><context path><publish path without "publish/">}, for
   * example {@code http://127.0.0.1:8080/_grip}.
   *
   * @param port the port the web application listens on
   */
  public URI controlUri(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range 1..65535: " + port);
    }
    String base = publishPath.substring(0, publishPath.length() - "/publish/".length());
    return URI.create("http://127.0.0.1:" + port + contextPath + base);
  }

  @Override
  public String toString() {
    return "DevGripProxy[webSockets=" + webSocketPaths + ", http=" + httpPaths + ", publish="
        + publishPath + ", connections=" + connections.size() + ", holds=" + holds.size() + "]";
  }

  List<String> webSocketPaths() {
    return webSocketPaths;
  }

  List<String> httpPaths() {
    return httpPaths;
  }

  boolean publishRequiresAuth() {
    return publishRequiresAuth;
  }

  byte[] key() {
    return signingKey;
  }

  Duration minimumKeepAliveInterval() {
    return minimumKeepAliveInterval;
  }

  Duration minimumHoldTimeout() {
    return minimumHoldTimeout;
  }

  /** Ends every connection and hold and stops the threads; the filter's {@code destroy}. */
  void shutdown() {
    for (WsConnection connection : List.copyOf(connections.values())) {
      connection.shutdown();
    }
    for (HttpHold hold : List.copyOf(holds)) {
      hold.shutdown();
    }
    timers.shutdownNow();
    workers.shutdown();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Builds a {@link DevGripProxy}. Not thread-safe. */
  public static final class Builder {
    private final List<String> webSocketPaths = new ArrayList<>();
    private final List<String> httpPaths = new ArrayList<>();
    private String publishPath = DEFAULT_PUBLISH_PATH;
    private String issuer = DEFAULT_ISSUER;
    private Duration minimumKeepAliveInterval = PUSHPIN_MINIMUM_KEEP_ALIVE_INTERVAL;
    private Duration minimumHoldTimeout = PUSHPIN_MINIMUM_HOLD_TIMEOUT;
    private boolean publishRequiresAuth;

    private Builder() {}

    /**
     * Proxies WebSocket handshakes at this servlet URL pattern ({@code /api/websocket}, {@code
     * /ws/*}, {@code *.ws}). Other requests at the pattern pass to the application.
     */
    public Builder webSocketPath(String urlPattern) {
      webSocketPaths.add(checkPattern(urlPattern));
      return this;
    }

    /** Proxies HTTP requests at this servlet URL pattern as GRIP HTTP (streams, long-polls). */
    public Builder httpPath(String urlPattern) {
      httpPaths.add(checkPattern(urlPattern));
      return this;
    }

    /**
     * The context-relative path that takes publishes; defaults to {@value
     * DevGripProxy#DEFAULT_PUBLISH_PATH}. It must end with {@code /publish/}, because publishers append
     * {@code /publish/} to their control URI.
     */
    public Builder publishPath(String path) {
      Objects.requireNonNull(path, "path == null");
      if (!path.startsWith("/") || !path.endsWith("/publish/") || path.equals("/publish/")) {
        throw new IllegalArgumentException(
            "publish path must look like /<prefix>/publish/: " + path);
      }
      publishPath = path;
      return this;
    }

    /** The {@code iss} claim of {@code Grip-Sig}; defaults to {@value DevGripProxy#DEFAULT_ISSUER}. */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer == null");
      if (issuer.isEmpty()) {
        throw new IllegalArgumentException("issuer is empty");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * Accepts publishes only with {@code Authorization: Bearer <token>}, an HS256 token
     * signed with {@link #signingKey()} and not expired, from any address. Without this,
     * publishes are accepted from loopback addresses only, with no credentials.
     */
    public Builder requirePublishAuth() {
      publishRequiresAuth = true;
      return this;
    }

    /**
     * The smallest {@code Keep-Alive-Interval} honoured; Pushpin raises smaller ones to 20
     * seconds, the default. Lower it in tests only.
     */
    public Builder minimumKeepAliveInterval(Duration minimum) {
      minimumKeepAliveInterval = checkPositive(minimum, "minimum");
      return this;
    }

    /**
     * The smallest {@code Grip-Timeout} honoured for a held response; Pushpin raises smaller
     * ones to 5 seconds, the default. Lower it in tests only.
     */
    public Builder minimumHoldTimeout(Duration minimum) {
      minimumHoldTimeout = checkPositive(minimum, "minimum");
      return this;
    }

    /** A new proxy with a new random signing key. */
    public DevGripProxy build() {
      return new DevGripProxy(this);
    }

    private static Duration checkPositive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }

    private static String checkPattern(String pattern) {
      Objects.requireNonNull(pattern, "urlPattern == null");
      boolean ok = (pattern.startsWith("/") && (pattern.indexOf('*') < 0
          || (pattern.endsWith("/*") && pattern.indexOf('*') == pattern.length() - 1)))
          || (pattern.startsWith("*.") && pattern.length() > 2 && pattern.indexOf('/') < 0);
      if (!ok) {
        throw new IllegalArgumentException("not a servlet URL pattern: " + pattern);
      }
      return pattern;
    }
  }
}
