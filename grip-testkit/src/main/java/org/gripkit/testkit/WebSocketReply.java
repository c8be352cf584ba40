package org.gripkit.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.util.Set;
import java.util.TreeMap;
import org.gripkit.WebSocketEvent;
import org.gripkit.WebSocketEvents;
import org.gripkit.WebSocketProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * What a handler answered to one WebSocket-over-HTTP request of a {@link
 * WebSocketDriver.Connection}, read the way Pushpin reads it: the status, the headers, the
 * events, and from them the messages to the client (without their {@code m:} prefix), the
 * control messages (subscribe, keep-alive, ...), the close, and the {@code Set-Meta-*} and
 * {@code Keep-Alive-Interval} headers.
 *
 * <p>An answer Pushpin would not take has a {@link #failure()}: a status other than 200 to any
 * request but OPEN, a {@code Content-Type} that is not exactly {@code
 * application/websocket-events}, a body that does not decode, an answer to OPEN that does not
 * start with OPEN, an OPEN in any other answer, and, once the grip extension is on, a message
 * without the {@code m:} prefix or a control message Pushpin would ignore (both silently
 * dropped by the real proxy). Every {@code assert} method fails on such an answer first, with
 * the reason and the answer in the message; so does any assertion but {@link
 * #assertRejected(int)} on a rejected OPEN.
 *
 * <pre>{@code
 * connection.open()
 *     .assertAccepted()
 *     .assertSubscribed("room-alpha")
 *     .assertKeepAlive("{}", Duration.ofSeconds(20));
 * connection.sendText("hi").assertTexts("echo: hi");
 * }</pre>
 *
 * <p>Immutable; the assertions throw {@link AssertionError}.
 */
public final class WebSocketReply {
  /** Strict as Pushpin's JSON reader: trailing data makes the message invalid. */
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final String SET_META = "set-meta-";
  private static final Set<String> CONTROL_TYPES = Set.of("subscribe", "unsubscribe", "detach",
      "session", "keep-alive", "send-delayed", "flush-delayed", "set-meta");

  private final String request;
  private final boolean opening;
  private final Map<String, String> requestHeaders;
  private final byte[] requestBody;
  private final int status;
  private final Map<String, String> headers;
  private final byte[] body;

  private final List<WebSocketEvent> events = new ArrayList<>();
  private final List<WebSocketEvent> messages = new ArrayList<>();
  private final List<ControlMessage> controls = new ArrayList<>();
  private final List<byte[]> pings = new ArrayList<>();
  private final List<byte[]> pongs = new ArrayList<>();
  private final Map<String, String> metaChanges = new LinkedHashMap<>();
  private WebSocketEvent.@Nullable Close close;
  private boolean disconnected;
  private @Nullable Duration keepAliveInterval;
  private final boolean gripExtension;
  private @Nullable String failure;

  WebSocketReply(String request, boolean opening, boolean gripBefore,
      Map<String, String> requestHeaders, byte[] requestBody,
      int status, List<Map.Entry<String, String>> headers, byte[] body) {
    this.request = request;
    this.opening = opening;
    this.requestHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(requestHeaders));
    this.requestBody = requestBody.clone();
    this.status = status;
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> header : headers) {
      h.putIfAbsent(header.getKey(), header.getValue());
      String lower = header.getKey().toLowerCase(Locale.ROOT);
      if (lower.startsWith(SET_META) && lower.length() > SET_META.length()) {
        metaChanges.putIfAbsent(header.getKey().substring(SET_META.length()), header.getValue());
      }
    }
    this.headers = Collections.unmodifiableMap(h);
    this.body = body.clone();
    this.gripExtension = opening ? offersGrip(h.get("Sec-WebSocket-Extensions")) : gripBefore;
    read();
  }

  private static boolean offersGrip(@Nullable String extensions) {
    if (extensions == null) {
      return false;
    }
    for (String extension : extensions.split(",")) {
      int semicolon = extension.indexOf(';');
      String name = (semicolon < 0 ? extension : extension.substring(0, semicolon)).strip();
      if (name.equalsIgnoreCase("grip")) {
        return true;
      }
    }
    return false;
  }

  /** Reads the answer as Pushpin does, stopping at the first thing it would not take. */
  private void read() {
    if (opening && status != 200) {
      return; // a rejection: Pushpin fails the client's handshake with this status
    }
    if (status != 200) {
      failure = "status " + status + ", not 200: Pushpin fails the connection on any other status";
      return;
    }
    String contentType = headers.get("Content-Type");
    if (!Wire.CONTENT_TYPE.equals(contentType)) {
      failure = (contentType == null ? "no Content-Type" : "Content-Type \"" + contentType + "\"")
          + ", not exactly \"" + Wire.CONTENT_TYPE + "\": Pushpin "
          + (opening ? "gives the client a plain HTTP 200 instead of a WebSocket"
              : "fails the connection")
          + (contentType != null && contentType.contains("charset")
              ? " (write the body with getOutputStream(), never getWriter() or"
                  + " setCharacterEncoding())"
              : "");
      return;
    }
    String interval = headers.get("Keep-Alive-Interval");
    if (interval != null) {
      if (!interval.matches("[0-9]{1,9}") || Integer.parseInt(interval) == 0) {
        failure = "Keep-Alive-Interval \"" + interval + "\" is not a positive number of seconds";
        return;
      }
      keepAliveInterval = Duration.ofSeconds(Integer.parseInt(interval));
    }
    try {
      events.addAll(WebSocketEvents.decode(body));
    } catch (WebSocketProtocolException e) {
      failure = "the body is not WebSocket-over-HTTP: " + e.getMessage();
      return;
    }
    int first = 0;
    if (opening) {
      if (events.isEmpty() || !(events.get(0) instanceof WebSocketEvent.Open)) {
        failure = "the answer to OPEN does not start with OPEN, which accepts the connection";
        return;
      }
      first = 1;
    }
    for (int i = first; i < events.size() && failure == null; i++) {
      event(events.get(i), i);
    }
  }

  private void event(WebSocketEvent event, int index) {
    String at = "event #" + (index + 1) + " (" + event.type() + ")";
    if (close != null || disconnected) {
      failure = at + " comes after " + (close != null ? "CLOSE" : "DISCONNECT")
          + ": nothing can be sent on a closed connection";
      return;
    }
    switch (event.type()) {
      case OPEN -> failure = at + ": OPEN in an answer to a request that is not OPEN makes"
          + " Pushpin drop the connection";
      case TEXT -> text(((WebSocketEvent.Text) event).content(), at);
      case BINARY -> binary(((WebSocketEvent.Binary) event).content(), at);
      case PING -> pings.add(((WebSocketEvent.Ping) event).content());
      case PONG -> pongs.add(((WebSocketEvent.Pong) event).content());
      case CLOSE -> close = (WebSocketEvent.Close) event;
      case DISCONNECT -> disconnected = true;
    }
  }

  private void text(String content, String at) {
    if (!gripExtension) {
      messages.add(new WebSocketEvent.Text(content));
    } else if (content.startsWith("m:")) {
      messages.add(new WebSocketEvent.Text(content.substring(2)));
    } else if (content.startsWith("c:")) {
      control(content.substring(2), at);
    } else {
      failure = at + " \"" + Wire.show(content.getBytes(StandardCharsets.UTF_8), 60)
          + "\" has neither the m: nor the c: prefix: Pushpin drops it without a word";
    }
  }

  private void binary(byte[] content, String at) {
    if (!gripExtension) {
      messages.add(new WebSocketEvent.Binary(content));
    } else if (content.length >= 2 && content[0] == 'm' && content[1] == ':') {
      messages.add(new WebSocketEvent.Binary(Arrays.copyOfRange(content, 2, content.length)));
    } else {
      failure = at + " " + Wire.show(content, 60)
          + " has no m: prefix: Pushpin drops it without a word";
    }
  }

  private void control(String json, String at) {
    String problem;
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (java.io.IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      problem = "is not a JSON object";
    } else if (!node.path("type").isTextual()) {
      problem = "has no type";
    } else if (!CONTROL_TYPES.contains(node.get("type").textValue())) {
      problem = "has an unknown type";
    } else if (node.get("type").textValue().equals("set-meta")
        && (!node.path("name").isTextual() || node.get("name").textValue().isEmpty())) {
      problem = "is set-meta without a name";
    } else if (node.get("type").textValue().endsWith("subscribe")
        && (!node.path("channel").isTextual() || node.get("channel").textValue().isEmpty())) {
      problem = "has no channel";
    } else {
      Map<String, String> fields = new LinkedHashMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(),
          e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
      controls.add(new ControlMessage(node.get("type").textValue(), fields, json));
      return;
    }
    failure = at + " control message " + json + " " + problem
        + ": Pushpin ignores it without a word";
  }

  // --- what was asked ---

  /** The request this answers, for example {@code TEXT "hi" on connection 3f2a...}. */
  public String request() {
    return request;
  }

  /** The headers the driver sent, in order. */
  public Map<String, String> requestHeaders() {
    return requestHeaders;
  }

  /** A copy of the body the driver sent. */
  public byte[] requestBody() {
    return requestBody.clone();
  }

  // --- the raw answer ---

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The response headers, first value of each, looked up ignoring case. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The response header of that name (any case), or null. */
  public @Nullable String header(String name) {
    Objects.requireNonNull(name, "name == null");
    return headers.get(name);
  }

  /** A copy of the response body. */
  public byte[] body() {
    return body.clone();
  }

  /** The response body as UTF-8 text (for a rejection, its reason). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Every event of the body as decoded, prefixes and all; empty for a failure or rejection. */
  public List<WebSocketEvent> events() {
    return Collections.unmodifiableList(events);
  }

  // --- what it means ---

  /**
   * Why Pushpin would not take this answer, or null when it would. A rejection of an OPEN is
   * not a failure.
   */
  public @Nullable String failure() {
    return failure;
  }

  /** Whether this answers an OPEN and accepts the connection. */
  public boolean isAccepted() {
    return opening && status == 200 && failure == null;
  }

  /** Whether this answers an OPEN with a status other than 200: the handshake fails. */
  public boolean isRejected() {
    return opening && status != 200;
  }

  /**
   * Whether the connection has the grip extension: the OPEN answer carried {@code
   * Sec-WebSocket-Extensions: grip}. Without it Pushpin passes {@code c:} and {@code m:}
   * through to the client as text, and the driver reads them so.
   */
  public boolean hasGripExtension() {
    return gripExtension;
  }

  /**
   * The messages to the client, in order: {@link WebSocketEvent.Text} and {@link
   * WebSocketEvent.Binary}, without the {@code m:} prefix.
   */
  public List<WebSocketEvent> messages() {
    return Collections.unmodifiableList(messages);
  }

  /** The text messages to the client, in order, without the {@code m:} prefix. */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    for (WebSocketEvent m : messages) {
      if (m instanceof WebSocketEvent.Text t) {
        out.add(t.content());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Copies of the binary messages to the client, in order, without the {@code m:} prefix. */
  public List<byte[]> binaries() {
    List<byte[]> out = new ArrayList<>();
    for (WebSocketEvent m : messages) {
      if (m instanceof WebSocketEvent.Binary b) {
        out.add(b.content());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The control messages, in order. */
  public List<ControlMessage> controlMessages() {
    return Collections.unmodifiableList(controls);
  }

  /** The channels subscribed to, in order. */
  public List<String> subscribed() {
    return channels("subscribe");
  }

  /** The channels unsubscribed from, in order. */
  public List<String> unsubscribed() {
    return channels("unsubscribe");
  }

  private List<String> channels(String type) {
    List<String> out = new ArrayList<>();
    for (ControlMessage c : controls) {
      if (c.type().equals(type)) {
        out.add(Objects.requireNonNull(c.field("channel")));
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The last {@code keep-alive} control message, or null when there is none. */
  public @Nullable ControlMessage keepAliveMessage() {
    ControlMessage last = null;
    for (ControlMessage c : controls) {
      if (c.type().equals("keep-alive")) {
        last = c;
      }
    }
    return last;
  }

  /** Copies of the payloads of the PINGs the handler sent the client. */
  public List<byte[]> pings() {
    return copies(pings);
  }

  /** Copies of the payloads of the PONGs, in order (answers to the client's PINGs). */
  public List<byte[]> pongs() {
    return copies(pongs);
  }

  private static List<byte[]> copies(List<byte[]> list) {
    List<byte[]> out = new ArrayList<>();
    list.forEach(b -> out.add(b.clone()));
    return Collections.unmodifiableList(out);
  }

  /** The CLOSE event the handler sent, or null. */
  public WebSocketEvent.@Nullable Close closeEvent() {
    return close;
  }

  /** Whether the handler dropped the connection (DISCONNECT). */
  public boolean isDisconnected() {
    return disconnected;
  }

  /**
   * The {@code Set-Meta-*} headers: meta name as the handler spelled it, to its value; an
   * empty value removes the meta.
   */
  public Map<String, String> metaChanges() {
    return Collections.unmodifiableMap(metaChanges);
  }

  /** The {@code Keep-Alive-Interval} asked for, or null. */
  public @Nullable Duration keepAliveInterval() {
    return keepAliveInterval;
  }

  // --- assertions ---

  /**
   * Asserts that Pushpin would take this answer: no {@link #failure()}, and not a rejection.
   */
  public WebSocketReply assertOk() {
    if (failure != null) {
      throw fail("Pushpin would not take this answer: " + failure);
    }
    if (isRejected()) {
      throw fail("the connection was rejected with " + status + " \""
          + Wire.show(body, 200) + "\"");
    }
    return this;
  }

  /** Asserts that this answers an OPEN and accepts the connection. */
  public WebSocketReply assertAccepted() {
    if (!opening) {
      throw fail("assertAccepted() on the answer to a request that is not OPEN");
    }
    return assertOk();
  }

  /** Asserts that this answers an OPEN and rejects it with {@code status}. */
  public WebSocketReply assertRejected(int status) {
    if (!opening) {
      throw fail("assertRejected() on the answer to a request that is not OPEN");
    }
    if (this.status == 200) {
      throw fail(failure == null
          ? "expected a rejection with " + status + ", but the connection was accepted"
          : "expected a rejection with " + status + ", but got an answer Pushpin would not take: "
              + failure);
    }
    if (this.status != status) {
      throw fail("expected a rejection with " + status + ", but the status is " + this.status);
    }
    return this;
  }

  /** Asserts that the handler subscribed to exactly these channels, in this order. */
  public WebSocketReply assertSubscribed(String... channels) {
    assertOk();
    check("subscriptions", List.of(channels), subscribed());
    return this;
  }

  /** Asserts that the handler unsubscribed from exactly these channels, in this order. */
  public WebSocketReply assertUnsubscribed(String... channels) {
    assertOk();
    check("unsubscriptions", List.of(channels), unsubscribed());
    return this;
  }

  /** Asserts that the text messages to the client are exactly these, in this order. */
  public WebSocketReply assertTexts(String... texts) {
    assertOk();
    check("text messages", List.of(texts), texts());
    return this;
  }

  /** Asserts that the binary messages to the client are exactly these, in this order. */
  public WebSocketReply assertBinaries(byte[]... binaries) {
    assertOk();
    List<String> expected = new ArrayList<>();
    for (byte[] b : binaries) {
      expected.add(Wire.show(b, 200));
    }
    List<String> actual = new ArrayList<>();
    binaries().forEach(b -> actual.add(Wire.show(b, 200)));
    boolean equal = binaries.length == binaries().size();
    for (int i = 0; equal && i < binaries.length; i++) {
      equal = Arrays.equals(binaries[i], binaries().get(i));
    }
    if (!equal) {
      throw fail("expected binary messages " + expected + ", but got " + actual);
    }
    return this;
  }

  /** Asserts that nothing is sent to the client: no text or binary message. */
  public WebSocketReply assertNoMessages() {
    assertOk();
    if (!messages.isEmpty()) {
      throw fail("expected no messages, but got " + messages);
    }
    return this;
  }

  /**
   * Asserts that the handler asked for text keep-alives: a {@code keep-alive} control message
   * with this {@code content} and {@code timeout}.
   */
  public WebSocketReply assertKeepAlive(String content, Duration timeout) {
    Objects.requireNonNull(content, "content == null");
    Objects.requireNonNull(timeout, "timeout == null");
    assertOk();
    ControlMessage keepAlive = keepAliveMessage();
    if (keepAlive == null) {
      throw fail("expected a keep-alive control message, but there is none");
    }
    if (!content.equals(keepAlive.field("content"))
        || !String.valueOf(timeout.getSeconds()).equals(keepAlive.field("timeout"))) {
      throw fail("expected a keep-alive with content \"" + content + "\" and timeout "
          + timeout.getSeconds() + ", but got " + keepAlive.json());
    }
    return this;
  }

  /** Asserts that the handler closed the connection with this code, whatever the reason. */
  public WebSocketReply assertClosed(int code) {
    assertOk();
    if (close == null) {
      throw fail("expected a CLOSE with code " + code + ", but there is none");
    }
    if (close.code() != code) {
      throw fail("expected a CLOSE with code " + code + ", but got " + close);
    }
    return this;
  }

  /** Asserts that the handler closed the connection with this code and reason. */
  public WebSocketReply assertClosed(int code, String reason) {
    Objects.requireNonNull(reason, "reason == null");
    assertClosed(code);
    if (!Objects.requireNonNull(close).reason().equals(reason)) {
      throw fail("expected a CLOSE with code " + code + " and reason \"" + reason
          + "\", but got " + close);
    }
    return this;
  }

  /** Asserts that the handler dropped the connection with DISCONNECT. */
  public WebSocketReply assertDisconnected() {
    assertOk();
    if (!disconnected) {
      throw fail("expected a DISCONNECT, but there is none");
    }
    return this;
  }

  /** Asserts a {@code Set-Meta-<name>: value} header (name in any case). */
  public WebSocketReply assertMetaSet(String name, String value) {
    Objects.requireNonNull(value, "value == null");
    assertOk();
    String actual = metaChange(name);
    if (actual == null || actual.isEmpty() || !actual.equals(value)) {
      throw fail("expected meta " + name + " set to \"" + value + "\", but the meta changes are "
          + metaChanges);
    }
    return this;
  }

  /** Asserts an empty {@code Set-Meta-<name>} header, which removes the meta. */
  public WebSocketReply assertMetaRemoved(String name) {
    assertOk();
    String actual = metaChange(name);
    if (actual == null || !actual.isEmpty()) {
      throw fail("expected meta " + name + " removed (an empty Set-Meta-" + name
          + "), but the meta changes are " + metaChanges);
    }
    return this;
  }

  private @Nullable String metaChange(String name) {
    Objects.requireNonNull(name, "name == null");
    for (Map.Entry<String, String> e : metaChanges.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Asserts a {@code Keep-Alive-Interval} header of that many seconds. */
  public WebSocketReply assertKeepAliveInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval == null");
    assertOk();
    if (!interval.equals(keepAliveInterval)) {
      throw fail("expected Keep-Alive-Interval " + interval.getSeconds() + ", but got "
          + (keepAliveInterval == null ? "none" : keepAliveInterval.getSeconds()));
    }
    return this;
  }

  private void check(String what, List<String> expected, List<String> actual) {
    if (!expected.equals(actual)) {
      throw fail("expected " + what + " " + expected + ", but got " + actual);
    }
  }

  private AssertionError fail(String message) {
    return new AssertionError(message + "\n  request: " + request + "\n  answer:  " + this);
  }

  /** The status, the headers and the body, escaped: what assertion messages show. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder().append(status);
    headers.forEach((name, value) -> out.append(", ").append(name).append(": ").append(value));
    return out.append(", body \"").append(Wire.show(body)).append('"').toString();
  }
}
