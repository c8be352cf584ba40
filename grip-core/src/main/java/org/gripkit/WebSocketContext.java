package org.gripkit;

import static org.gripkit.WebSocketOverHttp.CONTROL_PREFIX;
import static org.gripkit.WebSocketOverHttp.MESSAGE_PREFIX;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket-over-HTTP request of a connection held by a GRIP proxy, and the answer being
 * built for it.
 *
 * <p>The proxy turns everything that happens on a client's WebSocket into HTTP POSTs to the
 * origin; each carries the events that arrived since the last one. Build a context from the
 * request's headers and body, read what the client sent, say what to do, then write {@link
 * #response()} back as the HTTP response:
 *
 * <pre>{@code
 * WebSocketContext ws = WebSocketContext.fromRequest(headers, body);
 * if (ws.isOpening()) {
 *   ws.accept();
 *   ws.subscribe("room-alpha");
 *   ws.keepAlive(WebSocketKeepAlive.text("{}", Duration.ofSeconds(20)));
 * }
 * for (WebSocketEvent event = ws.receive(); event != null; event = ws.receive()) {
 *   if (event instanceof WebSocketEvent.Text text) {
 *     ws.send("echo: " + text.content());
 *   } else if (event instanceof WebSocketEvent.Close close) {
 *     ws.close(close.code(), "bye");
 *   }
 * }
 * WebSocketResponse response = ws.response();
 * }</pre>
 *
 * <h2>The grip extension and message prefixes</h2>
 *
 * <p>{@link #accept()} answers with {@code Sec-WebSocket-Extensions: grip}, which lets the
 * origin send control messages (subscribe, keep-alive, ...) in the same body as messages. The
 * proxy then takes a TEXT or BINARY event starting with {@code c:} as a control message, strips
 * {@code m:} from one starting with it, and drops any other. This class writes both prefixes
 * itself: {@link #send(String) send("c:hello")} reaches the client as the literal text {@code
 * c:hello}, and control messages can only be sent through the typed methods here, since Pushpin
 * ignores a malformed one without a word.
 *
 * <h2>Pings and closes</h2>
 *
 * <p>Pushpin forwards a client's PING to the origin and does not answer it itself. This class
 * answers every PING with a PONG carrying the same payload, in body order, also those the
 * application never read. A PONG from the client is consumed silently. A CLOSE from the client
 * that the application does not answer with {@link #close(int, String)} is answered with a
 * CLOSE echoing its code, as RFC 6455 section 5.5.1 requires.
 *
 * <h2>Thread-safety and lifecycle</h2>
 *
 * <p>A context belongs to one request and is not thread-safe: use it from one thread at a time
 * (handing it from one thread to another with a happens-before edge, as an async servlet
 * does, is fine). Once {@link #response()} has been called the context is finished: it returns
 * the same response again, and any method that would change the answer throws {@link
 * IllegalStateException}. A context holds no connection: the connection lives in the proxy,
 * and the next request of the same connection gets a new context.
 */
public final class WebSocketContext {
  private static final int MAX_CLOSE_REASON_BYTES = 123;

  private final String connectionId;
  /** Meta as the request carried it, keys lower-cased. */
  private final Map<String, String> requestMeta;
  /** Meta with this request's changes applied, keys lower-cased. */
  private final Map<String, String> meta;
  /** The names the application changed, by lower-cased key, as it spelled them, in order. */
  private final Map<String, String> changedMetaNames = new LinkedHashMap<>();
  private final List<WebSocketEvent> received;
  private final boolean opening;
  private final long contentBytesReplayed;

  private int cursor;
  private boolean accepted;
  private int rejectStatus;
  private String rejectReason = "";
  private final List<WebSocketEvent> out = new ArrayList<>();
  private long keepAliveIntervalSeconds = -1;
  private long contentBytesAccepted = -1;
  private WebSocketEvent.@Nullable Close closeReceived;
  private boolean closeSent;
  private @Nullable WebSocketResponse response;

  private WebSocketContext(String connectionId, Map<String, String> meta,
      List<WebSocketEvent> received, long contentBytesReplayed) {
    this.connectionId = connectionId;
    this.contentBytesReplayed = contentBytesReplayed;
    this.requestMeta = Map.copyOf(meta);
    this.meta = meta;
    this.received = received;
    this.opening = !received.isEmpty() && received.get(0) instanceof WebSocketEvent.Open;
    this.cursor = opening ? 1 : 0;
  }

  /**
   * Reads a WebSocket-over-HTTP request with a body of at most {@link
   * WebSocketEvents#DEFAULT_MAX_BODY_BYTES}.
   *
   * @param headers the request headers; names in any case, the first value of each is used
   * @param body the request body as bytes; empty for a keep-alive request
   * @throws WebSocketProtocolException if the body is malformed or too large, or the {@code
   *     Connection-Id} header is missing
   */
  public static WebSocketContext fromRequest(
      Map<String, ? extends List<String>> headers, byte[] body)
      throws WebSocketProtocolException {
    return fromRequest(headers, body, WebSocketEvents.DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * Reads a WebSocket-over-HTTP request with a body of at most {@code maxBodyBytes}.
   *
   * @throws WebSocketProtocolException if the body is malformed or longer than {@code
   *     maxBodyBytes}, the {@code Connection-Id} header is missing, or {@code
   *     Content-Bytes-Replayed} is not a count of bytes of the body's content
   */
  public static WebSocketContext fromRequest(
      Map<String, ? extends List<String>> headers, byte[] body, int maxBodyBytes)
      throws WebSocketProtocolException {
    Objects.requireNonNull(headers, "headers == null");
    Objects.requireNonNull(body, "body == null");
    String connectionId = null;
    String replayed = null;
    Map<String, String> meta = new TreeMap<>();
    String metaPrefix = WebSocketOverHttp.META_PREFIX.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, ? extends List<String>> header : headers.entrySet()) {
      if (header.getKey() == null || header.getValue() == null || header.getValue().isEmpty()) {
        continue;
      }
      String name = header.getKey().toLowerCase(Locale.ROOT);
      String value = header.getValue().get(0);
      if (name.equals("connection-id")) {
        connectionId = value;
      } else if (name.equals("content-bytes-replayed")) {
        replayed = value;
      } else if (name.startsWith(metaPrefix) && name.length() > metaPrefix.length()) {
        meta.put(name.substring(metaPrefix.length()), value);
      }
    }
    if (connectionId == null || connectionId.isEmpty()) {
      throw new WebSocketProtocolException("missing Connection-Id header");
    }
    List<WebSocketEvent> events = WebSocketEvents.decode(body, maxBodyBytes);
    long replayedBytes = -1;
    if (replayed != null) {
      String digits = replayed.strip();
      if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)
          || Long.parseLong(digits) > contentBytes(events)) {
        throw new WebSocketProtocolException(
            "bad Content-Bytes-Replayed header: \"" + replayed + "\"");
      }
      replayedBytes = Long.parseLong(digits);
    }
    return new WebSocketContext(connectionId, meta, events, replayedBytes);
  }

  /**
   * Whether a request {@code Content-Type} is WebSocket-over-HTTP ({@code
   * application/websocket-events}), ignoring case and parameters.
   */
  public static boolean isWebSocketOverHttp(@Nullable String contentType) {
    return contentType != null && WebSocketOverHttp.isWebSocketEvents(contentType);
  }

  /** The proxy's id of the connection, the same on every request of the connection. */
  public String connectionId() {
    return connectionId;
  }

  /** Whether this request opens the connection (its first event is OPEN). */
  public boolean isOpening() {
    return opening;
  }

  /**
   * The connection meta value of that name (case-insensitive), or null. Meta comes from the
   * request's {@code Meta-*} headers, with this request's own {@link #setMeta} and {@link
   * #removeMeta} calls applied.
   */
  public @Nullable String meta(String name) {
    Objects.requireNonNull(name, "name == null");
    return meta.get(name.toLowerCase(Locale.ROOT));
  }

  /** All connection meta, names lower-cased, as {@link #meta(String)} sees it. */
  public Map<String, String> meta() {
    return Collections.unmodifiableMap(meta);
  }

  /** All events of the request body, in order, as decoded. */
  public List<WebSocketEvent> events() {
    return Collections.unmodifiableList(received);
  }

  /**
   * How many bytes at the start of this request's content the proxy sent before, in a request
   * whose answer did not {@linkplain #acceptContentBytes(long) accept} them: the {@code
   * Content-Bytes-Replayed} request header. Empty when there is none, which is always the case
   * with Pushpin 1.36 (it has no partial acceptance).
   */
  public OptionalLong contentBytesReplayed() {
    return contentBytesReplayed < 0 ? OptionalLong.empty() : OptionalLong.of(contentBytesReplayed);
  }

  /**
   * The content bytes of this request, as {@link #acceptContentBytes(long)} counts them: the
   * bytes of every TEXT, BINARY, PING and PONG event, plus those of a CLOSE (its two code bytes
   * and its reason).
   */
  public long contentBytes() {
    return contentBytes(received);
  }

  /**
   * Takes only the first {@code bytes} of this request's content (see {@link #contentBytes()}),
   * for an application that works on a stream of bytes and cannot use the rest yet: the answer
   * carries {@code Content-Bytes-Accepted}, and the proxy sends the content not taken again at
   * the start of the connection's next request, with {@code Content-Bytes-Replayed} (a message
   * cut in the middle comes again from the first byte not taken). Without this call all content
   * is taken.
   *
   * <p>Only newer Pushpin knows this header (its {@code src/proxy/websocketoverhttp.cpp}); Pushpin
   * 1.36 ignores it and takes everything. The events after the accepted bytes still go through
   * {@link #receive()}, which answers their PINGs: read only as far as you accept. With a CLOSE
   * in the request, Pushpin wants all of it or no more than the bytes before the close.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative, more than {@link
   *     #contentBytes()}, or, with a CLOSE, cuts into or stops right at the close's own bytes
   */
  public void acceptContentBytes(long bytes) {
    checkOpen();
    long total = contentBytes();
    if (bytes < 0 || bytes > total) {
      throw new IllegalArgumentException(
          "accepted content bytes must be between 0 and " + total + ": " + bytes);
    }
    long beforeClose = contentBytes(received.stream()
        .takeWhile(e -> !(e instanceof WebSocketEvent.Close)).toList());
    if (beforeClose < total && bytes >= beforeClose && bytes < total) {
      throw new IllegalArgumentException("with a CLOSE, accept all " + total
          + " content bytes or fewer than the " + beforeClose + " before it: " + bytes);
    }
    contentBytesAccepted = bytes;
  }

  /**
   * The next event from the client that the application has to handle: a {@link
   * WebSocketEvent.Text}, {@link WebSocketEvent.Binary}, {@link WebSocketEvent.Close} or {@link
   * WebSocketEvent.Disconnect}; null when there are no more. PINGs met on the way are answered,
   * PONGs skipped.
   */
  public @Nullable WebSocketEvent receive() {
    checkOpen();
    while (cursor < received.size()) {
      WebSocketEvent event = received.get(cursor++);
      if (event instanceof WebSocketEvent.Ping ping) {
        out.add(new WebSocketEvent.Pong(ping.content()));
      } else if (event instanceof WebSocketEvent.Close close) {
        closeReceived = close;
        return close;
      } else if (!(event instanceof WebSocketEvent.Pong || event instanceof WebSocketEvent.Open)) {
        return event;
      }
    }
    return null;
  }

  /**
   * Accepts the opening connection, with the grip extension.
   *
   * @throws IllegalStateException if this request does not open a connection, or it was
   *     rejected
   */
  public void accept() {
    checkOpen();
    if (!opening) {
      throw new IllegalStateException("accept() on a request that does not open a connection");
    }
    if (rejectStatus != 0) {
      throw new IllegalStateException("accept() after reject()");
    }
    accepted = true;
  }

  /**
   * Rejects the opening connection: the client's WebSocket handshake fails with this HTTP
   * status and a plain-text body. An opening request that is neither accepted nor rejected is
   * rejected with 403.
   *
   * @throws IllegalArgumentException if {@code status} is not from 400 to 599
   * @throws IllegalStateException if this request does not open a connection, or it was
   *     accepted
   */
  public void reject(int status, String reason) {
    checkOpen();
    Objects.requireNonNull(reason, "reason == null");
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("reject status must be 400..599: " + status);
    }
    if (!opening) {
      throw new IllegalStateException("reject() on a request that does not open a connection");
    }
    if (accepted) {
      throw new IllegalStateException("reject() after accept()");
    }
    rejectStatus = status;
    rejectReason = reason;
  }

  /** Sends a text message to the client. */
  public void send(String text) {
    Objects.requireNonNull(text, "text == null");
    checkSendable();
    out.add(new WebSocketEvent.Text(MESSAGE_PREFIX + text));
  }

  /** Sends a binary message to the client. */
  public void send(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes == null");
    checkSendable();
    byte[] prefixed = new byte[bytes.length + 2];
    prefixed[0] = 'm';
    prefixed[1] = ':';
    System.arraycopy(bytes, 0, prefixed, 2, bytes.length);
    out.add(new WebSocketEvent.Binary(prefixed));
  }

  /**
   * Subscribes the connection to a channel: messages published to it reach this client, through
   * the given filters, which the proxy applies to each item for this connection alone. For
   * example, to keep a message from the user who sent it:
   *
   * <pre>{@code
   * ws.setMeta("user", userId);                       // once, when the connection opens
   * ws.subscribe("room-alpha", ChannelFilter.SKIP_SELF);
   * // and when publishing what that user wrote:
   * PublishItem.builder("room-alpha").sender(userId).format(WsMessage.text(json)).build();
   * }</pre>
   *
   * <p>The subscribe control message is {@code {"type":"subscribe","channel":"room-alpha",
   * "filters":["skip-self"]}}; without filters the {@code filters} member is left out.
   *
   * @throws IllegalArgumentException if the channel is empty or a filter is given twice
   */
  public void subscribe(String channel, ChannelFilter... filters) {
    Objects.requireNonNull(filters, "filters == null");
    String name = checkChannel(channel);
    List<ChannelFilter> checked =
        ChannelFilter.check(Arrays.asList(filters), "channel \"" + name + "\"");
    control(ControlMessages.subscribe(name, checked));
  }

  /** Unsubscribes the connection from a channel. */
  public void unsubscribe(String channel) {
    control(ControlMessages.unsubscribe(checkChannel(channel)));
  }

  /**
   * Detaches the connection from the origin: the proxy stops sending it the client's messages
   * and holds it for publishing only.
   */
  public void detach() {
    control(ControlMessages.detach());
  }

  /** Sets the proxy's session id for the connection (Pushpin's {@code session} message). */
  public void session(String id) {
    Objects.requireNonNull(id, "id == null");
    control(ControlMessages.session(id));
  }

  /** Asks the proxy to send keep-alives to the client by itself. */
  public void keepAlive(WebSocketKeepAlive keepAlive) {
    Objects.requireNonNull(keepAlive, "keepAlive == null");
    control(ControlMessages.keepAlive(keepAlive));
  }

  /** Asks the proxy to send {@code content} as text after {@code timeout} without messages. */
  public void keepAlive(String content, Duration timeout) {
    keepAlive(WebSocketKeepAlive.text(content, timeout));
  }

  /** Stops the keep-alives asked for earlier. */
  public void keepAliveOff() {
    control(ControlMessages.keepAliveOff());
  }

  /**
   * Asks the proxy to send a text message after {@code delay}, unless another message is sent
   * first (Pushpin's {@code send-delayed}).
   */
  public void sendDelayed(String text, Duration delay) {
    Objects.requireNonNull(text, "text == null");
    control(ControlMessages.sendDelayed(WebSocketMessageType.TEXT,
        text.getBytes(StandardCharsets.UTF_8), false, wholeSeconds(delay, "delay")));
  }

  /** Asks the proxy to send the delayed message now (Pushpin's {@code flush-delayed}). */
  public void flushDelayed() {
    control(ControlMessages.flushDelayed());
  }

  /**
   * Sets connection meta. Pushpin keeps connection meta in two places, and this sets both, in
   * the answer to this request:
   *
   * <ul>
   *   <li>the meta it echoes back: later requests of the connection carry it as a {@code
   *       Meta-<name>} header (sent as the {@code Set-Meta-<name>} response header), so {@link
   *       #meta(String)} reads it on every request;
   *   <li>the meta its publish {@linkplain ChannelFilter filters} compare (sent as the control
   *       message {@code c:{"type":"set-meta","name":"<name>","value":"<value>"}}, placed before
   *       any other control message of this answer). Pushpin 1.36's filters see only this one:
   *       {@link ChannelFilter#SKIP_SELF} needs {@code setMeta("user", id)}.
   * </ul>
   *
   * <p>Names are case-insensitive here, and the filters get them in lower case ({@code
   * setMeta("User", ...)} is the meta {@code user} of {@link ChannelFilter#SKIP_SELF}). Only
   * changes are sent: setting the value a meta already has sends nothing.
   *
   * @throws IllegalArgumentException if the name is not an HTTP token, or the value is empty
   *     or not printable ASCII (encode other text, for example with percent-encoding)
   */
  public void setMeta(String name, String value) {
    checkOpen();
    Objects.requireNonNull(value, "value == null");
    String key = checkMetaName(name);
    if (value.isEmpty()) {
      throw new IllegalArgumentException("meta value is empty (use removeMeta to remove): " + name);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "meta value must be printable ASCII: " + name + " has " + String.format("U+%04X", (int) c)
            + " at index " + i);
      }
    }
    meta.put(key, value);
    changedMetaNames.putIfAbsent(key, name);
  }

  /**
   * Removes connection meta, in both places {@link #setMeta} sets it; sends nothing if the
   * connection has no meta of that name.
   */
  public void removeMeta(String name) {
    checkOpen();
    String key = checkMetaName(name);
    meta.remove(key);
    changedMetaNames.putIfAbsent(key, name);
  }

  /**
   * Asks the proxy to send a request (with an empty body when nothing happened) at least every
   * {@code interval}, so the origin hears of the connection regularly. Pushpin raises values
   * below 20 seconds to 20.
   */
  public void keepAliveInterval(Duration interval) {
    checkOpen();
    keepAliveIntervalSeconds = wholeSeconds(interval, "interval");
  }

  /**
   * Closes the connection with a status code and reason. After it nothing more can be sent.
   *
   * @throws IllegalArgumentException if the code may not be sent (RFC 6455 section 7.4: 1000 to
   *     1003, 1007 to 1014 and 3000 to 4999 may) or the reason is longer than 123 UTF-8 bytes
   */
  public void close(int code, String reason) {
    Objects.requireNonNull(reason, "reason == null");
    checkSendable();
    boolean sendable = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
    if (!sendable) {
      throw new IllegalArgumentException("close code may not be sent: " + code);
    }
    int reasonBytes = reason.getBytes(StandardCharsets.UTF_8).length;
    if (reasonBytes > MAX_CLOSE_REASON_BYTES) {
      throw new IllegalArgumentException(
          "close reason is " + reasonBytes + " UTF-8 bytes, more than " + MAX_CLOSE_REASON_BYTES);
    }
    out.add(new WebSocketEvent.Close(code, reason));
    closeSent = true;
  }

  /** Closes the connection with status 1000 (normal closure) and no reason. */
  public void close() {
    close(1000, "");
  }

  /** Drops the connection at once, without a close handshake (a DISCONNECT event). */
  public void disconnect() {
    checkSendable();
    out.add(new WebSocketEvent.Disconnect());
    closeSent = true;
  }

  /**
   * Builds the answer, once: status, headers and body. Unread PINGs are answered and an
   * unanswered CLOSE is echoed. After this call the context cannot be changed.
   */
  public WebSocketResponse response() {
    if (response != null) {
      return response;
    }
    while (cursor < received.size()) {
      receive();
    }
    if (opening && !accepted) {
      int status = rejectStatus == 0 ? 403 : rejectStatus;
      String reason = rejectStatus == 0 ? "connection not accepted" : rejectReason;
      response = new WebSocketResponse(status,
          Map.of("Content-Type", "text/plain; charset=utf-8"),
          reason.getBytes(StandardCharsets.UTF_8));
      return response;
    }
    if (closeReceived != null && !closeSent) {
      out.add(closeReceived.hasCode()
          ? new WebSocketEvent.Close(closeReceived.code())
          : WebSocketEvent.Close.withoutCode());
      closeSent = true;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", WebSocketOverHttp.CONTENT_TYPE);
    if (opening) {
      headers.put(WebSocketOverHttp.SEC_WEBSOCKET_EXTENSIONS, WebSocketOverHttp.GRIP_EXTENSION);
    }
    List<WebSocketEvent> events = new ArrayList<>(out.size() + 1 + changedMetaNames.size());
    if (opening) {
      events.add(new WebSocketEvent.Open());
    }
    changedMetaNames.forEach((key, name) -> {
      String value = meta.get(key);
      if (!Objects.equals(value, requestMeta.get(key))) {
        headers.put(WebSocketOverHttp.SET_META_PREFIX + name, value == null ? "" : value);
        // First, so that filters see the meta before a subscription of this answer gets items.
        events.add(new WebSocketEvent.Text(CONTROL_PREFIX + ControlMessages.setMeta(key, value)));
      }
    });
    events.addAll(out);
    if (keepAliveIntervalSeconds > 0) {
      headers.put(WebSocketOverHttp.KEEP_ALIVE_INTERVAL, Long.toString(keepAliveIntervalSeconds));
    }
    if (contentBytesAccepted >= 0) {
      headers.put(WebSocketOverHttp.CONTENT_BYTES_ACCEPTED, Long.toString(contentBytesAccepted));
    }
    response = new WebSocketResponse(200, headers, WebSocketEvents.encode(events));
    return response;
  }

  private void control(String json) {
    checkSendable();
    out.add(new WebSocketEvent.Text(CONTROL_PREFIX + json));
  }

  private static long contentBytes(List<WebSocketEvent> events) {
    long n = 0;
    for (WebSocketEvent e : events) {
      if (e instanceof WebSocketEvent.Text t) {
        n += t.content().getBytes(StandardCharsets.UTF_8).length;
      } else if (e instanceof WebSocketEvent.Binary b) {
        n += b.content().length;
      } else if (e instanceof WebSocketEvent.Ping p) {
        n += p.content().length;
      } else if (e instanceof WebSocketEvent.Pong p) {
        n += p.content().length;
      } else if (e instanceof WebSocketEvent.Close c && c.hasCode()) {
        n += 2 + c.reason().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return n;
  }

  private static String checkMetaName(String name) {
    Objects.requireNonNull(name, "name == null");
    if (!WebSocketOverHttp.isToken(name)) {
      throw new IllegalArgumentException("meta name is not an HTTP token: \"" + name + "\"");
    }
    return name.toLowerCase(Locale.ROOT);
  }

  private static String checkChannel(String channel) {
    Objects.requireNonNull(channel, "channel == null");
    if (channel.isEmpty()) {
      throw new IllegalArgumentException("channel is empty");
    }
    return channel;
  }

  private static long wholeSeconds(Duration duration, String name) {
    Objects.requireNonNull(duration, name + " == null");
    if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.getNano() != 0) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds, at least 1: " + duration);
    }
    return duration.getSeconds();
  }

  private void checkSendable() {
    checkOpen();
    if (closeSent) {
      throw new IllegalStateException("the connection was closed by this answer");
    }
  }

  private void checkOpen() {
    if (response != null) {
      throw new IllegalStateException("response() was already built");
    }
  }
}
