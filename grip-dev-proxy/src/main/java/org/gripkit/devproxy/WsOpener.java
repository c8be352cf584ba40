package org.gripkit.devproxy;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * Takes a client's WebSocket handshake: sends OPEN to the origin and, only when the origin
 * accepts it, upgrades the client's request, so that a refusal reaches the client with the
 * origin's own status, headers and body.
 */
final class WsOpener {
  private static final Logger LOG = Logger.getLogger(WsOpener.class.getName());
  private static final String SERVER_CONTAINER = ServerContainer.class.getName();
  /** Headers of the OPEN answer that are the protocol's, not the client's. */
  private static final Set<String> PRIVATE_ANSWER_HEADERS = Set.of("content-type",
      "keep-alive-interval", "sec-websocket-extensions", "sec-websocket-protocol",
      "sec-websocket-accept");

  private final DevGripProxy proxy;
  private @Nullable ServletContext context;

  WsOpener(DevGripProxy proxy) {
    this.proxy = proxy;
  }

  void init(ServletContext context) {
    this.context = context;
  }

  void open(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ServletContext ctx = context != null ? context : request.getServletContext();
    Object attribute = ctx.getAttribute(SERVER_CONTAINER);
    if (!(attribute instanceof ServerContainer container)) {
      Http.plain(response, 500, "The development GRIP proxy needs the Jakarta WebSocket "
          + "server (no " + SERVER_CONTAINER + " in this web application).\n");
      return;
    }
    String id = UUID.randomUUID().toString();
    URI uri = Http.originUri(request);
    List<Map.Entry<String, String>> clientHeaders = Http.clientHeadersForWebSocket(request);
    HttpRequest open = proxy.origin
        .request(uri, WsConnection.requestHeaders(clientHeaders, id, List.of()))
        .POST(HttpRequest.BodyPublishers.ofByteArray(
            WebSocketEvents.encode(List.of(new WebSocketEvent.Open()))))
        .build();
    HttpResponse<byte[]> answer = proxy.origin.sendOrAnswer502(
        open, HttpResponse.BodyHandlers.ofByteArray(), response, "WebSocket OPEN");
    if (answer == null) {
      return;
    }
    Map<String, List<String>> headers = answer.headers().map();
    String contentType = Http.first(headers, "Content-Type");
    if (answer.statusCode() != 200 || !WsConnection.CONTENT_TYPE.equals(contentType)) {
      reject(answer, response);
      return;
    }
    List<WebSocketEvent> events;
    try {
      events = WebSocketEvents.decode(answer.body());
    } catch (WebSocketProtocolException e) {
      LOG.warning(() -> "WebSocket OPEN answer from " + uri + " is malformed: " + e.getMessage());
      Http.plain(response, 502, "Error while proxying to origin.\n");
      return;
    }
    if (events.isEmpty() || !(events.get(0) instanceof WebSocketEvent.Open)) {
      LOG.warning(() -> "WebSocket OPEN answer from " + uri + " does not start with OPEN");
      Http.plain(response, 502, "Error while proxying to origin.\n");
      return;
    }
    boolean grip = false;
    String prefix = "m:";
    for (String extensions : answer.headers().allValues("Sec-WebSocket-Extensions")) {
      for (Http.Parameters extension : Http.parseList(extensions)) {
        if (extension.value().equals("grip")) {
          grip = true;
          String p = extension.get("message-prefix");
          if (p != null) {
            prefix = p;
          }
        }
      }
    }
    String protocol = Http.first(headers, "Sec-WebSocket-Protocol");
    List<Map.Entry<String, String>> passed = new ArrayList<>();
    headers.forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (Http.isReturned(name) && !PRIVATE_ANSWER_HEADERS.contains(lower)
          && !lower.startsWith("set-meta-")) {
        values.forEach(v -> passed.add(Map.entry(name, v)));
      }
    });
    WsConnection connection = new WsConnection(proxy, id, uri, clientHeaders, grip, prefix,
        headers, events.subList(1, events.size()));
    ServerEndpointConfig config = ServerEndpointConfig.Builder
        // Jetty insists on a public endpoint class; the instance is ours (see Handshake).
        .create(jakarta.websocket.Endpoint.class, "/")
        .subprotocols(protocol == null ? List.of() : List.of(protocol))
        .configurator(new Handshake(connection.new Endpoint(), protocol, passed))
        .build();
    try {
      container.upgradeHttpToWebSocket(request, response, config, Map.of());
    } catch (DeploymentException | IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "WebSocket upgrade at " + uri + " failed", e);
      connection.abandon();
      if (!response.isCommitted()) {
        Http.plain(response, 400, "WebSocket upgrade failed.\n");
      }
    }
  }

  /** Passes the origin's refusal to the client as it is. */
  private static void reject(HttpResponse<byte[]> answer, HttpServletResponse response)
      throws IOException {
    response.setStatus(answer.statusCode());
    answer.headers().map().forEach((name, values) -> {
      if (Http.isReturned(name) && !name.equalsIgnoreCase("content-type")) {
        values.forEach(v -> response.addHeader(name, v));
      }
    });
    String contentType = Http.first(answer.headers().map(), "Content-Type");
    if (contentType != null) {
      response.setHeader("Content-Type", contentType);
    }
    byte[] body = answer.body();
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The per-connection handshake: our endpoint, the origin's subprotocol and headers. */
  private static final class Handshake extends ServerEndpointConfig.Configurator {
    private final WsConnection.Endpoint endpoint;
    private final @Nullable String protocol;
    private final List<Map.Entry<String, String>> headers;

    Handshake(WsConnection.Endpoint endpoint, @Nullable String protocol,
        List<Map.Entry<String, String>> headers) {
      this.endpoint = endpoint;
      this.protocol = protocol;
      this.headers = headers;
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
      return endpointClass.cast(endpoint);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
      return protocol != null && requested.contains(protocol) ? protocol : "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed,
        List<Extension> requested) {
      return List.of(); // Pushpin proxies no extensions
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
      return true; // the origin application decided
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
        HandshakeResponse response) {
      for (Map.Entry<String, String> h : headers) {
        response.getHeaders().computeIfAbsent(h.getKey(), k -> new ArrayList<>())
            .add(h.getValue());
      }
    }
  }
}
