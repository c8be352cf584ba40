package org.gripkit.devproxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The publish endpoint, answering as Pushpin's {@code /publish/} does: {@code 200 Published},
 * {@code 400} with Pushpin's message, {@code 405} for other methods, {@code 406} when the
 * client accepts neither text nor JSON.
 */
final class Publisher {
  /** Larger publish bodies are refused (Pushpin's own limit is about 1 MB). */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final DevGripProxy proxy;

  Publisher(DevGripProxy proxy) {
    this.proxy = proxy;
  }

  void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!authorized(request, response)) {
      return;
    }
    String contentType = responseType(request);
    if (contentType == null) {
      Http.plain(response, 406,
          "Not Acceptable. Supported formats are text/plain and application/json.\n");
      return;
    }
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      Http.plain(response, 405, "Method not allowed: " + request.getMethod() + ".\n");
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      Http.plain(response, 413, "Request Entity Too Large\n");
      return;
    }
    List<PublishItem> items;
    try {
      items = PublishParser.parse(body);
    } catch (PublishFormatException e) {
      Http.plain(response, 400, e.getMessage() + "\n");
      return;
    }
    // Pushpin answers first, then delivers; delivery here only queues, so the order is moot.
    for (PublishItem item : items) {
      for (Subscriber subscriber : proxy.channels.subscribers(item.channel())) {
        subscriber.publish(item);
      }
    }
    if (contentType.equals("application/json")) {
      byte[] json = "{\"message\":\"Published\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      response.setStatus(200);
      response.setContentType("application/json");
      response.setContentLength(json.length);
      response.getOutputStream().write(json);
    } else {
      Http.plain(response, 200, "Published\n");
    }
  }

  private boolean authorized(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!proxy.publishRequiresAuth()) {
      if (Http.isLoopback(request)) {
        return true;
      }
      drain(request);
      Http.plain(response, 403, "Forbidden: publishing is accepted from loopback only.\n");
      return false;
    }
    String authorization = request.getHeader("Authorization");
    String token = authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).strip() : null;
    if (GripSig.isValid(token, proxy.key(), null, Instant.now())) {
      return true;
    }
    drain(request);
    response.setHeader("WWW-Authenticate", "Bearer");
    Http.plain(response, 401, token == null
        ? "Unauthorized: missing Authorization: Bearer token.\n"
        : "Unauthorized: invalid or expired token.\n");
    return false;
  }

  /**
   * Reads and drops a refused request's body (up to 1 MiB), so the container keeps the
   * connection open for the client's next request instead of closing it under a pooled client.
   */
  private static void drain(HttpServletRequest request) throws IOException {
    request.getInputStream().readNBytes(1 << 20);
  }

  /** Pushpin's content negotiation: the last acceptable type named in Accept wins. */
  private static @Nullable String responseType(HttpServletRequest request) {
    List<String> accepts = Collections.list(request.getHeaders("Accept"));
    if (accepts.isEmpty()) {
      return "text/plain";
    }
    String type = null;
    for (String accept : accepts) {
      for (Http.Parameters item : Http.parseList(accept)) {
        String t = item.value().toLowerCase(Locale.ROOT);
        if (t.equals("text/plain") || t.equals("text/*") || t.equals("*/*") || t.equals("*")) {
          type = "text/plain";
        } else if (t.equals("application/json") || t.equals("application/*")) {
          type = "application/json";
        }
      }
    }
    return type;
  }
}
