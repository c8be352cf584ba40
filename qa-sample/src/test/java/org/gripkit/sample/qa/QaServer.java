package org.gripkit.sample.qa;

import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.DefaultServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The Q&amp;A web app on an embedded Jetty 12, as {@code jetty:run} serves it: the static front
 * end from {@code src/main/webapp}, {@link QaApp} as the context listener, and the Jakarta
 * WebSocket server the embedded development proxy needs.
 */
final class QaServer implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  private QaServer(QaConfig config, int port) throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
    context.setContextPath("/");
    context.setBaseResource(ResourceFactory.of(context)
        .newResource(Path.of("src/main/webapp").toAbsolutePath()));
    context.addServlet(new ServletHolder("default", DefaultServlet.class), "/");
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    context.addEventListener(new QaApp(config));
    server.setHandler(context);
    server.start();
  }

  /** Starts the app on a free port. */
  static QaServer start(QaConfig config) throws Exception {
    return new QaServer(config, 0);
  }

  /** Starts the app on a given port (to restart it where it was). */
  static QaServer start(QaConfig config, int port) throws Exception {
    return new QaServer(config, port);
  }

  int port() {
    return connector.getLocalPort();
  }

  URI http(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + port() + path);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
