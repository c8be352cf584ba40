package org.gripkit.devproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.PongMessage;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * One client WebSocket held by the proxy, and its WebSocket-over-HTTP session with the origin.
 *
 * <p>As in Pushpin, at most one request per connection is in flight: client events queue up
 * and go in the next request; answers are applied in order before the next request starts.
 * Everything sent to the client goes through one {@link SerialExecutor}, so origin messages,
 * publishes and keep-alives reach it in the order they were decided.
 */
final class WsConnection implements Subscriber {
  private static final Logger LOG = Logger.getLogger(WsConnection.class.getName());
  static final String CONTENT_TYPE = "application/websocket-events";
  /** Largest client message taken; larger ones close the connection with 1009. */
  static final int MAX_MESSAGE_BYTES = WebSocketEvents.DEFAULT_MAX_BODY_BYTES / 2;
  /** Pushpin's default keep-alive timeout when a keep-alive control message names none. */
  private static final long DEFAULT_KEEP_ALIVE_SECONDS = 55;
  /** Pushpin's default {@code send-delayed} timeout. */
  private static final long DEFAULT_SEND_DELAYED_SECONDS = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the proxy sends to the client by itself (keep-alives, delayed messages). */
  private enum Kind { TEXT, BINARY, PING, PONG }

  private record Message(Kind kind, byte[] content) {}

  final String id;
  private final DevGripProxy proxy;
  private final URI uri;
  private final List<Map.Entry<String, String>> clientHeaders;
  private final boolean grip;
  private final String messagePrefix;
  private final List<WebSocketEvent> openEvents;
  private final SerialExecutor toClient;
  private volatile @Nullable Session session;
  private volatile long lastToClientNanos = System.nanoTime();

  // All below guarded by this.
  private final List<WebSocketEvent> pending = new ArrayList<>();
  private boolean inFlight;
  /** The client closed or vanished: its CLOSE or DISCONNECT is the last event queued. */
  private boolean finalQueued;
  /** The request in flight carries that last event. */
  private boolean lastRequest;
  private boolean closingClient;
  private boolean detached;
  private boolean terminated;
  /** Connection meta by lower-cased name: the name as first set, and the value. */
  private final Map<String, Map.Entry<String, String>> meta = new LinkedHashMap<>();
  private long keepAliveIntervalMillis = -1;
  private @Nullable ScheduledFuture<?> intervalTimer;
  private final Set<String> channels = new LinkedHashSet<>();
  private @Nullable Message keepAlive;
  private long keepAliveMillis;
  private boolean keepAliveInterval;
  private @Nullable ScheduledFuture<?> keepAliveTimer;
  private @Nullable Message delayed;
  private @Nullable ScheduledFuture<?> delayedTimer;

  WsConnection(DevGripProxy proxy, String id, URI uri, List<Map.Entry<String, String>> clientHeaders,
      boolean grip, String messagePrefix, Map<String, List<String>> openHeaders,
      List<WebSocketEvent> openEvents) {
    this.proxy = proxy;
    this.id = id;
    this.uri = uri;
    this.clientHeaders = List.copyOf(clientHeaders);
    this.grip = grip;
    this.messagePrefix = messagePrefix;
    this.openEvents = List.copyOf(openEvents);
    this.toClient = new SerialExecutor(proxy.workers);
    synchronized (this) {
      applyHeaders(openHeaders);
    }
  }

  /** The headers of every request to the origin but the body's own. */
  static List<Map.Entry<String, String>> requestHeaders(List<Map.Entry<String, String>> client,
      String connectionId, Iterable<Map.Entry<String, String>> meta) {
    List<Map.Entry<String, String>> headers = new ArrayList<>(client);
    headers.add(Map.entry("Accept", CONTENT_TYPE));
    headers.add(Map.entry("Connection-Id", connectionId));
    headers.add(Map.entry("Content-Type", CONTENT_TYPE));
    headers.add(Map.entry("Sec-WebSocket-Extensions", "grip"));
    for (Map.Entry<String, String> m : meta) {
      headers.add(Map.entry("Meta-" + m.getKey(), m.getValue()));
    }
    return headers;
  }

  // ---- the client side, called by the WebSocket container ----

  /** The Jakarta endpoint of this connection; the container calls it one event at a time. */
  final class Endpoint extends jakarta.websocket.Endpoint {
    @Override
    public void onOpen(Session s, EndpointConfig config) {
      s.setMaxIdleTimeout(0); // Pushpin does not time out idle clients
      s.setMaxTextMessageBufferSize(MAX_MESSAGE_BYTES);
      s.setMaxBinaryMessageBufferSize(MAX_MESSAGE_BYTES);
      s.addMessageHandler(String.class, text -> fromClient(new WebSocketEvent.Text(text)));
      s.addMessageHandler(ByteBuffer.class, b -> fromClient(new WebSocketEvent.Binary(bytes(b))));
      s.addMessageHandler(PongMessage.class,
          pong -> fromClient(new WebSocketEvent.Pong(bytes(pong.getApplicationData()))));
      opened(s);
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
      closed(reason);
    }

    @Override
    public void onError(Session s, Throwable error) {
      LOG.log(Level.FINE, "connection " + id + ": client error", error);
    }
  }

  private void opened(Session s) {
    session = s;
    proxy.connections.put(id, this);
    // The OPEN answer's own messages and control messages apply once the client is there.
    apply(openEvents);
    synchronized (this) {
      scheduleInterval();
    }
    pump();
  }

  private void fromClient(WebSocketEvent event) {
    synchronized (this) {
      if (terminated || detached || finalQueued) {
        return;
      }
      pending.add(event);
    }
    pump();
  }

  private void closed(CloseReason reason) {
    boolean end;
    synchronized (this) {
      if (terminated) {
        return;
      }
      end = detached;
      if (!end) {
        int code = reason.getCloseCode().getCode();
        if (code == CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
          // No close handshake: Pushpin sends DISCONNECT at once, dropping what was queued.
          pending.clear();
          pending.add(new WebSocketEvent.Disconnect());
        } else if (code == WebSocketEvent.Close.NO_STATUS_CODE) {
          pending.add(WebSocketEvent.Close.withoutCode());
        } else {
          pending.add(new WebSocketEvent.Close(code, reason.getReasonPhrase()));
        }
        finalQueued = true;
      }
    }
    if (end) {
      terminate();
    } else {
      pump();
    }
  }

  /** The handshake failed after the origin accepted it: tell the origin the client is gone. */
  void abandon() {
    synchronized (this) {
      pending.clear();
      pending.add(new WebSocketEvent.Disconnect());
      finalQueued = true;
    }
    pump();
  }

  // ---- requests to the origin ----

  /** Sends the queued events if no request is in flight. */
  private void pump() {
    List<WebSocketEvent> batch;
    List<Map.Entry<String, String>> metaNow;
    synchronized (this) {
      if (inFlight || terminated || detached || pending.isEmpty()) {
        return;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
      inFlight = true;
      lastRequest = finalQueued;
      cancel(intervalTimer);
      metaNow = List.copyOf(meta.values());
    }
    send(batch, metaNow);
  }

  /** {@code Keep-Alive-Interval} elapsed without a request: POST an empty body. */
  private void intervalElapsed() {
    List<Map.Entry<String, String>> metaNow;
    synchronized (this) {
      if (inFlight || terminated || detached || !pending.isEmpty()) {
        return;
      }
      inFlight = true;
      lastRequest = false;
      metaNow = List.copyOf(meta.values());
    }
    send(List.of(), metaNow);
  }

  private void send(List<WebSocketEvent> events, List<Map.Entry<String, String>> metaNow) {
    HttpRequest request = proxy.origin.request(uri, requestHeaders(clientHeaders, id, metaNow))
        .POST(HttpRequest.BodyPublishers.ofByteArray(WebSocketEvents.encode(events)))
        .build();
    try {
      proxy.origin.send(request, HttpResponse.BodyHandlers.ofByteArray())
          .whenComplete(this::answered);
    } catch (RuntimeException e) {
      answered(null, e); // the client refused the request, or the proxy is shutting down
    }
  }

  private void answered(@Nullable HttpResponse<byte[]> response, @Nullable Throwable error) {
    boolean last;
    synchronized (this) {
      last = lastRequest;
    }
    if (last) {
      terminate(); // the client is gone; the answer to its last event changes nothing
      return;
    }
    if (response == null) {
      fail("request to the origin failed: " + error);
      return;
    }
    String contentType = Http.first(response.headers().map(), "Content-Type");
    if (response.statusCode() != 200 || !CONTENT_TYPE.equals(contentType)) {
      fail("origin answered " + response.statusCode() + " " + contentType);
      return;
    }
    List<WebSocketEvent> events;
    try {
      events = WebSocketEvents.decode(response.body());
    } catch (WebSocketProtocolException e) {
      fail("origin answered a malformed body: " + e.getMessage());
      return;
    }
    synchronized (this) {
      applyHeaders(response.headers().map());
    }
    // Still in flight: no other request starts before this answer is applied.
    apply(events);
    synchronized (this) {
      inFlight = false;
      scheduleInterval();
    }
    pump();
  }

  /** Meta and keep-alive interval from an answer's headers; caller holds the lock. */
  private void applyHeaders(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> h : headers.entrySet()) {
      String name = h.getKey();
      if (name.length() > 9 && name.regionMatches(true, 0, "Set-Meta-", 0, 9)
          && !h.getValue().isEmpty()) {
        String metaName = name.substring(9);
        String key = metaName.toLowerCase(Locale.ROOT);
        String value = h.getValue().get(0);
        Map.Entry<String, String> old = meta.remove(key);
        if (!value.isEmpty()) {
          meta.put(key, Map.entry(old == null ? metaName : old.getKey(), value));
        }
      }
    }
    String interval = Http.first(headers, "Keep-Alive-Interval");
    if (interval != null) {
      long seconds;
      try {
        seconds = Long.parseLong(interval.strip());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      keepAliveIntervalMillis = seconds > 0
          ? Math.max(TimeUnit.SECONDS.toMillis(seconds),
              proxy.minimumKeepAliveInterval().toMillis())
          : -1;
    }
  }

  /** Caller holds the lock. */
  private void scheduleInterval() {
    cancel(intervalTimer);
    intervalTimer = null;
    if (keepAliveIntervalMillis > 0 && !inFlight && !terminated && !detached) {
      intervalTimer = schedule(this::intervalElapsed, keepAliveIntervalMillis);
    }
  }

  // ---- applying the origin's answer ----

  private void apply(List<WebSocketEvent> events) {
    for (WebSocketEvent event : events) {
      synchronized (this) {
        if (terminated || closingClient) {
          return;
        }
      }
      switch (event.type()) {
        case TEXT:
          text(((WebSocketEvent.Text) event).content());
          break;
        case BINARY:
          binary(((WebSocketEvent.Binary) event).content());
          break;
        case PING:
          toClient(Kind.PING, ((WebSocketEvent.Ping) event).content());
          break;
        case PONG:
          toClient(Kind.PONG, ((WebSocketEvent.Pong) event).content());
          break;
        case CLOSE:
          WebSocketEvent.Close close = (WebSocketEvent.Close) event;
          closeClient(close.code(), close.reason());
          return;
        case DISCONNECT:
          disconnectClient();
          return;
        case OPEN:
        default:
          fail("origin sent OPEN on an open connection");
          return;
      }
    }
  }

  private void text(String content) {
    if (grip && content.startsWith("c:")) {
      control(content.substring(2));
    } else if (!grip || messagePrefix.isEmpty()) {
      toClient(Kind.TEXT, content.getBytes(StandardCharsets.UTF_8));
    } else if (content.startsWith(messagePrefix)) {
      toClient(Kind.TEXT,
          content.substring(messagePrefix.length()).getBytes(StandardCharsets.UTF_8));
    } // else dropped, as Pushpin drops unprefixed messages when grip is on
  }

  private void binary(byte[] content) {
    byte[] prefix = messagePrefix.getBytes(StandardCharsets.UTF_8);
    if (grip && startsWith(content, new byte[] {'c', ':'})) {
      control(new String(content, 2, content.length - 2, StandardCharsets.UTF_8));
    } else if (!grip || prefix.length == 0) {
      toClient(Kind.BINARY, content);
    } else if (startsWith(content, prefix)) {
      toClient(Kind.BINARY, Arrays.copyOfRange(content, prefix.length, content.length));
    }
  }

  /** A grip control message; malformed or unknown ones are ignored, as Pushpin does. */
  private void control(String json) {
    JsonNode message;
    try {
      message = JSON.readTree(json);
    } catch (IOException e) {
      LOG.fine(() -> "connection " + id + ": ignoring control message that is not JSON");
      return;
    }
    if (message == null || !message.isObject() || !message.path("type").isTextual()) {
      return;
    }
    String type = message.get("type").textValue();
    switch (type) {
      case "subscribe": {
        String channel = message.path("channel").textValue();
        if (channel == null) {
          return;
        }
        synchronized (this) {
          if (terminated || channels.contains(channel)) {
            return;
          }
          if (channels.size() >= DevGripProxy.MAX_SUBSCRIPTIONS_PER_CONNECTION) {
            LOG.info(() -> "connection " + id + ": too many subscriptions, ignoring " + channel);
            return;
          }
          channels.add(channel);
          proxy.channels.subscribe(channel, this);
        }
        break;
      }
      case "unsubscribe": {
        String channel = message.path("channel").textValue();
        if (channel == null) {
          return;
        }
        synchronized (this) {
          if (channels.remove(channel)) {
            proxy.channels.unsubscribe(channel, this);
          }
        }
        break;
      }
      case "detach":
        synchronized (this) {
          detached = true;
          pending.clear();
          cancel(intervalTimer);
        }
        break;
      case "keep-alive":
        keepAlive(message);
        break;
      case "send-delayed":
        sendDelayed(message);
        break;
      case "flush-delayed":
        synchronized (this) {
          flushDelayed();
        }
        break;
      default:
        // session, set-meta (no effect in Pushpin 1.36) and unknown types
        break;
    }
  }

  /** The content of a keep-alive or send-delayed message, or null if it has none. */
  private static @Nullable Message message(JsonNode m) {
    byte[] content;
    Kind kind;
    if (m.path("content-bin").isTextual()) {
      try {
        content = Base64.getMimeDecoder().decode(m.get("content-bin").textValue());
      } catch (IllegalArgumentException e) {
        return null;
      }
      kind = Kind.BINARY;
    } else if (m.path("content").isTextual()) {
      content = m.get("content").textValue().getBytes(StandardCharsets.UTF_8);
      kind = Kind.TEXT;
    } else {
      return null;
    }
    if (m.has("message-type")) {
      switch (m.path("message-type").asText("")) {
        case "text":
          kind = Kind.TEXT;
          break;
        case "binary":
          kind = Kind.BINARY;
          break;
        case "ping":
          kind = Kind.PING;
          break;
        case "pong":
          kind = Kind.PONG;
          break;
        default:
          return null; // Pushpin ignores an unknown type
      }
    }
    return new Message(kind, content);
  }

  private static long seconds(JsonNode m, long otherwise) {
    JsonNode timeout = m.get("timeout");
    return timeout != null && timeout.canConvertToLong() && timeout.asLong() > 0
        ? timeout.asLong() : otherwise;
  }

  private void keepAlive(JsonNode m) {
    Message content = message(m);
    synchronized (this) {
      cancel(keepAliveTimer);
      keepAliveTimer = null;
      keepAlive = content;
      if (content == null || terminated) {
        return; // no content: keep-alives off
      }
      keepAliveMillis = TimeUnit.SECONDS.toMillis(seconds(m, DEFAULT_KEEP_ALIVE_SECONDS));
      keepAliveInterval = "interval".equals(m.path("mode").asText(""));
      keepAliveTimer = schedule(this::keepAliveDue, keepAliveMillis);
    }
  }

  private void keepAliveDue() {
    synchronized (this) {
      Message content = keepAlive;
      if (terminated || closingClient || content == null) {
        return;
      }
      long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastToClientNanos);
      long next = keepAliveMillis;
      if (keepAliveInterval || idle >= keepAliveMillis) {
        toClient(content.kind(), content.content());
      } else {
        next = keepAliveMillis - idle;
      }
      keepAliveTimer = schedule(this::keepAliveDue, next);
    }
  }

  private void sendDelayed(JsonNode m) {
    Message content = message(m);
    if (content == null) {
      return;
    }
    long millis = TimeUnit.SECONDS.toMillis(seconds(m, DEFAULT_SEND_DELAYED_SECONDS));
    synchronized (this) {
      flushDelayed();
      if (terminated) {
        return;
      }
      delayed = content;
      delayedTimer = schedule(this::delayedDue, millis);
    }
  }

  /** Sends the delayed message now, if its timer has not fired yet; caller holds the lock. */
  private void flushDelayed() {
    ScheduledFuture<?> timer = delayedTimer;
    Message content = delayed;
    if (timer != null && content != null && timer.cancel(false)) {
      delayed = null;
      delayedTimer = null;
      toClient(content.kind(), content.content());
    }
  }

  private void delayedDue() {
    synchronized (this) {
      Message content = delayed;
      delayed = null;
      delayedTimer = null;
      if (content != null && !terminated) {
        toClient(content.kind(), content.content());
      }
    }
  }

  // ---- publishing ----

  @Override
  public void publish(PublishItem item) {
    PublishItem.WsMessage m = item.wsMessage();
    if (m == null) {
      return;
    }
    synchronized (this) {
      if (terminated || closingClient) {
        return;
      }
    }
    switch (m.action()) {
      case TEXT:
        toClient(Kind.TEXT, m.content());
        break;
      case BINARY:
        toClient(Kind.BINARY, m.content());
        break;
      case PING:
        toClient(Kind.PING, m.content());
        break;
      case PONG:
        toClient(Kind.PONG, m.content());
        break;
      case CLOSE:
        closeClient(m.code() < 0 ? WebSocketEvent.Close.NO_STATUS_CODE : m.code(), m.reason());
        break;
      case IGNORE:
      default:
        break;
    }
  }

  // ---- the client's side of the wire ----

  private void toClient(Kind kind, byte[] content) {
    toClient.execute(() -> {
      Session s = session;
      if (s == null || !s.isOpen()) {
        return;
      }
      try {
        RemoteEndpoint.Basic remote = s.getBasicRemote();
        switch (kind) {
          case TEXT:
            remote.sendText(new String(content, StandardCharsets.UTF_8));
            break;
          case BINARY:
            remote.sendBinary(ByteBuffer.wrap(content));
            break;
          case PING:
            remote.sendPing(ByteBuffer.wrap(content));
            break;
          case PONG:
          default:
            remote.sendPong(ByteBuffer.wrap(content));
            break;
        }
        lastToClientNanos = System.nanoTime();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "connection " + id + ": send to client failed", e);
      }
    });
  }

  /** Starts the close handshake with the client; its answer is forwarded as CLOSE. */
  private void closeClient(int code, String reason) {
    synchronized (this) {
      if (closingClient || terminated) {
        return;
      }
      closingClient = true;
      cancelClientTimers();
    }
    closeSession(code, reason);
  }

  private void closeSession(int code, String reason) {
    toClient.execute(() -> {
      Session s = session;
      if (s == null || !s.isOpen()) {
        return;
      }
      try {
        CloseReason.CloseCode closeCode;
        try {
          closeCode = CloseReason.CloseCodes.getCloseCode(code);
        } catch (IllegalArgumentException e) {
          closeCode = CloseReason.CloseCodes.NO_STATUS_CODE;
        }
        s.close(new CloseReason(closeCode, reason));
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "connection " + id + ": close failed", e);
      }
    });
  }

  /** The origin said DISCONNECT: drop the client without a close handshake. */
  private void disconnectClient() {
    terminate();
    toClient.execute(() -> {
      Session s = session;
      if (s != null) {
        abort(s);
      }
    });
  }

  /**
   * Drops the TCP connection. The Jakarta API has no such call; Jetty's session has a public
   * {@code abort()}, used when present. Elsewhere the client gets a close with 1001.
   */
  private static void abort(Session s) {
    try {
      Method abort = s.getClass().getMethod("abort");
      abort.invoke(s);
      return;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not Jetty: fall back to a close
    }
    try {
      s.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, ""));
    } catch (IOException e) {
      LOG.log(Level.FINE, "close failed", e);
    }
  }

  /** The origin's answer failed: Pushpin fails the connection, the client gets 1011. */
  private void fail(String why) {
    LOG.warning(() -> "connection " + id + " to " + uri + " failed: " + why);
    synchronized (this) {
      if (terminated) {
        return;
      }
    }
    terminate();
    closeSession(CloseReason.CloseCodes.UNEXPECTED_CONDITION.getCode(), "");
  }

  /** The proxy is stopping. */
  void shutdown() {
    terminate();
    closeSession(CloseReason.CloseCodes.GOING_AWAY.getCode(), "");
  }

  /** Forgets the connection: subscriptions, timers, the registry entry. */
  private void terminate() {
    List<String> subscribed;
    synchronized (this) {
      if (terminated) {
        return;
      }
      terminated = true;
      pending.clear();
      cancel(intervalTimer);
      cancelClientTimers();
      subscribed = List.copyOf(channels);
      channels.clear();
    }
    for (String channel : subscribed) {
      proxy.channels.unsubscribe(channel, this);
    }
    proxy.connections.remove(id, this);
  }

  /** Caller holds the lock. */
  private void cancelClientTimers() {
    cancel(keepAliveTimer);
    cancel(delayedTimer);
    keepAliveTimer = null;
    delayedTimer = null;
    keepAlive = null;
    delayed = null;
  }

  private @Nullable ScheduledFuture<?> schedule(Runnable task, long millis) {
    try {
      return proxy.timers.schedule(() -> proxy.workers.execute(task), millis,
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return null; // shutting down
    }
  }

  private static void cancel(@Nullable ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    return content.length >= prefix.length
        && Arrays.equals(content, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  /** For tests: the channels this connection is subscribed to. */
  synchronized Set<String> channels() {
    return Set.copyOf(channels);
  }
}
