package org.gripkit.testing;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A real WebSocket client for tests, on Jetty's client.
 *
 * <p>Not the JDK's {@code java.net.http.WebSocket}: it refuses a handshake whose {@code
 * Connection} header is anything but exactly {@code Upgrade}, and Pushpin 1.36 (condure) now
 * and then answers {@code Connection: Upgrade, close}, which browsers and RFC 6455 accept.
 *
 * <p>Received text messages arrive as {@link String}, binary ones as {@code byte[]}, in order, in
 * {@link #messages()}. Thread-safe.
 */
public final class TestWebSocket implements AutoCloseable {
  /** How the connection ended. */
  public record Closed(int code, String reason) {}

  private static final WebSocketClient CLIENT = startClient();

  private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private volatile Session session;

  private TestWebSocket() {}

  private static WebSocketClient startClient() {
    WebSocketClient client = new WebSocketClient();
    client.setIdleTimeout(Duration.ofMinutes(2));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("starting Jetty's WebSocket client", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        client.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
    }));
    return client;
  }

  /** Connects, with extra request headers (a Cookie, an Origin), waiting up to 15 s. */
  public static TestWebSocket connect(URI uri, Map<String, String> headers) throws Exception {
    for (int attempt = 1; ; attempt++) {
      TestWebSocket socket = new TestWebSocket();
      ClientUpgradeRequest request = new ClientUpgradeRequest();
      headers.forEach(request::setHeader);
      try {
        socket.session = CLIENT.connect(socket.listener(), uri, request).get(15, TimeUnit.SECONDS);
        return socket;
      } catch (ExecutionException e) {
        boolean badGateway = String.valueOf(e.getCause()).contains("502");
        if (!badGateway || attempt == TestWebSocketClient.HANDSHAKE_ATTEMPTS) {
          throw e;
        }
        System.err.println("TestWebSocket: " + e.getCause() + "; trying again (Pushpin answers"
            + " 502 to an early handshake on a loaded machine)");
        TestWebSocketClient.sleepBeforeRetry();
      }
    }
  }

  public static TestWebSocket connect(URI uri) throws Exception {
    return connect(uri, Map.of());
  }

  private Session.Listener.AutoDemanding listener() {
    return new Listener(this);
  }

  /** Public, as Jetty looks its methods up reflectively. */
  public static final class Listener implements Session.Listener.AutoDemanding {
    private final TestWebSocket socket;

    Listener(TestWebSocket socket) {
      this.socket = socket;
    }

    @Override
    public void onWebSocketText(String message) {
      socket.messages.add(message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      socket.messages.add(bytes);
      callback.succeed();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
      socket.closed.complete(new Closed(statusCode, reason == null ? "" : reason));
      callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      socket.closed.complete(new Closed(-1, String.valueOf(cause)));
    }
  }

  public BlockingQueue<Object> messages() {
    return messages;
  }

  /** The next text message, or null after the timeout. */
  public String nextText(Duration timeout) throws InterruptedException {
    Object next = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return next instanceof String s ? s : next == null ? null : "<binary>";
  }

  public void send(String text) throws Exception {
    sync(cb -> session.sendText(text, cb));
  }

  public void send(byte[] bytes) throws Exception {
    sync(cb -> session.sendBinary(ByteBuffer.wrap(bytes), cb));
  }

  public void ping(byte[] payload) throws Exception {
    sync(cb -> session.sendPing(ByteBuffer.wrap(payload), cb));
  }

  /** Starts the close handshake. */
  public void close(int code, String reason) {
    session.close(code, reason, Callback.NOOP);
  }

  /** Completes with the close code and reason, or code -1 on an error. */
  public CompletableFuture<Closed> closed() {
    return closed;
  }

  /** Drops the TCP connection without a close handshake. */
  public void abort() {
    session.disconnect();
  }

  @Override
  public void close() {
    if (session != null && session.isOpen()) {
      session.disconnect();
    }
  }

  private interface Send {
    void send(Callback callback);
  }

  private static void sync(Send send) throws Exception {
    Callback.Completable done = new Callback.Completable();
    send.send(done);
    done.get(10, TimeUnit.SECONDS);
  }
}
