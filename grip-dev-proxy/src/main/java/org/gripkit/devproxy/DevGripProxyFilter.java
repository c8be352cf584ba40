package org.gripkit.devproxy;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The proxy's filter: a cheap "is this mine?" check, then the publish endpoint, a WebSocket
 * handshake or a GRIP HTTP request is handled here; anything else, and every request the proxy
 * itself signed, goes down the chain untouched.
 */
final class DevGripProxyFilter implements Filter {
  private final DevGripProxy proxy;
  private final Publisher publisher;
  private final WsOpener webSockets;
  private final HttpProxy http;

  DevGripProxyFilter(DevGripProxy proxy) {
    this.proxy = proxy;
    this.publisher = new Publisher(proxy);
    this.webSockets = new WsOpener(proxy);
    this.http = new HttpProxy(proxy);
  }

  @Override
  public void init(FilterConfig config) {
    webSockets.init(config.getServletContext());
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response) || res.isCommitted()) {
      chain.doFilter(req, res);
      return;
    }
    String path = pathInContext(request);
    if (isPublishPath(path)) {
      publisher.handle(request, response);
      return;
    }
    if (GripSig.isValid(request.getHeader(Http.GRIP_SIG), proxy.key(), proxy.issuer(),
        Instant.now())) {
      chain.doFilter(req, res); // the proxy's own request to the application
      return;
    }
    if (isWebSocketUpgrade(request) && matches(proxy.webSocketPaths(), path)) {
      webSockets.open(request, response);
      return;
    }
    if (matches(proxy.httpPaths(), path)) {
      http.handle(request, response);
      return;
    }
    chain.doFilter(req, res);
  }

  @Override
  public void destroy() {
    proxy.shutdown();
  }

  private boolean isPublishPath(String path) {
    String publish = proxy.publishPath();
    return path.equals(publish) || path.equals(publish.substring(0, publish.length() - 1));
  }

  static boolean isWebSocketUpgrade(HttpServletRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return false;
    }
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null && upgrade.strip().equalsIgnoreCase("websocket");
  }

  /** The decoded path inside the context, as servlet URL patterns see it. */
  static String pathInContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  /** Servlet URL pattern matching: exact, {@code /prefix/*}, {@code *.ext}, {@code /}. */
  static boolean matches(List<String> patterns, String path) {
    for (String pattern : patterns) {
      if (pattern.equals("/") || pattern.equals("/*") || pattern.equals(path)) {
        return true;
      }
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 2);
        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
          return true;
        }
      } else if (pattern.startsWith("*.")) {
        int slash = path.lastIndexOf('/');
        if (path.substring(slash + 1).endsWith(pattern.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }
}
