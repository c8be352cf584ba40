package org.gripkit.devproxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/** Requests from the proxy to the origin, which is this same web application over loopback. */
final class Origin {
  private static final Logger LOG = Logger.getLogger(Origin.class.getName());

  /** How long the origin may take to answer (to send the response headers). */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final String issuer;
  private final byte[] key;

  Origin(Executor executor, String issuer, byte[] key) {
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .executor(executor)
        .build();
    this.issuer = issuer;
    this.key = key;
  }

  /** A request builder with the given headers and a fresh {@code Grip-Sig} and {@code Grip-Feature}. */
  HttpRequest.Builder request(URI uri, List<Map.Entry<String, String>> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
    for (Map.Entry<String, String> h : headers) {
      try {
        builder.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException e) {
        // a header java.net.http refuses to send (restricted or malformed): leave it out
      }
    }
    builder.header(Http.GRIP_SIG, GripSig.mint(issuer, key, Instant.now()));
    builder.header("Grip-Feature", Http.GRIP_FEATURE_VALUE);
    return builder;
  }

  <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    return client.sendAsync(request, handler);
  }

  /**
   * Sends a request and waits for the origin's answer; when the origin cannot be reached or
   * does not answer in time, answers the client 502 as Pushpin does and returns null.
   */
  <T> @Nullable HttpResponse<T> sendOrAnswer502(HttpRequest request,
      HttpResponse.BodyHandler<T> handler, HttpServletResponse client, String what)
      throws IOException {
    try {
      return send(request, handler).get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, what + " to " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Http.plain(client, 502, "Error while proxying to origin.\n");
    return null;
  }
}
