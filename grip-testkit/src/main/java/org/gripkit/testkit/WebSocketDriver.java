package org.gripkit.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.gripkit.WebSocketResponse;
import org.jspecify.annotations.Nullable;

/**
 * Plays Pushpin for a WebSocket origin: each {@link Connection} stands for one client
 * WebSocket, and each of its methods sends the WebSocket-over-HTTP request Pushpin would send
 * for what the client did, then returns what the origin answered as a {@link WebSocketReply}.
 *
 * <p>The origin is either a {@link WebSocketHandler} called in-process (no servlet, no
 * network) or a real HTTP endpoint, such as a servlet behind {@code GripFilter} on embedded
 * Jetty, reached over HTTP/1.1 with {@code java.net.http}:
 *
 * <pre>{@code
 * WebSocketDriver driver = WebSocketDriver.of(new ChatHandler());      // in-process
 * WebSocketDriver driver = WebSocketDriver.of(URI.create("http://127.0.0.1:8080/ws"));
 *
 * WebSocketDriver.Connection alice = driver.connect();
 * alice.open().assertAccepted().assertSubscribed("room-alpha");
 * alice.sendText("hi").assertTexts("alice: hi");
 * alice.close(1000, "bye").assertClosed(1000);
 * }</pre>
 *
 * <p>Requests carry what Pushpin 1.36 sends (see PUSHPIN-OBSERVED.md in grip-core's tests):
 * {@code Sec-WebSocket-Extensions: grip}, a fresh {@code Grip-Sig} (HS256, claims {@code iss}
 * and {@code exp} = now + 1 hour, made with {@link GripTestKit#TEST_ISSUER} and {@link
 * GripTestKit#TEST_KEY} unless {@link Builder#signWith} says otherwise), {@code Grip-Feature},
 * {@code Accept} and {@code Content-Type: application/websocket-events}, the stable {@code
 * Connection-Id}, one {@code Meta-<name>} header per connection meta, then any headers given
 * to {@link Builder#header} (in-process in this order; over HTTP in the order {@code
 * java.net.http} chooses). Bodies are framed as Pushpin frames them: lower-case hex sizes,
 * and {@code TEXT\r\n} with no size for an empty message.
 *
 * <p>The connection follows the answers as Pushpin would: {@code Set-Meta-*} headers change
 * the meta the next request carries, the OPEN answer decides whether the grip extension (and
 * with it the {@code m:} and {@code c:} prefixes) is on, a rejection, a CLOSE or a DISCONNECT
 * ends what may be sent next, and an answer Pushpin would not take (see {@link
 * WebSocketReply#failure()}) ends the connection.
 *
 * <p>A driver is immutable and thread-safe; a connection is not thread-safe. A handler that
 * throws fails the call with an {@link AssertionError} whose cause is the exception.
 */
public final class WebSocketDriver {
  /** What Pushpin 1.36 sends as {@code Grip-Feature}. */
  static final String GRIP_FEATURE = "status, session, link:next, filter:skip-self,"
      + " filter:skip-users, filter:require-sub, filter:build-id, filter:var-subst";

  private final @Nullable WebSocketHandler handler;
  private final @Nullable URI endpoint;
  private final @Nullable HttpClient client;
  private final @Nullable String issuer;
  private final byte @Nullable [] key;
  private final List<Map.Entry<String, String>> headers;
  private final Clock clock;
  private final Duration timeout;

  private WebSocketDriver(Builder b) {
    this.handler = b.handler;
    this.endpoint = b.endpoint;
    this.issuer = b.issuer;
    this.key = b.key;
    this.headers = List.copyOf(b.headers);
    this.clock = b.clock;
    this.timeout = b.timeout;
    this.client = b.endpoint == null ? null : HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** A driver that calls {@code handler} in-process, with the default settings. */
  public static WebSocketDriver of(WebSocketHandler handler) {
    return builder(handler).build();
  }

  /**
   * A driver that POSTs to {@code endpoint} (an absolute http URI, with the path and query the
   * client asked for), with the default settings.
   */
  public static WebSocketDriver of(URI endpoint) {
    return builder(endpoint).build();
  }

  /** A builder for a driver that calls {@code handler} in-process. */
  public static Builder builder(WebSocketHandler handler) {
    return new Builder(Objects.requireNonNull(handler, "handler == null"), null);
  }

  /**
   * A builder for a driver that POSTs to {@code endpoint}.
   *
   * @throws IllegalArgumentException if it is not an absolute http or https URI
   */
  public static Builder builder(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint == null");
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!endpoint.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("not an absolute http or https URI: " + endpoint);
    }
    return new Builder(null, endpoint);
  }

  /** A new connection with a fresh {@code Connection-Id} (a lower-case UUID, as Pushpin's). */
  public Connection connect() {
    return connect(UUID.randomUUID().toString());
  }

  /** A new connection with this {@code Connection-Id}. */
  public Connection connect(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    if (connectionId.isEmpty()) {
      throw new IllegalArgumentException("connectionId is empty");
    }
    return new Connection(connectionId);
  }

  @Override
  public String toString() {
    return "WebSocketDriver[" + (endpoint != null ? endpoint : "in-process " + handler) + "]";
  }

  /** The answer as status, headers in order, and body. */
  private record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

  private Answer exchange(String request, Map<String, String> requestHeaders, byte[] body) {
    return endpoint != null
        ? overHttp(request, requestHeaders, body)
        : inProcess(request, requestHeaders, body);
  }

  private Answer inProcess(String request, Map<String, String> requestHeaders, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    requestHeaders.forEach((name, value) -> headers.put(name, List.of(value)));
    WebSocketContext ws;
    try {
      ws = WebSocketContext.fromRequest(headers, body);
    } catch (WebSocketProtocolException e) {
      // What GripFilter answers to a body it cannot read.
      return new Answer(400, List.of(Map.entry("Content-Type", "text/plain")),
          String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
    }
    try {
      Objects.requireNonNull(handler).handle(ws);
    } catch (Exception e) {
      throw new AssertionError("the handler threw on " + request + ": " + e
          + " (behind a servlet, Pushpin would get a 500 and drop the connection)", e);
    }
    WebSocketResponse response = ws.response();
    return new Answer(response.status(), new ArrayList<>(response.headers().entrySet()),
        response.body());
  }

  private Answer overHttp(String request, Map<String, String> requestHeaders, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(Objects.requireNonNull(endpoint))
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    requestHeaders.forEach(builder::header);
    HttpResponse<byte[]> response;
    try {
      response = Objects.requireNonNull(client)
          .send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new AssertionError("no answer from " + endpoint + " to " + request + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while sending " + request, e);
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    response.headers().map().forEach((name, values) -> {
      for (String value : values) {
        headers.add(Map.entry(name, value));
      }
    });
    return new Answer(response.statusCode(), headers, response.body());
  }

  /** Configures a {@link WebSocketDriver}; not thread-safe. */
  public static final class Builder {
    private final @Nullable WebSocketHandler handler;
    private final @Nullable URI endpoint;
    private @Nullable String issuer = GripTestKit.TEST_ISSUER;
    private byte @Nullable [] key = GripTestKit.TEST_KEY.getBytes(StandardCharsets.UTF_8);
    private final List<Map.Entry<String, String>> headers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(@Nullable WebSocketHandler handler, @Nullable URI endpoint) {
      this.handler = handler;
      this.endpoint = endpoint;
    }

    /**
     * Signs {@code Grip-Sig} with this issuer and shared secret, as Pushpin's {@code sig_iss}
     * and {@code sig_key}; the defaults are {@link GripTestKit#TEST_ISSUER} and {@link
     * GripTestKit#TEST_KEY}.
     *
     * @throws IllegalArgumentException if either is empty
     */
    public Builder signWith(String issuer, byte[] key) {
      Objects.requireNonNull(issuer, "issuer == null");
      Objects.requireNonNull(key, "key == null");
      if (issuer.isEmpty() || key.length == 0) {
        throw new IllegalArgumentException("signing issuer and key must not be empty");
      }
      this.issuer = issuer;
      this.key = key.clone();
      return this;
    }

    /** Signs with this issuer and the UTF-8 bytes of {@code key}; see {@link #signWith(String, byte[])}. */
    public Builder signWith(String issuer, String key) {
      Objects.requireNonNull(key, "key == null");
      return signWith(issuer, key.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends no {@code Grip-Sig}: a request that did not come through the proxy. */
    public Builder unsigned() {
      this.issuer = null;
      this.key = null;
      return this;
    }

    /**
     * Adds a header to every request, after the driver's own: a header the client sent that
     * Pushpin passes on ({@code Cookie}, {@code Origin}, {@code Sec-WebSocket-Protocol}), or
     * one of the driver's headers to replace (a fixed {@code Grip-Sig}, for example).
     *
     * @throws IllegalArgumentException if the name or value holds CR or LF, or the name is empty
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
      if (name.isEmpty() || (name + value).indexOf('\r') >= 0 || (name + value).indexOf('\n') >= 0) {
        throw new IllegalArgumentException("not a header line: \"" + name + ": " + value + "\"");
      }
      headers.add(Map.entry(name, value));
      return this;
    }

    /** The clock for {@code Grip-Sig} expiry times; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** How long to wait for an HTTP endpoint to connect and to answer; 10 s by default. */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout == null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout is not positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public WebSocketDriver build() {
      return new WebSocketDriver(this);
    }
  }

  private enum State {
    NEW, OPEN, CLOSING, CLOSED, FAILED
  }

  /**
   * One simulated client WebSocket held by the proxy. Each method sends one request and
   * returns the answer; the connection then follows it (meta, grip extension, closes). Not
   * thread-safe.
   *
   * <p>Before {@link #open()} only {@code open()} may be called; after a rejection, a
   * DISCONNECT or an answer Pushpin would not take, nothing may; after the handler's CLOSE
   * only the client's close reply ({@link #close(int, String)} and the like) or {@link
   * #disconnect()}. Breaking these rules throws {@link IllegalStateException}, since Pushpin
   * would never send such a request. {@link #sendBody(byte[])} is exempt.
   */
  public final class Connection {
    private final String id;
    /** Meta by name as the handler spelled it; names compared ignoring case. */
    private final Map<String, String> meta = new LinkedHashMap<>();
    private State state = State.NEW;
    private String why = "";
    private boolean grip;

    private Connection(String id) {
      this.id = id;
    }

    /** The {@code Connection-Id}. */
    public String id() {
      return id;
    }

    /**
     * The connection meta the next request carries as {@code Meta-*} headers, by name as the
     * handler spelled it in {@code Set-Meta-*} (over HTTP, in lower case: {@code java.net.http}
     * hands response header names over that way); an unmodifiable copy.
     */
    public Map<String, String> meta() {
      return Map.copyOf(meta);
    }

    /** Whether the connection is open: accepted, and not closed, disconnected or failed. */
    public boolean isOpen() {
      return state == State.OPEN;
    }

    /** Opens the connection: {@code OPEN\r\n}. */
    public WebSocketReply open() {
      if (state != State.NEW) {
        throw new IllegalStateException("connection " + id + " was already opened");
      }
      return send("OPEN", true, List.of(new WebSocketEvent.Open()));
    }

    /** The client sends a text message. */
    public WebSocketReply sendText(String text) {
      Objects.requireNonNull(text, "text == null");
      requireOpen();
      return send("TEXT \"" + Wire.show(text.getBytes(StandardCharsets.UTF_8), 80) + "\"", false,
          List.of(new WebSocketEvent.Text(text)));
    }

    /** The client sends a binary message. */
    public WebSocketReply sendBinary(byte[] bytes) {
      Objects.requireNonNull(bytes, "bytes == null");
      requireOpen();
      return send("BINARY " + Wire.show(bytes, 80), false,
          List.of(new WebSocketEvent.Binary(bytes)));
    }

    /** The client sends a PING; Pushpin forwards it and leaves the PONG to the origin. */
    public WebSocketReply ping(byte[] payload) {
      Objects.requireNonNull(payload, "payload == null");
      requireOpen();
      return send("PING " + Wire.show(payload, 80), false,
          List.of(new WebSocketEvent.Ping(payload)));
    }

    /**
     * Several client events in one request, as Pushpin batches what arrived together (for
     * example a PING, a PONG and a TEXT).
     *
     * @throws IllegalArgumentException if there is no event, or one is an OPEN
     */
    public WebSocketReply send(WebSocketEvent... events) {
      Objects.requireNonNull(events, "events == null");
      List<WebSocketEvent> list = List.of(events);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("no events (use keepAlive() for an empty body)");
      }
      for (WebSocketEvent e : list) {
        if (e instanceof WebSocketEvent.Open) {
          throw new IllegalArgumentException("OPEN is sent by open()");
        }
      }
      boolean closing = list.stream().anyMatch(
          e -> e instanceof WebSocketEvent.Close || e instanceof WebSocketEvent.Disconnect);
      if (closing) {
        requireOpenOrClosing();
      } else {
        requireOpen();
      }
      return send("events " + list, false, list);
    }

    /** The client closes with a status code and reason (or answers the handler's CLOSE). */
    public WebSocketReply close(int code, String reason) {
      Objects.requireNonNull(reason, "reason == null");
      requireOpenOrClosing();
      WebSocketEvent.Close close = new WebSocketEvent.Close(code, reason);
      return send("CLOSE " + code + (reason.isEmpty() ? "" : " \"" + reason + "\""), false,
          List.of(close));
    }

    /** The client closes with a status code and no reason. */
    public WebSocketReply close(int code) {
      return close(code, "");
    }

    /** The client closes without a status code: {@code CLOSE\r\n}. */
    public WebSocketReply closeWithoutStatus() {
      requireOpenOrClosing();
      return send("CLOSE without status", false, List.of(WebSocketEvent.Close.withoutCode()));
    }

    /** The client went away without a close handshake: {@code DISCONNECT\r\n}. */
    public WebSocketReply disconnect() {
      requireOpenOrClosing();
      return send("DISCONNECT", false, List.of(new WebSocketEvent.Disconnect()));
    }

    /**
     * A keep-alive request: an empty body, as Pushpin sends every {@code Keep-Alive-Interval}
     * when nothing else happened.
     */
    public WebSocketReply keepAlive() {
      requireOpen();
      return send("keep-alive (empty body)", false, List.of());
    }

    /**
     * Sends this exact body, whatever it holds and whatever the connection's state (a golden
     * fixture, a malformed body). The answer is followed as for any request; a body starting
     * with OPEN is taken as opening the connection.
     */
    public WebSocketReply sendBody(byte[] body) {
      Objects.requireNonNull(body, "body == null");
      boolean opening;
      try {
        List<WebSocketEvent> events = WebSocketEvents.decode(body);
        opening = !events.isEmpty() && events.get(0) instanceof WebSocketEvent.Open;
      } catch (WebSocketProtocolException e) {
        opening = false;
      }
      return exchange("body \"" + Wire.show(body, 120) + "\"", opening, body, false);
    }

    private WebSocketReply send(String what, boolean opening, List<WebSocketEvent> events) {
      boolean clientCloses = events.stream().anyMatch(
          e -> e instanceof WebSocketEvent.Close || e instanceof WebSocketEvent.Disconnect);
      return exchange(what, opening, Wire.encode(events), clientCloses);
    }

    private WebSocketReply exchange(String what, boolean opening, byte[] body,
        boolean clientCloses) {
      String request = what + " on connection " + id;
      Map<String, String> requestHeaders = requestHeaders();
      Answer answer;
      try {
        answer = WebSocketDriver.this.exchange(request, requestHeaders, body);
      } catch (AssertionError e) {
        state = State.FAILED;
        why = String.valueOf(e.getMessage());
        throw e;
      }
      WebSocketReply reply = new WebSocketReply(request, opening, grip, requestHeaders, body,
          answer.status(), answer.headers(), answer.body());
      follow(reply, opening, clientCloses);
      return reply;
    }

    private Map<String, String> requestHeaders() {
      Map<String, String> out = new LinkedHashMap<>();
      out.put("Sec-WebSocket-Extensions", "grip");
      if (issuer != null && key != null) {
        long exp = clock.instant().getEpochSecond() + 3600;
        out.put("Grip-Sig", Hs256.sign(issuer, exp, key));
      }
      out.put("Grip-Feature", GRIP_FEATURE);
      out.put("Accept", Wire.CONTENT_TYPE);
      out.put("Connection-Id", id);
      out.put("Content-Type", Wire.CONTENT_TYPE);
      meta.forEach((name, value) -> out.put("Meta-" + name, value));
      for (Map.Entry<String, String> header : headers) {
        out.keySet().removeIf(name -> name.equalsIgnoreCase(header.getKey()));
        out.put(header.getKey(), header.getValue());
      }
      return out;
    }

    private void follow(WebSocketReply reply, boolean opening, boolean clientCloses) {
      String failure = reply.failure();
      if (failure != null) {
        state = State.FAILED;
        why = failure;
        return;
      }
      if (opening) {
        if (reply.isRejected()) {
          state = State.CLOSED;
          why = "rejected with " + reply.status();
          return;
        }
        state = State.OPEN;
        grip = reply.hasGripExtension();
      }
      reply.metaChanges().forEach((name, value) -> {
        meta.keySet().removeIf(n -> n.equalsIgnoreCase(name));
        if (!value.isEmpty()) {
          meta.put(name, value);
        }
      });
      WebSocketEvent.Close close = reply.closeEvent();
      if (reply.isDisconnected()) {
        state = State.CLOSED;
        why = "the handler sent DISCONNECT";
      } else if (clientCloses) {
        state = State.CLOSED;
        why = "the client closed it";
      } else if (close != null) {
        state = State.CLOSING;
        why = "the handler sent " + close;
      }
    }

    private void requireOpen() {
      if (state == State.NEW) {
        throw new IllegalStateException(
            "connection " + id + " is not open: call open() first (Pushpin sends OPEN first)");
      }
      if (state == State.CLOSING) {
        throw new IllegalStateException("connection " + id + " is closing (" + why
            + "): Pushpin forwards only the client's close reply, close(...) or disconnect()");
      }
      requireNotEnded();
    }

    private void requireOpenOrClosing() {
      if (state == State.NEW) {
        throw new IllegalStateException(
            "connection " + id + " is not open: call open() first (Pushpin sends OPEN first)");
      }
      requireNotEnded();
    }

    private void requireNotEnded() {
      if (state == State.CLOSED) {
        throw new IllegalStateException("connection " + id + " is closed: " + why);
      }
      if (state == State.FAILED) {
        throw new IllegalStateException("connection " + id
            + " is gone: Pushpin drops a connection after an answer it cannot take (" + why + ")");
      }
    }

    @Override
    public String toString() {
      return "Connection[" + id + ", " + state + ", meta=" + meta + "]";
    }
  }
}
