package org.gripkit.devproxy;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 with the Jakarta WebSocket server, the test origin at {@code /app/ws}, the
 * test streams at {@code /app/stream/*}, and the proxy installed from a context listener, as
 * an application would. Test minimums: keep-alive interval and hold timeout 1 s.
 */
final class ProxyServer implements AutoCloseable {
  final Server server;
  final DevGripProxy proxy;
  final TestOrigin origin;
  final TestStreams streams;
  final int port;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ProxyServer(Server server, DevGripProxy proxy, TestOrigin origin, TestStreams streams,
      int port) {
    this.server = server;
    this.proxy = proxy;
    this.origin = origin;
    this.streams = streams;
    this.port = port;
  }

  static ProxyServer start() throws Exception {
    return start(DevGripProxy.builder());
  }

  static ProxyServer start(DevGripProxy.Builder builder) throws Exception {
    DevGripProxy proxy = builder.webSocketPath("/ws").httpPath("/stream/*")
        .minimumKeepAliveInterval(Duration.ofSeconds(1))
        .minimumHoldTimeout(Duration.ofSeconds(1))
        .build();
    TestOrigin origin = new TestOrigin(proxy);
    TestStreams streams = new TestStreams(proxy);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/app");
    context.addServlet(new ServletHolder(origin), "/ws");
    context.addServlet(new ServletHolder(streams), "/stream/*"); // not async: the proxy is
    context.addEventListener(new ServletContextListener() {
      @Override
      public void contextInitialized(ServletContextEvent event) {
        proxy.install(event.getServletContext());
      }
    });
    JakartaWebSocketServletContainerInitializer.configure(context, null);
    server.setHandler(context);
    server.start();
    return new ProxyServer(server, proxy, origin, streams, connector.getLocalPort());
  }

  URI ws(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port + "/app" + pathAndQuery);
  }

  URI http(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + "/app" + pathAndQuery);
  }

  URI publishUri() {
    return URI.create(proxy.controlUri(port) + "/publish/");
  }

  HttpResponse<String> publish(String json) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(publishUri())
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
