package org.gripkit.docs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;

/** WebSocket-over-HTTP requests as a GRIP proxy makes them, over real HTTP. */
final class Wire {
  static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Wire() {}

  /** POSTs the events as connection {@code connectionId}, with extra headers (name, value...). */
  static HttpResponse<byte[]> post(URI uri, String connectionId, List<WebSocketEvent> events,
      String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/websocket-events")
        .header("Connection-Id", connectionId)
        .POST(HttpRequest.BodyPublishers.ofByteArray(WebSocketEvents.encode(events)));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<String> get(URI uri, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<WebSocketEvent> events(HttpResponse<byte[]> response)
      throws WebSocketProtocolException {
    return WebSocketEvents.decode(response.body());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static WebSocketEvent.Text text(String content) {
    return new WebSocketEvent.Text(content);
  }

  static WebSocketEvent.Open open() {
    return new WebSocketEvent.Open();
  }

  static Map<String, List<String>> headers(HttpResponse<?> response) {
    return response.headers().map();
  }
}
