package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gripkit.GripInstruct.Channel;
import org.gripkit.GripInstruct.Hold;
import org.gripkit.GripInstruct.KeepAliveFormat;
import org.gripkit.GripInstruct.KeepAliveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GripInstructTest {
  private static final Duration SECONDS_20 = Duration.ofSeconds(20);

  // BH-18: two channels, the second with a prev-id.
  @Test
  void channelsWithPrevIdAreOneListHeader() {
    GripInstruct instruct =
        GripInstruct.holdResponse(Channel.of("apple"), Channel.of("banana").withPrevId("1"))
            .build();

    assertThat(instruct.headers()).containsExactly(
        entry("Grip-Hold", "response"),
        entry("Grip-Channel", "apple, banana; prev-id=1"));
    assertThat(instruct.hold()).isEqualTo(Hold.RESPONSE);
    assertThat(instruct.channels()).extracting(Channel::name).containsExactly("apple", "banana");
  }

  @Test
  void channelFiltersFollowThePrevIdInOrder() {
    GripInstruct instruct = GripInstruct.holdResponse(
        Channel.of("apple").withPrevId("item1").withFilter(ChannelFilter.VAR_SUBST),
        Channel.of("cherry").withFilter(ChannelFilter.SKIP_SELF)
            .withFilter(ChannelFilter.BUILD_ID)).build();

    assertThat(instruct.headers()).containsEntry("Grip-Channel",
        "apple; prev-id=item1; filter=var-subst, cherry; filter=skip-self; filter=build-id");
  }

  @Test
  void longPollWithTimeoutStatusAndBody() {
    GripInstruct instruct = GripInstruct.holdResponse("fruit")
        .timeout(Duration.ofSeconds(30))
        .status(404, "Nothing Here")
        .body("{\"items\":[]}")
        .build();

    assertThat(instruct.headers()).containsExactly(
        entry("Grip-Hold", "response"),
        entry("Grip-Channel", "fruit"),
        entry("Grip-Timeout", "30"),
        entry("Grip-Status", "404 Nothing Here"));
    assertThat(new String(instruct.body(), StandardCharsets.UTF_8)).isEqualTo("{\"items\":[]}");
  }

  @Test
  void statusWithoutReasonIsTheCodeAlone() {
    GripInstruct instruct = GripInstruct.holdResponse("fruit").status(202).build();

    assertThat(instruct.headers()).containsEntry("Grip-Status", "202");
  }

  @Test
  void streamWithInitialBodyAndKeepAlive() {
    GripInstruct instruct = GripInstruct.holdStream("news")
        .keepAlive(":\n\n", SECONDS_20)
        .body("event: hello\ndata: {}\n\n")
        .build();

    assertThat(instruct.headers()).containsExactly(
        entry("Grip-Hold", "stream"),
        entry("Grip-Channel", "news"),
        entry("Grip-Keep-Alive", ":\\n\\n; format=cstring; timeout=20"));
    assertThat(instruct.body())
        .isEqualTo("event: hello\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> keepAliveFormats() {
    return Stream.of(
        // Visible ASCII with an inner space is sent as it is.
        Arguments.of("ping !", "ping !; format=raw; timeout=20"),
        // A newline, a semicolon, a backslash and edge spaces need cstring escapes.
        Arguments.of("\n", "\\n; format=cstring; timeout=20"),
        Arguments.of("a;b", "a\\x3bb; format=cstring; timeout=20"),
        Arguments.of("c:\\x\r\n", "c:\\\\x\\r\\n; format=cstring; timeout=20"),
        Arguments.of(" pad ", "\\x20pad\\x20; format=cstring; timeout=20"),
        Arguments.of("tab\t", "tab\\x09; format=cstring; timeout=20"),
        // Non-ASCII text (é is C3 A9) is binary to the header: base64.
        Arguments.of("é", "w6k=; format=base64; timeout=20"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("keepAliveFormats")
  void keepAliveFormatIsTheMostReadableExactOne(String content, String header) {
    GripInstruct instruct = GripInstruct.holdStream("news").keepAlive(content, SECONDS_20).build();

    assertThat(instruct.headers()).containsEntry("Grip-Keep-Alive", header);
  }

  @Test
  void keepAliveFormatCanBeChosen() {
    GripInstruct base64 = GripInstruct.holdStream("news")
        .keepAlive("ping3\n", SECONDS_20)
        .keepAliveFormat(KeepAliveFormat.BASE64)
        .build();
    GripInstruct cstring = GripInstruct.holdStream("news")
        .keepAliveFormat(KeepAliveFormat.CSTRING)
        .keepAlive(new byte[] {0x00, (byte) 0xff}, SECONDS_20)
        .build();

    assertThat(base64.headers()).containsEntry("Grip-Keep-Alive",
        "cGluZzMK; format=base64; timeout=20");
    assertThat(cstring.headers()).containsEntry("Grip-Keep-Alive",
        "\\x00\\xff; format=cstring; timeout=20");
  }

  @Test
  void refusedRawFormatLeavesTheBuilderAsItWas() {
    GripInstruct.Builder builder = GripInstruct.holdStream("news").keepAlive("\n", SECONDS_20);

    assertThatThrownBy(() -> builder.keepAliveFormat(KeepAliveFormat.RAW))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(builder.build().headers())
        .containsEntry("Grip-Keep-Alive", "\\n; format=cstring; timeout=20");
  }

  @Test
  void intervalKeepAliveSaysSo() {
    GripInstruct instruct = GripInstruct.holdStream("news")
        .keepAlive("{}", Duration.ofSeconds(30))
        .keepAliveMode(KeepAliveMode.INTERVAL)
        .build();

    assertThat(instruct.headers()).containsEntry("Grip-Keep-Alive",
        "{}; format=raw; timeout=30; mode=interval");
  }

  @Test
  void streamPrevIdWithNextLink() {
    GripInstruct instruct = GripInstruct.holdStream(Channel.of("fruit").withPrevId("3"))
        .nextLink(URI.create("/fruit/?after=3"), Duration.ofSeconds(120))
        .build();

    assertThat(instruct.headers()).containsExactly(
        entry("Grip-Hold", "stream"),
        entry("Grip-Channel", "fruit; prev-id=3"),
        entry("Grip-Link", "</fruit/?after=3>; rel=next; timeout=120"));
  }

  @Test
  void nextAndGoneLinksShareOneHeader() {
    GripInstruct instruct = GripInstruct.holdStream("fruit")
        .goneLink(URI.create("https://origin.example/gone/1234"))
        .nextLink(URI.create("https://origin.example/next?page=2"))
        .build();

    assertThat(instruct.headers()).containsEntry("Grip-Link",
        "<https://origin.example/next?page=2>; rel=next,"
            + " <https://origin.example/gone/1234>; rel=gone");
  }

  // BH-12 note, fanout/django-grip#20: Grip-Set-Meta goes out even without a hold.
  @Test
  void setMetaWithoutHoldIsQuotedList() {
    GripInstruct instruct = GripInstruct.builder()
        .meta("user", "123")
        .meta("id_format", "channel_1:%(events-channel_1)s")
        .build();

    assertThat(instruct.hold()).isEqualTo(Hold.NONE);
    assertThat(instruct.channels()).isEmpty();
    assertThat(instruct.headers()).containsExactly(
        entry("Grip-Set-Meta", "user=\"123\", id_format=\"channel_1:%(events-channel_1)s\""));
  }

  @Test
  void metaValuesEscapeQuotesAndBackslashes() {
    GripInstruct instruct = GripInstruct.holdResponse("room-alpha")
        .meta("name", "say \"hi\", \\o/; ok")
        .meta("empty", "")
        .build();

    assertThat(instruct.headers()).containsEntry("Grip-Set-Meta",
        "name=\"say \\\"hi\\\", \\\\o/; ok\", empty=\"\"");
  }

  @Test
  void laterMetaWithSameKeyReplacesValueInPlace() {
    GripInstruct instruct = GripInstruct.builder()
        .meta("user", "alice")
        .meta("room", "alpha")
        .meta("user", "bob")
        .build();

    assertThat(instruct.headers()).containsEntry("Grip-Set-Meta", "user=\"bob\", room=\"alpha\"");
  }

  @Test
  void exposeHeadersAreListedOnceInOrder() {
    GripInstruct instruct = GripInstruct.holdResponse("fruit")
        .exposeHeaders("Content-Type", "ETag")
        .exposeHeaders("ETag", "X-Next")
        .build();

    assertThat(instruct.headers())
        .containsEntry("Grip-Expose-Headers", "Content-Type, ETag, X-Next");
  }

  @Test
  void everyHeaderComesInTheDocumentedOrder() {
    GripInstruct instruct = GripInstruct.holdResponse("a")
        .meta("k", "v")
        .exposeHeaders("ETag")
        .nextLink(URI.create("/n"))
        .status(200, "OK")
        .timeout(Duration.ofSeconds(5))
        .build();

    assertThat(instruct.headers().keySet()).containsExactly("Grip-Hold", "Grip-Channel",
        "Grip-Timeout", "Grip-Status", "Grip-Link", "Grip-Expose-Headers", "Grip-Set-Meta");
  }

  // BH-18: the same long-poll request arriving twice yields the same instruction.
  @Test
  void sameInputsGiveEqualInstructions() {
    Supplier<GripInstruct> handler = () -> GripInstruct.holdResponse(
            Channel.of("banana").withPrevId("7"), Channel.of("apple"))
        .timeout(Duration.ofSeconds(55))
        .meta("user", "alice")
        .body("[]")
        .build();

    GripInstruct first = handler.get();
    GripInstruct second = handler.get();

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
    assertThat(List.copyOf(second.headers().entrySet()))
        .isEqualTo(List.copyOf(first.headers().entrySet()));
  }

  @Test
  void bodyIsCopiedInAndOut() {
    byte[] given = {1, 2, 3};
    GripInstruct.Builder builder = GripInstruct.holdStream("s").body(given);
    given[0] = 9;
    GripInstruct instruct = builder.build();
    instruct.body()[1] = 9;

    assertThat(instruct.body()).containsExactly(1, 2, 3);
  }

  @Test
  void headersCannotBeModified() {
    GripInstruct instruct = GripInstruct.holdResponse("a").build();

    assertThatThrownBy(() -> instruct.headers().put("Grip-Hold", "stream"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptyInstructionHasNoHeadersAndNoBody() {
    GripInstruct instruct = GripInstruct.builder().build();

    assertThat(instruct.headers()).isEmpty();
    assertThat(instruct.body()).isEmpty();
    assertThat(instruct).hasToString("GripInstruct{headers={}, body=\"\"}");
  }

  static Stream<Arguments> rejectedInputs() {
    return Stream.of(
        // BH-18: names Pushpin would split into other channels, or misread.
        rejected("channel with comma", () -> GripInstruct.holdResponse("room-a,b"),
            "channel name \"room-a,b\" contains ',' (allowed: visible ASCII except , ; \" \\)"),
        rejected("channel with semicolon", () -> GripInstruct.holdResponse("a;b"),
            "channel name \"a;b\" contains ';' (allowed: visible ASCII except , ; \" \\)"),
        rejected("channel with space", () -> GripInstruct.holdStream("a b"),
            "channel name \"a b\" contains U+0020 (allowed: visible ASCII except , ; \" \\)"),
        rejected("channel with tab", () -> Channel.of("a\tb"),
            "channel name \"a\tb\" contains U+0009 (allowed: visible ASCII except , ; \" \\)"),
        rejected("channel with quote", () -> Channel.of("say\"x"),
            "channel name \"say\"x\" contains '\"' (allowed: visible ASCII except , ; \" \\)"),
        rejected("channel with non-ASCII", () -> Channel.of("sala-ñ"),
            "channel name \"sala-ñ\" contains U+00F1 (allowed: visible ASCII except , ; \" \\)"),
        rejected("empty channel", () -> GripInstruct.holdResponse(""),
            "channel name is empty"),
        rejected("second channel bad", () -> GripInstruct.holdResponse("ok", "bad,"),
            "channel name \"bad,\" contains ',' (allowed: visible ASCII except , ; \" \\)"),
        rejected("duplicate channel", () -> GripInstruct.holdResponse("apple", "apple"),
            "channel \"apple\" is given twice"),
        rejected("prev-id with comma", () -> Channel.of("banana").withPrevId("a,b"),
            "prev-id \"a,b\" of channel \"banana\" contains ',' (allowed: visible ASCII except"
                + " , ; \" \\)"),
        rejected("empty prev-id", () -> Channel.of("banana").withPrevId(""),
            "prev-id of channel \"banana\" is empty"),
        rejected("filter given twice",
            () -> Channel.of("c").withFilter(ChannelFilter.SKIP_SELF)
                .withFilter(ChannelFilter.SKIP_SELF),
            "filter skip-self given twice for channel \"c\""),
        // BH-18: negative (and zero) timeouts are refused here, not by Pushpin later.
        rejected("negative timeout",
            () -> GripInstruct.holdResponse("a").timeout(Duration.ofSeconds(-5)),
            "Grip-Timeout must be positive: PT-5S"),
        rejected("zero timeout", () -> GripInstruct.holdResponse("a").timeout(Duration.ZERO),
            "Grip-Timeout must be positive: PT0S"),
        rejected("fractional timeout",
            () -> GripInstruct.holdResponse("a").timeout(Duration.ofMillis(1500)),
            "Grip-Timeout must be whole seconds: PT1.5S"),
        rejected("huge timeout",
            () -> GripInstruct.holdResponse("a").timeout(Duration.ofSeconds(1L << 31)),
            "Grip-Timeout is too long: PT596523H14M8S"),
        rejected("zero keep-alive timeout",
            () -> GripInstruct.holdStream("a").keepAlive("x", Duration.ZERO),
            "Grip-Keep-Alive timeout must be positive: PT0S"),
        rejected("empty keep-alive", () -> GripInstruct.holdStream("a").keepAlive("", SECONDS_20),
            "keep-alive content is empty"),
        rejected("raw keep-alive with newline", () -> GripInstruct.holdStream("a")
                .keepAliveFormat(KeepAliveFormat.RAW).keepAlive("\n", SECONDS_20),
            "keep-alive content 0a cannot be sent raw (visible ASCII and inner spaces only,"
                + " no ';'): use CSTRING or BASE64"),
        rejected("raw keep-alive with semicolon", () -> GripInstruct.holdStream("a")
                .keepAlive("a;b", SECONDS_20).keepAliveFormat(KeepAliveFormat.RAW),
            "keep-alive content \"a;b\" cannot be sent raw (visible ASCII and inner spaces only,"
                + " no ';'): use CSTRING or BASE64"),
        rejected("negative next link timeout", () -> GripInstruct.holdStream("a")
                .nextLink(URI.create("/n"), Duration.ofSeconds(-1)),
            "Grip-Link timeout must be positive: PT-1S"),
        rejected("status 99", () -> GripInstruct.builder().status(99),
            "status code 99 is not in 100..599"),
        rejected("status 600", () -> GripInstruct.builder().status(600, "Odd"),
            "status code 600 is not in 100..599"),
        rejected("status reason with newline", () -> GripInstruct.builder().status(200, "O\nK"),
            "status reason \"O\nK\" contains U+000A"),
        rejected("status reason with edge space", () -> GripInstruct.builder().status(200, "OK "),
            "status reason \"OK \" has white space at either end"),
        rejected("next link with comma",
            () -> GripInstruct.builder().nextLink(URI.create("/a,b")),
            "next link \"/a,b\" contains ',' (Grip-Link would read it as a separator;"
                + " percent-encode it)"),
        rejected("gone link with semicolon",
            () -> GripInstruct.holdStream("a").goneLink(URI.create("/x;y")),
            "gone link \"/x;y\" contains ';' (Grip-Link would read it as a separator;"
                + " percent-encode it)"),
        rejected("empty next link", () -> GripInstruct.builder().nextLink(URI.create("")),
            "next link is empty"),
        rejected("expose header not a token",
            () -> GripInstruct.holdResponse("a").exposeHeaders("Content Type"),
            "header name \"Content Type\" is not a token"),
        rejected("meta key not a token", () -> GripInstruct.builder().meta("user=x", "1"),
            "meta key \"user=x\" is not a token"),
        rejected("meta value with newline", () -> GripInstruct.builder().meta("user", "a\r\nb"),
            "meta value \"a\r\nb\" of key \"user\" contains U+000D"),
        rejected("meta value non-ASCII", () -> GripInstruct.builder().meta("user", "zoë"),
            "meta value \"zoë\" of key \"user\" contains U+00EB"),
        rejected("stream prev-id without next link",
            () -> GripInstruct.holdStream(Channel.of("fruit").withPrevId("3")).build(),
            "channel \"fruit\" has a prev-id, which a stream hold accepts only with a next link"));
  }

  private static Arguments rejected(String name, Runnable call, String message) {
    return Arguments.of(name, call, message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("rejectedInputs")
  void rejectedInputThrowsNamingTheValue(String name, Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> misusedBuilders() {
    return Stream.of(
        Arguments.of("channel without hold", (Runnable) () -> GripInstruct.builder().channel("a"),
            "channels need a hold: start with holdResponse or holdStream"),
        Arguments.of("timeout on stream",
            (Runnable) () -> GripInstruct.holdStream("a").timeout(SECONDS_20),
            "Grip-Timeout applies to response holds only"),
        Arguments.of("timeout without hold",
            (Runnable) () -> GripInstruct.builder().timeout(SECONDS_20),
            "Grip-Timeout applies to response holds only"),
        Arguments.of("keep-alive on long-poll",
            (Runnable) () -> GripInstruct.holdResponse("a").keepAlive("x", SECONDS_20),
            "Grip-Keep-Alive applies to stream holds only"),
        Arguments.of("keep-alive mode on long-poll",
            (Runnable) () -> GripInstruct.holdResponse("a").keepAliveMode(KeepAliveMode.INTERVAL),
            "Grip-Keep-Alive applies to stream holds only"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("misusedBuilders")
  void settingThatDoesNotApplyIsAnIllegalState(String name, Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage(message);
  }

  @Test
  void nullArgumentsAreNamed() {
    assertThatThrownBy(() -> GripInstruct.holdResponse((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("channel == null");
    assertThatThrownBy(() -> GripInstruct.builder().body((byte[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("body == null");
  }
}
