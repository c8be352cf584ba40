package org.gripkit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gripkit.WebSocketEvent;
import org.jspecify.annotations.Nullable;

/**
 * A real WebSocket client for tests: the JDK's {@link java.net.http.WebSocket}, recording every
 * frame it receives as a {@link WebSocketEvent} ({@code Text}, {@code Binary}, {@code Ping},
 * {@code Pong}, {@code Close}), fragments joined.
 *
 * <p>It connects through a {@link HandshakeRelay} that removes the {@code Content-Length: 0}
 * the Java 17 client puts on its upgrade request, which Pushpin 1.36 mishandles; everything
 * after the handshake is the JDK client's own bytes. The JDK client answers PINGs by itself.
 *
 * <p>Thread-safe; sends are serialized and each waits until the JDK has written the frame.
 */
public final class TestWebSocketClient implements AutoCloseable {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private final WebSocket webSocket;
  private final HandshakeRelay relay;
  private final Recorder recorder;

  private TestWebSocketClient(WebSocket webSocket, HandshakeRelay relay, Recorder recorder) {
    this.webSocket = webSocket;
    this.relay = relay;
    this.recorder = recorder;
  }

  /** Connects to a {@code ws://127.0.0.1:<port>/...} URI. */
  public static TestWebSocketClient connect(URI uri) {
    return builder(uri).connect();
  }

  /** A builder for a connection to a {@code ws://127.0.0.1:<port>/...} URI. */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /** The subprotocol the server chose, empty if none. */
  public String subprotocol() {
    return webSocket.getSubprotocol();
  }

  /** Sends a text message in one frame. */
  public synchronized void send(String text) {
    await(webSocket.sendText(text, true));
  }

  /** Sends a binary message in one frame. */
  public synchronized void send(byte[] bytes) {
    await(webSocket.sendBinary(ByteBuffer.wrap(bytes.clone()), true));
  }

  /** Sends a text message in two frames, split at {@code splitAt} characters. */
  public synchronized void sendFragmented(String text, int splitAt) {
    await(webSocket.sendText(text.substring(0, splitAt), false));
    await(webSocket.sendText(text.substring(splitAt), true));
  }

  /** Sends a PING with this payload (at most 125 bytes). */
  public synchronized void ping(byte[] payload) {
    await(webSocket.sendPing(ByteBuffer.wrap(payload.clone())));
  }

  /** Starts the closing handshake with a status code and reason. */
  public synchronized void close(int code, String reason) {
    await(webSocket.sendClose(code, reason));
  }

  /**
   * The next frame received and not yet taken, waiting up to {@code timeout}.
   *
   * @throws AssertionError if none arrives in time (with the client's error, if it failed)
   */
  public WebSocketEvent next(Duration timeout) throws InterruptedException {
    WebSocketEvent event = recorder.unread.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      AssertionError error = new AssertionError("no WebSocket frame within " + timeout
          + "; received so far: " + recorder.all);
      Throwable failure = recorder.error;
      if (failure != null) {
        error.initCause(failure);
      }
      throw error;
    }
    return event;
  }

  /** Every frame received so far, in order, taken or not. */
  public List<WebSocketEvent> received() {
    return List.copyOf(recorder.all);
  }

  /** The close frame received from the server, once there is one. */
  public CompletableFuture<WebSocketEvent.Close> closeReceived() {
    return recorder.closed;
  }

  /** What made the client fail, if it did. */
  public @Nullable Throwable error() {
    return recorder.error;
  }

  /** Drops the TCP connection at once, without a closing handshake. */
  public void abort() {
    webSocket.abort();
    relay.close();
  }

  /** Same as {@link #abort()}; closing twice is harmless. */
  @Override
  public void close() {
    abort();
  }

  private static void await(CompletableFuture<WebSocket> sent) {
    try {
      sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("send failed", e);
    }
  }

  /** Configures a connection. Not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final List<String[]> headers = new ArrayList<>();
    private final List<String> subprotocols = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder(URI uri) {
      this.uri = Objects.requireNonNull(uri, "uri == null");
      if (!"ws".equals(uri.getScheme()) || uri.getPort() < 0) {
        throw new IllegalArgumentException("expected ws://host:port/...: " + uri);
      }
    }

    /** Adds a request header to the opening handshake. */
    public Builder header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    /** Offers subprotocols, most preferred first. */
    public Builder subprotocols(String... names) {
      subprotocols.addAll(List.of(names));
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Opens the connection and waits for the handshake.
     *
     * @throws IllegalStateException if the handshake fails, with the JDK's reason
     */
    public TestWebSocketClient connect() {
      for (int attempt = 1; ; attempt++) {
        try {
          return connectOnce();
        } catch (IllegalStateException e) {
          if (attempt == HANDSHAKE_ATTEMPTS || !e.getMessage().contains("HTTP status 502")) {
            throw e;
          }
          System.err.println("TestWebSocketClient: " + e.getMessage() + "; trying again ("
              + "Pushpin answers 502 to an early handshake on a loaded machine)");
          sleepBeforeRetry();
        }
      }
    }

    private TestWebSocketClient connectOnce() {
      HandshakeRelay relay;
      try {
        relay = HandshakeRelay.start(uri.getHost(), uri.getPort());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      URI viaRelay = URI.create("ws://127.0.0.1:" + relay.port() + uri.getRawPath()
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      Recorder recorder = new Recorder();
      WebSocket.Builder builder = HttpClient.newBuilder()
          .connectTimeout(connectTimeout)
          .build()
          .newWebSocketBuilder()
          .connectTimeout(connectTimeout);
      headers.forEach(h -> builder.header(h[0], h[1]));
      if (!subprotocols.isEmpty()) {
        builder.subprotocols(subprotocols.get(0),
            subprotocols.subList(1, subprotocols.size()).toArray(new String[0]));
      }
      try {
        WebSocket webSocket = builder.buildAsync(viaRelay, recorder)
            .get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        return new TestWebSocketClient(webSocket, relay, recorder);
      } catch (InterruptedException e) {
        relay.close();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting to " + uri, e);
      } catch (ExecutionException | TimeoutException e) {
        relay.close();
        Throwable cause = e instanceof ExecutionException && e.getCause() != null
            ? e.getCause() : e;
        String detail = cause instanceof WebSocketHandshakeException handshake
            ? "HTTP status " + handshake.getResponse().statusCode()
                + (cause.getCause() != null ? ", " + cause.getCause().getMessage() : "")
            : cause.toString();
        throw new IllegalStateException("WebSocket handshake with " + uri + " failed: " + detail,
            cause);
      }
    }
  }

  /** Handshakes tried before a 502 from Pushpin counts as a failure. */
  static final int HANDSHAKE_ATTEMPTS = 3;

  static void sleepBeforeRetry() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The JDK listener: joins fragments and records frames. */
  private static final class Recorder implements WebSocket.Listener {
    final BlockingQueue<WebSocketEvent> unread = new LinkedBlockingQueue<>();
    final List<WebSocketEvent> all = new CopyOnWriteArrayList<>();
    final CompletableFuture<WebSocketEvent.Close> closed = new CompletableFuture<>();
    volatile @Nullable Throwable error;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data,
        boolean last) {
      text.append(data);
      if (last) {
        record(new WebSocketEvent.Text(text.toString()));
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data,
        boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        record(new WebSocketEvent.Binary(binary.toByteArray()));
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      record(new WebSocketEvent.Ping(bytes(message)));
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      record(new WebSocketEvent.Pong(bytes(message)));
      webSocket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode,
        String reason) {
      WebSocketEvent.Close close = statusCode == WebSocketEvent.Close.NO_STATUS_CODE
          ? WebSocketEvent.Close.withoutCode()
          : new WebSocketEvent.Close(statusCode, reason);
      record(close);
      closed.complete(close);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable failure) {
      error = failure;
      closed.completeExceptionally(failure);
    }

    private void record(WebSocketEvent event) {
      all.add(event);
      unread.add(event);
    }

    private static byte[] bytes(ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    }
  }
}
