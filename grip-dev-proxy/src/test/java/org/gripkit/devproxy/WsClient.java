package org.gripkit.devproxy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client ({@code java.net.http}) that records what it receives. */
final class WsClient implements WebSocket.Listener {
  record Pong(byte[] data) {}

  record Closed(int code, String reason) {}

  final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  WebSocket socket;

  static WsClient connect(URI uri) throws Exception {
    return connect(uri, Map.of());
  }

  static WsClient connect(URI uri, Map<String, String> headers) throws Exception {
    WsClient client = new WsClient();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    client.socket = builder.buildAsync(uri, client).get(5, TimeUnit.SECONDS);
    return client;
  }

  /** The next thing received, waiting up to 5 s: a String, a byte[] or a {@link Pong}. */
  Object next() throws InterruptedException {
    Object o = received.poll(5, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("the client received nothing within 5 s");
    }
    return o;
  }

  Closed awaitClose() throws Exception {
    return closed.get(5, TimeUnit.SECONDS);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      received.add(text.toString());
      text.setLength(0);
    }
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binary.writeBytes(bytes);
    if (last) {
      received.add(binary.toByteArray());
      binary.reset();
    }
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
    byte[] bytes = new byte[message.remaining()];
    message.get(bytes);
    received.add(new Pong(bytes));
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }
}
