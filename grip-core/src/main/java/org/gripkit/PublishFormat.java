package org.gripkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PublishItem} delivers to one kind of subscriber: a WebSocket message, a chunk of
 * an HTTP stream, or a whole HTTP response to a long-poll. An item carries at most one format
 * of each kind, and Pushpin uses the one that fits each subscriber.
 *
 * <p>Formats are immutable values made by checked static factories; they compare by content and
 * hold bytes by copy. Each maps to one entry of the item's {@code formats} object in the <a
 * href="https://pushpin.org/docs/usage/#publishing">Pushpin publish format</a>:
 *
 * <pre>
 *   WsMessage.text("hi")                 "ws-message":    {"content":"hi"}
 *   WsMessage.binary({0, 1, 2})          "ws-message":    {"content-bin":"AAEC"}
 *   WsMessage.close(1009)                "ws-message":    {"action":"close","code":1009}
 *   WsMessage.close(4000, "bye")         "ws-message":    {"action":"close","code":4000,"reason":"bye"}
 *   WsMessage.refresh()                  "ws-message":    {"action":"refresh"}
 *   HttpStream.text("data\n")            "http-stream":   {"content":"data\n"}
 *   HttpStream.close()                   "http-stream":   {"action":"close"}
 *   HttpStream.hint()                    "http-stream":   {"action":"hint"}
 *   HttpResponse.of("")                  "http-response": {"body":""}
 *   HttpResponse.of({0xFF, 0xFE})        "http-response": {"body-bin":"//4="}
 *   HttpResponse.hint()                  "http-response": {"action":"hint"}
 * </pre>
 *
 * <p>The actions other than sending content, from Pushpin's {@code src/handler}: a close ends
 * the subscribers' connections or streams; a <em>hint</em> says "something was published" without
 * the content, and the proxy fetches it from the origin (a long-poll's request is made again, a
 * stream follows its next link); a <em>refresh</em> makes the proxy send each subscribed
 * WebSocket-over-HTTP connection's next request to the origin now. Pushpin has no hint for
 * WebSockets and no close for long-polls (the format says so by having no such factory).
 */
public sealed interface PublishFormat
    permits PublishFormat.WsMessage, PublishFormat.HttpStream, PublishFormat.HttpResponse {

  /** The format's key in the publish JSON: {@code ws-message}, {@code http-stream} or
   * {@code http-response}. */
  String key();

  /**
   * A message to WebSocket subscribers, the close action that ends their connections, or the
   * refresh action.
   *
   * <p>Text goes out as {@code content}, bytes as base64 {@code content-bin}. A close carries
   * its status code unless made with {@link #close()}, and its reason when not empty; the client
   * gets both (Pushpin 1.27 or later for the reason).
   */
  final class WsMessage implements PublishFormat {
    private static final WsMessage REFRESH = new WsMessage(null);

    private final @Nullable WebSocketEvent message;

    private WsMessage(@Nullable WebSocketEvent message) {
      this.message = message;
    }

    /** A text message. */
    public static WsMessage text(String content) {
      Objects.requireNonNull(content, "content == null");
      PublishChecks.wellFormed("content", content);
      return new WsMessage(new WebSocketEvent.Text(content));
    }

    /** A binary message; the bytes are copied. */
    public static WsMessage binary(byte[] content) {
      Objects.requireNonNull(content, "content == null");
      return new WsMessage(new WebSocketEvent.Binary(content));
    }

    /** Closes subscribers' connections without a status code: {@code {"action":"close"}}. */
    public static WsMessage close() {
      return new WsMessage(WebSocketEvent.Close.withoutCode());
    }

    /**
     * Closes subscribers' connections with a status code.
     *
     * @throws IllegalArgumentException if the code is not one an endpoint may send: outside
     *     1000..4999, or 1004, 1005, 1006 or 1015 (RFC 6455 section 7.4)
     */
    public static WsMessage close(int code) {
      return close(code, "");
    }

    /**
     * Closes subscribers' connections with a status code and a reason.
     *
     * @throws IllegalArgumentException if the code is not one an endpoint may send, or the
     *     reason is longer than the 123 UTF-8 bytes a close frame has room for
     */
    public static WsMessage close(int code, String reason) {
      Objects.requireNonNull(reason, "reason == null");
      checkCloseCode(code);
      PublishChecks.wellFormed("reason", reason);
      int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > 123) {
        throw new IllegalArgumentException(
            "close reason is " + bytes + " bytes in UTF-8, more than 123");
      }
      return new WsMessage(new WebSocketEvent.Close(code, reason));
    }

    /**
     * The refresh action, {@code {"action":"refresh"}}: the proxy makes the next
     * WebSocket-over-HTTP request of every connection subscribed to the channel now (an empty
     * one when the client has sent nothing), so that the origin can answer each with what is
     * new for it, or change its subscriptions or meta. Connections that are not
     * WebSocket-over-HTTP ignore it. Pushpin 1.31 or later.
     */
    public static WsMessage refresh() {
      return REFRESH;
    }

    /**
     * The message as an event: a {@link WebSocketEvent.Text}, a {@link WebSocketEvent.Binary}
     * or a {@link WebSocketEvent.Close} (whose {@link WebSocketEvent.Close#hasCode()} is false
     * for {@link #close()}); null for {@link #refresh()}.
     */
    public @Nullable WebSocketEvent message() {
      return message;
    }

    /** Whether this is the {@link #refresh()} action. */
    public boolean isRefresh() {
      return message == null;
    }

    @Override
    public String key() {
      return "ws-message";
    }

    private static void checkCloseCode(int code) {
      if (code < 1000 || code > 4999 || code == 1004 || code == 1005 || code == 1006
          || code == 1015) {
        throw new IllegalArgumentException("not a close code an endpoint may send: " + code);
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof WsMessage other && Objects.equals(message, other.message);
    }

    @Override
    public int hashCode() {
      return Objects.hashCode(message);
    }

    @Override
    public String toString() {
      return "WsMessage[" + (message == null ? "refresh" : message) + "]";
    }
  }

  /**
   * A chunk of data for HTTP streaming subscribers, the close action that ends their responses,
   * or the hint action.
   */
  final class HttpStream implements PublishFormat {
    private static final HttpStream CLOSE = new HttpStream(null, new byte[0], true, false);
    private static final HttpStream HINT = new HttpStream(null, new byte[0], false, true);

    private final @Nullable String text;
    private final byte[] content;
    private final boolean close;
    private final boolean hint;

    private HttpStream(@Nullable String text, byte[] content, boolean close, boolean hint) {
      this.text = text;
      this.content = content;
      this.close = close;
      this.hint = hint;
    }

    /** Text to append to the streams, sent as {@code content}. */
    public static HttpStream text(String content) {
      Objects.requireNonNull(content, "content == null");
      PublishChecks.wellFormed("content", content);
      return new HttpStream(content, content.getBytes(StandardCharsets.UTF_8), false, false);
    }

    /** Bytes to append to the streams, sent as base64 {@code content-bin}; copied. */
    public static HttpStream binary(byte[] content) {
      Objects.requireNonNull(content, "content == null");
      return new HttpStream(null, content.clone(), false, false);
    }

    /** Ends the subscribers' streaming responses: {@code {"action":"close"}}. */
    public static HttpStream close() {
      return CLOSE;
    }

    /**
     * The hint action, {@code {"action":"hint"}}: the item carries no content; each stream
     * subscribed to the channel follows its next link ({@link GripInstruct.Builder#nextLink})
     * at once and appends the origin's answer. For a stream hold with a next link; a stream
     * without one ignores the hint.
     */
    public static HttpStream hint() {
      return HINT;
    }

    /** Whether this is the close action. */
    public boolean isClose() {
      return close;
    }

    /** Whether this is the {@link #hint()} action. */
    public boolean isHint() {
      return hint;
    }

    /**
     * The text given to {@link #text(String)}, or null for bytes and for the close and hint
     * actions.
     */
    public @Nullable String text() {
      return text;
    }

    /** A copy of the content bytes (UTF-8 for text); empty for the close and hint actions. */
    public byte[] content() {
      return content.clone();
    }

    byte[] contentNoCopy() {
      return content;
    }

    @Override
    public String key() {
      return "http-stream";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HttpStream other
          && close == other.close
          && hint == other.hint
          && Objects.equals(text, other.text)
          && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
      return Objects.hash(close, hint, text, Arrays.hashCode(content));
    }

    @Override
    public String toString() {
      if (close) {
        return "HttpStream[close]";
      }
      if (hint) {
        return "HttpStream[hint]";
      }
      return "HttpStream[" + (text != null ? '"' + text + '"' : Bytes.describe(content)) + "]";
    }
  }

  /**
   * A whole HTTP response for long-polling subscribers: status code, reason, headers and body.
   *
   * <p>The body is always sent, as {@code "body":""} when empty (Pushpin refuses a response
   * without one); text goes out as {@code body}, bytes as base64 {@code body-bin}. The code is
   * sent only when it is not 200, the reason and headers only when set; Pushpin fills in the
   * standard reason for the code. Or the {@link #hint()} action, which carries none of them.
   */
  final class HttpResponse implements PublishFormat {
    private static final HttpResponse HINT = new HttpResponse(new Builder(), true);

    private final int code;
    private final String reason;
    private final List<Map.Entry<String, String>> headers;
    private final @Nullable String text;
    private final byte[] body;
    private final boolean hint;

    private HttpResponse(Builder builder, boolean hint) {
      this.code = builder.code;
      this.reason = builder.reason;
      this.headers = List.copyOf(builder.headers);
      this.text = builder.text;
      this.body = builder.body;
      this.hint = hint;
    }

    /** A 200 response with a text body, possibly empty. */
    public static HttpResponse of(String body) {
      return builder().body(body).build();
    }

    /** A 200 response with a binary body, possibly empty; the bytes are copied. */
    public static HttpResponse of(byte[] body) {
      return builder().body(body).build();
    }

    /** A builder for a 200 response with an empty body. */
    public static Builder builder() {
      return new Builder();
    }

    /**
     * The hint action, {@code {"action":"hint"}}: the item carries no response; the proxy makes
     * each long-poll subscribed to the channel again to the origin (with {@code Grip-Last} for
     * its channels with a prev-id), and the origin's answer is what the client gets. Its
     * accessors give a 200 with an empty body.
     */
    public static HttpResponse hint() {
      return HINT;
    }

    /** Whether this is the {@link #hint()} action. */
    public boolean isHint() {
      return hint;
    }

    /** The status code, 200 unless set. */
    public int code() {
      return code;
    }

    /** The reason phrase; empty means Pushpin's standard one for the code. */
    public String reason() {
      return reason;
    }

    /** The headers as name and value pairs, in the order given; a name may repeat. */
    public List<Map.Entry<String, String>> headers() {
      return headers;
    }

    /** The text body given to the builder, or null for a binary body. */
    public @Nullable String text() {
      return text;
    }

    /** A copy of the body bytes (UTF-8 for a text body). */
    public byte[] body() {
      return body.clone();
    }

    byte[] bodyNoCopy() {
      return body;
    }

    @Override
    public String key() {
      return "http-response";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof HttpResponse other
          && hint == other.hint
          && code == other.code
          && reason.equals(other.reason)
          && headers.equals(other.headers)
          && Objects.equals(text, other.text)
          && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
      return Objects.hash(hint, code, reason, headers, text, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
      if (hint) {
        return "HttpResponse[hint]";
      }
      return "HttpResponse[" + code + (reason.isEmpty() ? "" : " " + reason) + ", headers="
          + headers + ", body=" + (text != null ? '"' + text + '"' : Bytes.describe(body)) + "]";
    }

    /** Builds an {@link HttpResponse}; not thread-safe. */
    public static final class Builder {
      private int code = 200;
      private String reason = "";
      private final List<Map.Entry<String, String>> headers = new ArrayList<>();
      private @Nullable String text = "";
      private byte[] body = new byte[0];

      private Builder() {}

      /**
       * Sets the status code.
       *
       * @throws IllegalArgumentException outside 100..999, the three-digit codes
       */
      public Builder code(int code) {
        if (code < 100 || code > 999) {
          throw new IllegalArgumentException("status code out of range 100..999: " + code);
        }
        this.code = code;
        return this;
      }

      /**
       * Sets the reason phrase; empty for the standard one.
       *
       * @throws IllegalArgumentException if it contains CR, LF or another control character
       */
      public Builder reason(String reason) {
        Objects.requireNonNull(reason, "reason == null");
        PublishChecks.noControl("reason", reason);
        this.reason = PublishChecks.wellFormed("reason", reason);
        return this;
      }

      /**
       * Adds a header; calling it twice with one name sends both.
       *
       * @throws IllegalArgumentException if the name is not an HTTP token, or the value
       *     contains CR, LF or another control character
       */
      public Builder header(String name, String value) {
        Objects.requireNonNull(name, "name == null");
        Objects.requireNonNull(value, "value == null");
        if (name.isEmpty()) {
          throw new IllegalArgumentException("header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
          if (!isTokenChar(name.charAt(i))) {
            throw new IllegalArgumentException("header name is not a token: \"" + name + "\"");
          }
        }
        PublishChecks.noControl("header " + name, value);
        PublishChecks.wellFormed("header " + name, value);
        headers.add(Map.entry(name, value));
        return this;
      }

      /** Sets a text body, sent as {@code body}. */
      public Builder body(String body) {
        Objects.requireNonNull(body, "body == null");
        PublishChecks.wellFormed("body", body);
        this.text = body;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        return this;
      }

      /** Sets a binary body, sent as base64 {@code body-bin}; the bytes are copied. */
      public Builder body(byte[] body) {
        Objects.requireNonNull(body, "body == null");
        this.text = null;
        this.body = body.clone();
        return this;
      }

      /** The response. */
      public HttpResponse build() {
        return new HttpResponse(this, false);
      }

      /** RFC 9110 section 5.6.2 tchar. */
      private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      }
    }
  }
}
