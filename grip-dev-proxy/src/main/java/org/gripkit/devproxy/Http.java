package org.gripkit.devproxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** HTTP plumbing shared by the WebSocket and the HTTP side of the proxy. */
final class Http {
  static final String GRIP_SIG = "Grip-Sig";
  /** What Pushpin 1.36 advertises to the origin. */
  static final String GRIP_FEATURE_VALUE = "status, session, link:next, filter:skip-self, "
      + "filter:skip-users, filter:require-sub, filter:build-id, filter:var-subst";

  /**
   * Headers never forwarded from the client to the origin: hop-by-hop ones (RFC 9110 section
   * 7.6.1), the WebSocket handshake's own, what only the proxy may set, and those that {@code
   * java.net.http} sets itself.
   */
  private static final Set<String> NOT_FORWARDED = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "expect", "http2-settings",
      "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions",
      "sec-websocket-accept", "connection-id", "content-type", "accept");

  /** Headers never copied from an origin's answer to the client. */
  private static final Set<String> NOT_RETURNED = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
      "upgrade", "content-length", "date", "server");

  private Http() {}

  /**
   * The client's headers to pass to the origin, in order: everything but {@link
   * #NOT_FORWARDED}, names listed in {@code Connection}, {@code Grip-*} and {@code Meta-*}
   * (which only the proxy may set).
   */
  static List<Map.Entry<String, String>> clientHeadersForWebSocket(HttpServletRequest request) {
    return clientHeaders(request, false);
  }

  /** As {@link #clientHeadersForWebSocket}, but keeping the client's Content-Type and Accept. */
  static List<Map.Entry<String, String>> clientHeadersForHttp(HttpServletRequest request) {
    return clientHeaders(request, true);
  }

  private static List<Map.Entry<String, String>> clientHeaders(HttpServletRequest request,
      boolean keepContentType) {
    Set<String> connectionNamed = new java.util.HashSet<>();
    for (String value : Collections.list(request.getHeaders("Connection"))) {
      for (String token : value.split(",")) {
        connectionNamed.add(token.strip().toLowerCase(Locale.ROOT));
      }
    }
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      boolean contentHeader = keepContentType && (lower.equals("content-type")
          || lower.equals("accept"));
      if ((!contentHeader && NOT_FORWARDED.contains(lower)) || connectionNamed.contains(lower)
          || lower.startsWith("grip-") || lower.startsWith("meta-")) {
        continue;
      }
      for (String value : Collections.list(request.getHeaders(name))) {
        out.add(Map.entry(name, value));
      }
    }
    return out;
  }

  /** Whether an origin's response header may be copied to the client. */
  static boolean isReturned(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !NOT_RETURNED.contains(lower) && !lower.startsWith("grip-") && !lower.equals(":status");
  }

  /** The origin URI for this request: its own local address and port, path and query. */
  static URI originUri(HttpServletRequest request) {
    String host = request.getLocalAddr();
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) {
        host = address instanceof java.net.Inet6Address ? "::1" : "127.0.0.1";
      }
    } catch (UnknownHostException e) {
      host = "127.0.0.1";
    }
    if (host.indexOf(':') >= 0) {
      int zone = host.indexOf('%');
      host = "[" + (zone < 0 ? host : host.substring(0, zone)) + "]";
    }
    String query = request.getQueryString();
    String uri = "http://" + host + ":" + request.getLocalPort() + request.getRequestURI()
        + (query == null ? "" : "?" + query);
    try {
      return new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("request URI is not valid: " + uri, e);
    }
  }

  /** Whether the request came from this machine's loopback interface. */
  static boolean isLoopback(HttpServletRequest request) {
    try {
      return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Writes a small text/plain answer, as bytes, so no charset is appended. */
  static void plain(HttpServletResponse response, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** First value of a header in a {@code java.net.http} header map, ignoring case. */
  static @Nullable String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /**
   * One header value split into its items at commas, each a value with parameters ({@code
   * a; k=v, b}), as Pushpin parses {@code Grip-Channel}. Quoted parameter values may contain
   * commas and semicolons.
   */
  static List<Parameters> parseList(String value) {
    List<Parameters> out = new ArrayList<>();
    for (String item : split(value, ',')) {
      if (!item.isBlank()) {
        out.add(parse(item));
      }
    }
    return out;
  }

  /** One value with parameters: {@code value; k=v; k2="v 2"}. */
  static Parameters parse(String item) {
    List<String> parts = split(item, ';');
    String first = parts.isEmpty() ? "" : parts.get(0).strip();
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.size(); i++) {
      String part = parts.get(i).strip();
      int eq = part.indexOf('=');
      String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String v = eq < 0 ? "" : unquote(part.substring(eq + 1).strip());
      if (!name.isEmpty()) {
        params.putIfAbsent(name, v);
      }
    }
    return new Parameters(first, params);
  }

  /** A header item: its value and its parameters, names lower-cased. */
  record Parameters(String value, Map<String, String> params) {
    @Nullable String get(String name) {
      return params.get(name);
    }
  }

  private static List<String> split(String s, char separator) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '\\' && quoted && i + 1 < s.length()) {
        current.append(c).append(s.charAt(++i));
        continue;
      } else if (c == separator && !quoted) {
        out.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    out.add(current.toString());
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      StringBuilder out = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1) {
          c = v.charAt(++i);
        }
        out.append(c);
      }
      return out.toString();
    }
    return v;
  }
}
