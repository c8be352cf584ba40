package org.gripkit.sample.qa;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebListener;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import org.gripkit.GripConfig;
import org.gripkit.GripEndpoint;
import org.gripkit.GripKey;
import org.gripkit.GripPublisher;
import org.gripkit.devproxy.DevGripProxy;
import org.gripkit.sample.qa.store.QaStore;
import org.gripkit.sample.qa.store.QaStores;
import org.gripkit.servlet.GripFilter;
import org.jspecify.annotations.Nullable;

/**
 * Wires the Q&amp;A room into the servlet context: the store, the GRIP filter, the servlets,
 * and the GRIP proxy they publish to: Pushpin or Fanout when a GRIP URL is configured (see
 * {@link QaConfig}), otherwise the embedded development proxy, installed in this same web
 * application, so that {@code mvn jetty:run} needs nothing else.
 */
@WebListener
public final class QaApp implements ServletContextListener {
  private final @Nullable QaConfig given;
  private @Nullable QaStore store;
  private @Nullable GripBroadcaster broadcaster;

  /** The app as a container starts it, configured from the environment. */
  public QaApp() {
    this.given = null;
  }

  /** The app with explicit settings, for tests. */
  QaApp(QaConfig config) {
    this.given = config;
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    QaConfig config = given != null ? given : QaConfig.fromEnvironment();
    QaStore store = config.jdbcUrl() == null
        ? QaStores.h2File(config.dataDir())
        : config.jdbcUser() == null
            ? QaStores.fromJdbcUrl(config.jdbcUrl())
            : QaStores.postgres(config.jdbcUrl(), config.jdbcUser(),
                config.jdbcPassword() == null ? "" : config.jdbcPassword());
    this.store = store;

    GripConfig grip;
    GripBroadcaster broadcaster;
    if (config.gripUrl() != null) {
      GripConfig.Builder builder = GripConfig.parse(config.gripUrl()).toBuilder();
      if (config.verifyKey() != null) {
        builder.verifyKey(config.verifyKey());
      }
      grip = builder.requireSignature().build();
      GripPublisher publisher = GripPublisher.builder(grip).build();
      broadcaster = new GripBroadcaster(() -> publisher);
      context.log("Q&A: behind the GRIP proxy of " + publisher.endpoints());
    } else {
      DevGripProxy proxy = DevGripProxy.builder()
          .webSocketPath("/api/websocket")
          .httpPath("/api/room/*")
          .build()
          .install(context);
      grip = GripConfig.builder()
          .verifyKey(GripKey.sharedSecret(proxy.signingKey()))
          .verifyIssuer(proxy.issuer())
          .requireSignature()
          .build();
      AtomicReference<@Nullable GripPublisher> publisher = new AtomicReference<>();
      addFilter(context, "qa-local-port", new LocalPortFilter(proxy, publisher), "/*");
      broadcaster = new GripBroadcaster(publisher::get);
      context.log("Q&A: no GRIP URL configured; using the embedded development GRIP proxy");
    }
    this.broadcaster = broadcaster;

    Clock clock = Clock.systemUTC();
    LiveLog log = new LiveLog(broadcaster, clock);
    QaService service = new QaService(store, broadcaster, log, clock);
    Sessions sessions = new Sessions(store);
    ConnectionCounter connections = new ConnectionCounter(store);

    addFilter(context, "grip", new GripFilter(GripFilter.Settings.of(grip)), "/api/websocket");
    ServletRegistration.Dynamic socket = context.addServlet("qa-websocket",
        new RoomSocketServlet(service, sessions, connections, log, broadcaster));
    socket.addMapping("/api/websocket");
    socket.setAsyncSupported(true);
    ServletRegistration.Dynamic api = context.addServlet("qa-api",
        new ApiServlet(service, sessions, connections, log));
    api.addMapping("/api/*");
    api.setAsyncSupported(true);
  }

  private static void addFilter(ServletContext context, String name, Filter filter,
      String pattern) {
    FilterRegistration.Dynamic registration = context.addFilter(name, filter);
    registration.setAsyncSupported(true);
    registration.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, pattern);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (broadcaster != null) {
      broadcaster.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * Learns the app's own port from its first request, to publish to the embedded proxy at
   * {@code http://127.0.0.1:<port>/_grip}.
   */
  private static final class LocalPortFilter implements Filter {
    private final DevGripProxy proxy;
    private final AtomicReference<@Nullable GripPublisher> publisher;

    LocalPortFilter(DevGripProxy proxy, AtomicReference<@Nullable GripPublisher> publisher) {
      this.proxy = proxy;
      this.publisher = publisher;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (publisher.get() == null) {
        GripEndpoint endpoint = GripEndpoint.builder(proxy.controlUri(request.getLocalPort()))
            .noAuth().build();
        GripPublisher created = GripPublisher.builder(java.util.List.of(endpoint)).build();
        if (!publisher.compareAndSet(null, created)) {
          created.close();
        }
      }
      chain.doFilter(request, response);
    }
  }
}
