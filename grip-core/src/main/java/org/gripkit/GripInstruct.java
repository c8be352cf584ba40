package org.gripkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The GRIP instructions of a plain HTTP response: what a GRIP proxy (Pushpin, Fastly Fanout)
 * should do with the client's request once the origin has answered. The origin can ask it to
 * hold the request open as a long-poll ({@link #holdResponse(String, String...)}) or as a
 * stream ({@link #holdStream(String, String...)}), subscribed to channels, so that later
 * publishes of the {@code http-response} or {@code http-stream} format complete or feed it; or,
 * without a hold ({@link #builder()}), set connection meta, a status or a next link.
 *
 * <p>The result is framework-neutral: an ordered map of response {@link #headers()} (each name
 * once; the values are ASCII) and the response {@link #body()}. Write every header and the
 * body into the origin's response, keep the origin's own headers such as {@code Content-Type},
 * and answer with status 200:
 *
 * <pre>{@code
 * GripInstruct instruct = GripInstruct.holdResponse("fruit")
 *     .timeout(Duration.ofSeconds(30))
 *     .body("{\"items\":[]}")
 *     .build();
 * instruct.headers().forEach(response::setHeader);
 * response.getOutputStream().write(instruct.body());
 * }</pre>
 *
 * <p>The headers, in this order, with the section of the protocol that defines each:
 *
 * <ul>
 *   <li>{@code Grip-Hold: response} or {@code stream}: <a
 *       href="https://pushpin.org/docs/protocols/grip/#http">GRIP, HTTP transport</a>. For a
 *       response hold the body is what the client receives if nothing is published before the
 *       timeout; for a stream hold it is sent at once and the stream stays open.
 *   <li>{@code Grip-Channel: apple, banana; prev-id=1; filter=skip-self}: <a
 *       href="https://pushpin.org/docs/protocols/grip/#http">GRIP</a>, filters in <a
 *       href="https://pushpin.org/docs/advanced/">Pushpin advanced</a>, prev-id and next links
 *       in <a href="https://pushpin.org/docs/reliability/">Pushpin reliability</a>.
 *   <li>{@code Grip-Timeout: 30}, seconds, response holds only (<a
 *       href="https://pushpin.org/docs/protocols/grip/#http">GRIP</a>; the proxy's default is 55
 *       and Pushpin raises anything below 5 to 5; a negative value makes Pushpin answer 502).
 *   <li>{@code Grip-Keep-Alive: \n; format=cstring; timeout=20}, stream holds only (<a
 *       href="https://pushpin.org/docs/advanced/#keep-alives">keep-alives</a>); {@code
 *       mode=interval} is added for {@link KeepAliveMode#INTERVAL}.
 *   <li>{@code Grip-Status: 404 Not Found}: the status the client sees instead of the origin's
 *       (<a href="https://pushpin.org/docs/usage/">Pushpin usage</a>).
 *   <li>{@code Grip-Link: </next>; rel=next; timeout=120, </gone>; rel=gone} (<a
 *       href="https://pushpin.org/docs/reliability/">reliability</a>; {@code gone} needs
 *       Pushpin 1.40 or later, older ones ignore it).
 *   <li>{@code Grip-Expose-Headers: Content-Type, ETag}: when present, only the listed headers
 *       of the origin's response reach the client, {@code Content-Type} included (Pushpin
 *       {@code instruct.cpp}; measured with Pushpin 1.36).
 *   <li>{@code Grip-Set-Meta: user="alice", room="alpha"}: connection meta for publish filters;
 *       sent with or without a hold.
 * </ul>
 *
 * <p>Everything that would reach the proxy as something other than what was meant is refused
 * when it is given, with an {@link IllegalArgumentException} naming the value: a channel name
 * or id that is empty or holds {@code , ; " \}, white space or a non-ASCII character (Pushpin
 * would see another list of channels; ids come back unquoted in {@code Grip-Last}); a timeout
 * that is zero, negative or not whole seconds; a link holding {@code , ;}; a meta key or
 * header name that is not a token. The same inputs always give the same headers, so a request
 * that reaches the origin twice (Pushpin repeats the first request for a new channel) gets the
 * same instruction.
 *
 * <p>Instances are immutable and thread-safe; a {@link Builder} is not thread-safe.
 */
public final class GripInstruct {
  /** What the proxy does with the client's request. */
  public enum Hold {
    /** No hold: the response goes to the client as it is (meta, status and links still apply). */
    NONE,
    /** A long-poll: the request is held until a publish completes it or it times out. */
    RESPONSE,
    /** A stream: the body is sent at once and publishes are appended to it. */
    STREAM
  }

  /** How the keep-alive content is written into {@code Grip-Keep-Alive}. */
  public enum KeepAliveFormat {
    /** As it is: only visible ASCII and inner spaces, no {@code ;}. */
    RAW,
    /** Backslash escapes ({@code \\ \r \n \xHH}): any bytes, readable for text. */
    CSTRING,
    /** Base64: any bytes. */
    BASE64
  }

  /** When the proxy sends the keep-alive content. */
  public enum KeepAliveMode {
    /** After the stream has been idle for the timeout (the default). */
    IDLE,
    /** Every timeout, whatever else was sent. */
    INTERVAL
  }

  /**
   * One channel of a hold: its name, the optional id of the last item the client has (so the
   * proxy can tell whether it missed one), and the {@linkplain ChannelFilter filters} to apply
   * to publishes.
   *
   * <p>Names and ids are visible ASCII without {@code , ; " \}.
   *
   * @param name the channel name
   * @param prevId the id of the last item published to the channel that the client has, or
   *     {@code null}
   * @param filters the filters, in order, each at most once (for example {@link
   *     ChannelFilter#SKIP_SELF})
   */
  public record Channel(String name, @Nullable String prevId, List<ChannelFilter> filters) {
    /**
     * @throws IllegalArgumentException if the name or the prev-id is not allowed, or a filter is
     *     given twice
     */
    public Channel {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(filters, "filters == null");
      checkPlain("channel name", name, "");
      if (prevId != null) {
        checkPlain("prev-id", prevId, " of channel \"" + name + "\"");
      }
      filters = ChannelFilter.check(filters, "channel \"" + name + "\"");
    }

    /** A channel without prev-id or filters. */
    public static Channel of(String name) {
      return new Channel(name, null, List.of());
    }

    /** This channel with {@code prevId} as its prev-id. */
    public Channel withPrevId(String prevId) {
      Objects.requireNonNull(prevId, "prevId == null");
      return new Channel(name, prevId, filters);
    }

    /**
     * This channel with {@code filter} added after its other filters.
     *
     * @throws IllegalArgumentException if the channel has that filter already
     */
    public Channel withFilter(ChannelFilter filter) {
      Objects.requireNonNull(filter, "filter == null");
      List<ChannelFilter> more = new ArrayList<>(filters);
      more.add(filter);
      return new Channel(name, prevId, more);
    }
  }

  private final Hold hold;
  private final List<Channel> channels;
  private final Map<String, String> headers;
  private final byte[] body;

  private GripInstruct(Builder builder) {
    this.hold = builder.hold;
    this.channels = List.copyOf(builder.channels.values());
    this.body = builder.body.clone();
    this.headers = Collections.unmodifiableMap(headersOf(builder));
  }

  /**
   * Starts a long-poll instruction: {@code Grip-Hold: response} on the given channels.
   *
   * @throws IllegalArgumentException if a name is not allowed or given twice
   */
  public static Builder holdResponse(String channel, String... moreChannels) {
    return new Builder(Hold.RESPONSE).channels(channel, moreChannels);
  }

  /**
   * Starts a long-poll instruction on channels with prev-ids or filters.
   *
   * @throws IllegalArgumentException if a channel is given twice
   */
  public static Builder holdResponse(Channel channel, Channel... moreChannels) {
    return new Builder(Hold.RESPONSE).channels(channel, moreChannels);
  }

  /**
   * Starts a stream instruction: {@code Grip-Hold: stream} on the given channels.
   *
   * @throws IllegalArgumentException if a name is not allowed or given twice
   */
  public static Builder holdStream(String channel, String... moreChannels) {
    return new Builder(Hold.STREAM).channels(channel, moreChannels);
  }

  /**
   * Starts a stream instruction on channels with prev-ids or filters. A prev-id on a stream
   * hold needs a {@linkplain Builder#nextLink(URI) next link}: Pushpin fails the request
   * otherwise, so {@link Builder#build()} refuses it.
   *
   * @throws IllegalArgumentException if a channel is given twice
   */
  public static Builder holdStream(Channel channel, Channel... moreChannels) {
    return new Builder(Hold.STREAM).channels(channel, moreChannels);
  }

  /**
   * Starts an instruction without a hold, for {@code Grip-Set-Meta}, {@code Grip-Status} or a
   * next link on an ordinary response.
   */
  public static Builder builder() {
    return new Builder(Hold.NONE);
  }

  /** The hold mode; {@link Hold#NONE} for an instruction without a hold. */
  public Hold hold() {
    return hold;
  }

  /** The channels of the hold, in order; empty without a hold. */
  public List<Channel> channels() {
    return channels;
  }

  /**
   * The GRIP response headers, in a fixed order, each name once; unmodifiable. Values are ASCII
   * and hold no line breaks. Empty for an instruction that sets nothing.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /** A copy of the response body; empty when none was given. */
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof GripInstruct that
        && headers.equals(that.headers)
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return 31 * headers.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "GripInstruct{headers=" + headers + ", body=" + Bytes.describe(body) + "}";
  }

  private static Map<String, String> headersOf(Builder b) {
    Map<String, String> out = new LinkedHashMap<>();
    if (b.hold != Hold.NONE) {
      out.put(InstructHeaders.GRIP_HOLD,
          b.hold == Hold.RESPONSE ? InstructHeaders.HOLD_RESPONSE : InstructHeaders.HOLD_STREAM);
      List<String> items = new ArrayList<>();
      for (Channel c : b.channels.values()) {
        StringBuilder item = new StringBuilder(c.name());
        if (c.prevId() != null) {
          param(item, InstructHeaders.PARAM_PREV_ID, c.prevId());
        }
        for (ChannelFilter filter : c.filters()) {
          param(item, InstructHeaders.PARAM_FILTER, filter.wireName());
        }
        items.add(item.toString());
      }
      out.put(InstructHeaders.GRIP_CHANNEL, String.join(InstructHeaders.LIST_SEPARATOR, items));
    }
    if (b.timeoutSeconds != 0) {
      out.put(InstructHeaders.GRIP_TIMEOUT, Long.toString(b.timeoutSeconds));
    }
    if (b.keepAliveContent != null) {
      out.put(InstructHeaders.GRIP_KEEP_ALIVE, keepAliveOf(b, b.keepAliveContent));
    }
    if (b.statusCode != 0) {
      out.put(InstructHeaders.GRIP_STATUS,
          b.statusReason.isEmpty() ? Integer.toString(b.statusCode)
              : b.statusCode + " " + b.statusReason);
    }
    List<String> links = new ArrayList<>();
    if (b.nextLink != null) {
      StringBuilder link = new StringBuilder("<").append(b.nextLink).append('>');
      param(link, InstructHeaders.PARAM_REL, InstructHeaders.REL_NEXT);
      if (b.nextLinkTimeoutSeconds != 0) {
        param(link, InstructHeaders.PARAM_TIMEOUT, Long.toString(b.nextLinkTimeoutSeconds));
      }
      links.add(link.toString());
    }
    if (b.goneLink != null) {
      StringBuilder link = new StringBuilder("<").append(b.goneLink).append('>');
      param(link, InstructHeaders.PARAM_REL, InstructHeaders.REL_GONE);
      links.add(link.toString());
    }
    if (!links.isEmpty()) {
      out.put(InstructHeaders.GRIP_LINK, String.join(InstructHeaders.LIST_SEPARATOR, links));
    }
    if (!b.exposeHeaders.isEmpty()) {
      out.put(InstructHeaders.GRIP_EXPOSE_HEADERS,
          String.join(InstructHeaders.LIST_SEPARATOR, b.exposeHeaders));
    }
    if (!b.meta.isEmpty()) {
      List<String> items = new ArrayList<>();
      b.meta.forEach((key, value) -> items.add(key + "=" + InstructHeaders.quote(value)));
      out.put(InstructHeaders.GRIP_SET_META, String.join(InstructHeaders.LIST_SEPARATOR, items));
    }
    return out;
  }

  private static String keepAliveOf(Builder b, byte[] content) {
    KeepAliveFormat format = b.keepAliveFormat;
    if (format == null) {
      format = InstructHeaders.isRaw(content) ? KeepAliveFormat.RAW
          : InstructHeaders.isText(content) ? KeepAliveFormat.CSTRING
          : KeepAliveFormat.BASE64;
    }
    StringBuilder out = new StringBuilder();
    switch (format) {
      case RAW -> out.append(new String(content, StandardCharsets.US_ASCII));
      case CSTRING -> out.append(InstructHeaders.cstring(content));
      case BASE64 -> out.append(Base64.getEncoder().encodeToString(content));
    }
    param(out, InstructHeaders.PARAM_FORMAT, format.name().toLowerCase(Locale.ROOT));
    param(out, InstructHeaders.PARAM_TIMEOUT, Long.toString(b.keepAliveTimeoutSeconds));
    if (b.keepAliveMode == KeepAliveMode.INTERVAL) {
      param(out, InstructHeaders.PARAM_MODE, InstructHeaders.MODE_INTERVAL);
    }
    return out.toString();
  }

  private static void param(StringBuilder out, String name, String value) {
    out.append(InstructHeaders.PARAM_SEPARATOR).append(name).append('=').append(value);
  }

  /** Refuses an empty value or one Pushpin would read as several; {@code of} names its owner. */
  private static void checkPlain(String what, String value, String of) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + of + " is empty");
    }
    int at = InstructHeaders.firstNonPlainChar(value);
    if (at >= 0) {
      throw new IllegalArgumentException(what + " \"" + value + "\"" + of + " contains "
          + InstructHeaders.describeChar(value.charAt(at))
          + " (allowed: visible ASCII except , ; \" \\)");
    }
  }

  /** Whole positive seconds, or an exception naming the header and the value. */
  private static long seconds(String what, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout == null");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(what + " must be positive: " + timeout);
    }
    if (timeout.getNano() != 0) {
      throw new IllegalArgumentException(what + " must be whole seconds: " + timeout);
    }
    if (timeout.getSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(what + " is too long: " + timeout);
    }
    return timeout.getSeconds();
  }

  /**
   * Builds a {@link GripInstruct}. Each setter checks its input at once and throws {@link
   * IllegalArgumentException} naming a value the proxy would misread; a setter that does not
   * apply to this kind of hold throws {@link IllegalStateException}. A builder can be reused:
   * {@link #build()} copies what it has. Not thread-safe.
   */
  public static final class Builder {
    private final Hold hold;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private long timeoutSeconds;
    private byte @Nullable [] keepAliveContent;
    private long keepAliveTimeoutSeconds;
    private @Nullable KeepAliveFormat keepAliveFormat;
    private KeepAliveMode keepAliveMode = KeepAliveMode.IDLE;
    private int statusCode;
    private String statusReason = "";
    private @Nullable String nextLink;
    private long nextLinkTimeoutSeconds;
    private @Nullable String goneLink;
    private final Set<String> exposeHeaders = new LinkedHashSet<>();
    private final Map<String, String> meta = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    private Builder(Hold hold) {
      this.hold = hold;
    }

    private Builder channels(String first, String... more) {
      Objects.requireNonNull(first, "channel == null");
      Objects.requireNonNull(more, "moreChannels == null");
      channel(first);
      for (String name : more) {
        channel(name);
      }
      return this;
    }

    private Builder channels(Channel first, Channel... more) {
      Objects.requireNonNull(first, "channel == null");
      Objects.requireNonNull(more, "moreChannels == null");
      channel(first);
      for (Channel c : more) {
        channel(c);
      }
      return this;
    }

    /**
     * Adds a channel without prev-id or filters.
     *
     * @throws IllegalArgumentException if the name is not allowed or already given
     * @throws IllegalStateException on an instruction without a hold
     */
    public Builder channel(String name) {
      Objects.requireNonNull(name, "name == null");
      return channel(Channel.of(name));
    }

    /**
     * Adds a channel.
     *
     * @throws IllegalArgumentException if a channel of that name is already given
     * @throws IllegalStateException on an instruction without a hold
     */
    public Builder channel(Channel channel) {
      Objects.requireNonNull(channel, "channel == null");
      if (hold == Hold.NONE) {
        throw new IllegalStateException(
            "channels need a hold: start with holdResponse or holdStream");
      }
      if (channels.putIfAbsent(channel.name(), channel) != null) {
        throw new IllegalArgumentException("channel \"" + channel.name() + "\" is given twice");
      }
      return this;
    }

    /**
     * Sets {@code Grip-Timeout}: how long the proxy holds a long-poll before it sends the
     * body of this response. Without it the proxy uses its default (55 s in Pushpin).
     *
     * @throws IllegalArgumentException if {@code timeout} is not a positive whole number of
     *     seconds
     * @throws IllegalStateException unless this is a response hold
     */
    public Builder timeout(Duration timeout) {
      if (hold != Hold.RESPONSE) {
        throw new IllegalStateException("Grip-Timeout applies to response holds only");
      }
      timeoutSeconds = seconds("Grip-Timeout", timeout);
      return this;
    }

    /**
     * Sets {@code Grip-Keep-Alive}: {@code content} is sent on the stream after {@code timeout}
     * without other data ({@link KeepAliveMode#IDLE}, unless {@link #keepAliveMode} says
     * otherwise). The format is the most readable one that carries the bytes exactly (raw,
     * else cstring for ASCII text, else base64) unless {@link #keepAliveFormat} sets one.
     *
     * @throws IllegalArgumentException if {@code content} is empty or {@code timeout} is not a
     *     positive whole number of seconds
     * @throws IllegalStateException unless this is a stream hold
     */
    public Builder keepAlive(byte[] content, Duration timeout) {
      Objects.requireNonNull(content, "content == null");
      if (hold != Hold.STREAM) {
        throw new IllegalStateException("Grip-Keep-Alive applies to stream holds only");
      }
      if (content.length == 0) {
        throw new IllegalArgumentException("keep-alive content is empty");
      }
      long seconds = seconds("Grip-Keep-Alive timeout", timeout);
      byte[] copy = content.clone();
      checkKeepAliveFormat(copy, keepAliveFormat);
      keepAliveTimeoutSeconds = seconds;
      keepAliveContent = copy;
      return this;
    }

    /**
     * Sets {@code Grip-Keep-Alive} with {@code content} as UTF-8; see {@link #keepAlive(byte[],
     * Duration)}.
     */
    public Builder keepAlive(String content, Duration timeout) {
      Objects.requireNonNull(content, "content == null");
      return keepAlive(content.getBytes(StandardCharsets.UTF_8), timeout);
    }

    /**
     * Chooses the keep-alive format instead of the automatic choice.
     *
     * @throws IllegalArgumentException if the content set by {@link #keepAlive} cannot be sent
     *     as {@link KeepAliveFormat#RAW}
     * @throws IllegalStateException unless this is a stream hold
     */
    public Builder keepAliveFormat(KeepAliveFormat format) {
      Objects.requireNonNull(format, "format == null");
      if (hold != Hold.STREAM) {
        throw new IllegalStateException("Grip-Keep-Alive applies to stream holds only");
      }
      checkKeepAliveFormat(keepAliveContent, format);
      keepAliveFormat = format;
      return this;
    }

    /**
     * Chooses when the keep-alive is sent; {@link KeepAliveMode#IDLE} by default.
     *
     * @throws IllegalStateException unless this is a stream hold
     */
    public Builder keepAliveMode(KeepAliveMode mode) {
      Objects.requireNonNull(mode, "mode == null");
      if (hold != Hold.STREAM) {
        throw new IllegalStateException("Grip-Keep-Alive applies to stream holds only");
      }
      keepAliveMode = mode;
      return this;
    }

    private static void checkKeepAliveFormat(
        byte @Nullable [] content, @Nullable KeepAliveFormat format) {
      if (format == KeepAliveFormat.RAW && content != null
          && !InstructHeaders.isRaw(content)) {
        throw new IllegalArgumentException("keep-alive content " + Bytes.describe(content)
            + " cannot be sent raw (visible ASCII and inner spaces only, no ';'):"
            + " use CSTRING or BASE64");
      }
    }

    /**
     * Sets {@code Grip-Status}: the status code the client sees instead of the origin's 200,
     * with the proxy's standard reason phrase.
     *
     * @throws IllegalArgumentException if {@code code} is not in 100..599
     */
    public Builder status(int code) {
      return status(code, "");
    }

    /**
     * Sets {@code Grip-Status} with a reason phrase; an empty reason means the proxy's
     * standard one.
     *
     * @throws IllegalArgumentException if {@code code} is not in 100..599 or the reason holds a
     *     control or non-ASCII character or has spaces at either end
     */
    public Builder status(int code, String reason) {
      Objects.requireNonNull(reason, "reason == null");
      if (code < 100 || code > 599) {
        throw new IllegalArgumentException("status code " + code + " is not in 100..599");
      }
      int at = InstructHeaders.firstNonHeaderChar(reason);
      if (at >= 0) {
        throw new IllegalArgumentException("status reason \"" + reason + "\" contains "
            + InstructHeaders.describeChar(reason.charAt(at)));
      }
      if (!reason.equals(reason.strip())) {
        throw new IllegalArgumentException(
            "status reason \"" + reason + "\" has white space at either end");
      }
      statusCode = code;
      statusReason = reason;
      return this;
    }

    /**
     * Sets the next link, {@code Grip-Link: <uri>; rel=next}: the proxy makes a GET to it when
     * this response is done (or, on a stream with prev-ids, when it needs to recover) and
     * appends the answer. A relative URI is resolved against the request and handled by the
     * proxy itself.
     *
     * @throws IllegalArgumentException if the URI is empty or holds {@code , ;} or {@code <>}
     */
    public Builder nextLink(URI uri) {
      nextLink = link("next link", uri);
      nextLinkTimeoutSeconds = 0;
      return this;
    }

    /**
     * Sets the next link with {@code timeout}: how long a stream may be idle before the proxy
     * follows it (Pushpin's default is 120 s).
     *
     * @throws IllegalArgumentException if the URI is not allowed or {@code timeout} is not a
     *     positive whole number of seconds
     */
    public Builder nextLink(URI uri, Duration timeout) {
      String link = link("next link", uri);
      nextLinkTimeoutSeconds = seconds("Grip-Link timeout", timeout);
      nextLink = link;
      return this;
    }

    /**
     * Sets the gone link, {@code Grip-Link: <uri>; rel=gone}: the proxy POSTs an empty body to
     * it when the client goes away (best effort; Pushpin 1.40 or later, ignored by 1.36).
     *
     * @throws IllegalArgumentException if the URI is empty or holds {@code , ;} or {@code <>}
     */
    public Builder goneLink(URI uri) {
      goneLink = link("gone link", uri);
      return this;
    }

    private static String link(String what, URI uri) {
      Objects.requireNonNull(uri, "uri == null");
      String s = uri.toASCIIString();
      if (s.isEmpty()) {
        throw new IllegalArgumentException(what + " is empty");
      }
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == ',' || c == ';' || c == '<' || c == '>') {
          throw new IllegalArgumentException(what + " \"" + s + "\" contains '" + c
              + "' (Grip-Link would read it as a separator; percent-encode it)");
        }
      }
      return s;
    }

    /**
     * Adds to {@code Grip-Expose-Headers}: once any is given, only the listed headers of the
     * origin's response reach the client; list {@code Content-Type} too if it should. Names
     * are kept in order, each once.
     *
     * @throws IllegalArgumentException if a name is not a token
     */
    public Builder exposeHeaders(String name, String... moreNames) {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(moreNames, "moreNames == null");
      List<String> all = new ArrayList<>();
      all.add(name);
      all.addAll(Arrays.asList(moreNames));
      for (String n : all) {
        Objects.requireNonNull(n, "name == null");
        if (!InstructHeaders.isToken(n)) {
          throw new IllegalArgumentException("header name \"" + n + "\" is not a token");
        }
      }
      exposeHeaders.addAll(all);
      return this;
    }

    /**
     * Sets one key of {@code Grip-Set-Meta} (quoted: {@code user="alice"}); a later call with
     * the same key replaces the value and keeps the position. Sent with or without a hold.
     *
     * @throws IllegalArgumentException if the key is not a token or the value holds a control
     *     or non-ASCII character
     */
    public Builder meta(String key, String value) {
      Objects.requireNonNull(key, "key == null");
      Objects.requireNonNull(value, "value == null");
      if (!InstructHeaders.isToken(key)) {
        throw new IllegalArgumentException("meta key \"" + key + "\" is not a token");
      }
      int at = InstructHeaders.firstNonHeaderChar(value);
      if (at >= 0) {
        throw new IllegalArgumentException("meta value \"" + value + "\" of key \"" + key
            + "\" contains " + InstructHeaders.describeChar(value.charAt(at)));
      }
      meta.put(key, value);
      return this;
    }

    /** Sets the response body: the timeout response of a long-poll, the start of a stream. */
    public Builder body(byte[] body) {
      Objects.requireNonNull(body, "body == null");
      this.body = body.clone();
      return this;
    }

    /** Sets the response body as UTF-8. */
    public Builder body(String body) {
      Objects.requireNonNull(body, "body == null");
      this.body = body.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Returns the instruction.
     *
     * @throws IllegalArgumentException if a stream hold has a channel with a prev-id but no next
     *     link (Pushpin would fail the request)
     */
    public GripInstruct build() {
      if (hold == Hold.STREAM && nextLink == null) {
        for (Channel c : channels.values()) {
          if (c.prevId() != null) {
            throw new IllegalArgumentException("channel \"" + c.name()
                + "\" has a prev-id, which a stream hold accepts only with a next link");
          }
        }
      }
      return new GripInstruct(this);
    }
  }
}
