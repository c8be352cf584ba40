package org.gripkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gripkit.PublishFormat.HttpResponse;
import org.gripkit.PublishFormat.HttpStream;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The item model: local checks and the exact JSON of each format (BH-17). */
class PublishItemTest {

  private static String json(PublishItem... items) {
    return new String(PublishJson.encode(List.of(items)), UTF_8);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      ws text hi              | {"content":"hi"}
      ws bytes 00 01 02       | {"content-bin":"AAEC"}
      ws close 1009           | {"action":"close","code":1009}
      ws close 4001 bye       | {"action":"close","code":4001,"reason":"bye"}
      ws close without code   | {"action":"close"}
      stream text             | {"content":"data\\n"}
      stream bytes            | {"content-bin":"//4="}
      stream close            | {"action":"close"}
      stream hint             | {"action":"hint"}
      ws refresh              | {"action":"refresh"}
      response hint           | {"action":"hint"}
      response empty body     | {"body":""}
      response empty bytes    | {"body":""}
      response bytes FF FE    | {"body-bin":"//4="}
      response ok             | {"body":"ok"}
      response full           | {"code":404,"reason":"Nope","headers":[["Set-Cookie","a=1"],["Set-Cookie","b=2"]],"body":"gone"}
      """)
  void eachFormatHasItsExactJson(String name, String expected) {
    PublishFormat format = switch (name) {
      case "ws text hi" -> WsMessage.text("hi");
      case "ws bytes 00 01 02" -> WsMessage.binary(new byte[] {0, 1, 2});
      case "ws close 1009" -> WsMessage.close(1009);
      case "ws close 4001 bye" -> WsMessage.close(4001, "bye");
      case "ws close without code" -> WsMessage.close();
      case "stream text" -> HttpStream.text("data\n");
      case "stream bytes" -> HttpStream.binary(new byte[] {(byte) 0xff, (byte) 0xfe});
      case "stream close" -> HttpStream.close();
      case "stream hint" -> HttpStream.hint();
      case "ws refresh" -> WsMessage.refresh();
      case "response hint" -> HttpResponse.hint();
      case "response empty body" -> HttpResponse.of("");
      case "response empty bytes" -> HttpResponse.of(new byte[0]);
      case "response bytes FF FE" -> HttpResponse.of(new byte[] {(byte) 0xff, (byte) 0xfe});
      case "response ok" -> HttpResponse.of("ok");
      case "response full" -> HttpResponse.builder().code(404).reason("Nope")
          .header("Set-Cookie", "a=1").header("Set-Cookie", "b=2").body("gone").build();
      default -> throw new AssertionError(name);
    };
    assertThat(json(PublishItem.of("c", format)))
        .isEqualTo("{\"items\":[{\"channel\":\"c\",\"formats\":{\"" + format.key() + "\":"
            + expected + "}}]}");
  }

  @Test
  void idAndPrevIdComeBeforeFormats() {
    PublishItem item = PublishItem.builder("c").id("2").prevId("1")
        .format(WsMessage.text("hi")).build();
    assertThat(json(item)).isEqualTo(
        "{\"items\":[{\"channel\":\"c\",\"id\":\"2\",\"prev-id\":\"1\","
            + "\"formats\":{\"ws-message\":{\"content\":\"hi\"}}}]}");
  }

  @Test
  void metaAndNoSeqComeAfterThePrevIdInTheOrderSet() {
    PublishItem item = PublishItem.builder("c").id("2").prevId("1")
        .sender("alice").meta("require_sub", "room-b").skipUsers("bob", "carol")
        .meta("sender", "mallory").noSeq()
        .format(WsMessage.text("hi")).build();
    assertThat(item.meta()).containsExactly(Map.entry("sender", "mallory"),
        Map.entry("require_sub", "room-b"), Map.entry("skip_users", "bob,carol"));
    assertThat(item.noSeq()).isTrue();
    assertThat(json(item)).isEqualTo(
        "{\"items\":[{\"channel\":\"c\",\"id\":\"2\",\"prev-id\":\"1\","
            + "\"meta\":{\"sender\":\"mallory\",\"require_sub\":\"room-b\","
            + "\"skip_users\":\"bob,carol\"},\"no-seq\":true,"
            + "\"formats\":{\"ws-message\":{\"content\":\"hi\"}}}]}");
    assertThat(item.toString()).contains("meta={sender=mallory, require_sub=room-b,"
        + " skip_users=bob,carol}", "noSeq");
  }

  @Test
  void itemsWithoutMetaOrNoSeqLeaveThemOut() {
    PublishItem item = PublishItem.of("c", WsMessage.text("hi"));
    assertThat(item.meta()).isEmpty();
    assertThat(item.noSeq()).isFalse();
    assertThat(json(item)).doesNotContain("meta").doesNotContain("no-seq");
    assertThat(item).isNotEqualTo(PublishItem.builder("c").noSeq()
        .format(WsMessage.text("hi")).build());
    assertThat(item).isNotEqualTo(PublishItem.builder("c").sender("a")
        .format(WsMessage.text("hi")).build());
  }

  @Test
  void metaThatFiltersWouldMisreadIsRejected() {
    PublishItem.Builder b = PublishItem.builder("c");
    assertThatThrownBy(() -> b.meta("", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("meta key is empty");
    assertThatThrownBy(() -> b.sender("")).hasMessage("sender is empty");
    assertThatThrownBy(() -> b.skipUsers()).hasMessage("skipUsers needs at least one user");
    assertThatThrownBy(() -> b.skipUsers("bob", "a,b"))
        .hasMessage("user to skip \"a,b\" is empty, holds a comma or has white space at either"
            + " end");
    assertThatThrownBy(() -> b.skipUsers(" bob")).hasMessageStartingWith("user to skip \" bob\"");
    assertThatThrownBy(() -> b.meta("k", "\ud800"))
        .hasMessage("meta k contains a lone surrogate U+D800 at index 0");
  }

  @Test
  void actionsSayWhatTheyAre() {
    assertThat(WsMessage.refresh().isRefresh()).isTrue();
    assertThat(WsMessage.refresh().message()).isNull();
    assertThat(WsMessage.text("x").isRefresh()).isFalse();
    assertThat(WsMessage.refresh()).isEqualTo(WsMessage.refresh())
        .isNotEqualTo(WsMessage.close()).hasToString("WsMessage[refresh]");
    assertThat(HttpStream.hint().isHint()).isTrue();
    assertThat(HttpStream.hint().isClose()).isFalse();
    assertThat(HttpStream.hint()).isNotEqualTo(HttpStream.close())
        .isNotEqualTo(HttpStream.text("")).hasToString("HttpStream[hint]");
    assertThat(HttpResponse.hint().isHint()).isTrue();
    assertThat(HttpResponse.of("").isHint()).isFalse();
    assertThat(HttpResponse.hint()).isNotEqualTo(HttpResponse.of(""))
        .hasToString("HttpResponse[hint]");
  }

  @Test
  void formatsAreWrittenInOneOrderWhateverTheOrderGiven() {
    PublishItem a = PublishItem.of("c", WsMessage.text("w"), HttpStream.text("s"),
        HttpResponse.of("r"));
    PublishItem b = PublishItem.of("c", HttpResponse.of("r"), WsMessage.text("w"),
        HttpStream.text("s"));
    assertThat(a).isEqualTo(b);
    assertThat(json(a)).isEqualTo(json(b)).isEqualTo(
        "{\"items\":[{\"channel\":\"c\",\"formats\":{\"http-response\":{\"body\":\"r\"},"
            + "\"http-stream\":{\"content\":\"s\"},\"ws-message\":{\"content\":\"w\"}}}]}");
  }

  @Test
  void severalItemsGoInOneItemsArrayInOrder() {
    assertThat(json(PublishItem.of("a", WsMessage.text("1")),
        PublishItem.of("b", WsMessage.text("2"))))
        .isEqualTo("{\"items\":[{\"channel\":\"a\",\"formats\":{\"ws-message\":{\"content\":\"1\"}}},"
            + "{\"channel\":\"b\",\"formats\":{\"ws-message\":{\"content\":\"2\"}}}]}");
  }

  @Test
  void nonAsciiIsWrittenAsUtf8AndEscapesAreJson() {
    byte[] body = PublishJson.encode(List.of(PublishItem.of("sala-ñ",
        WsMessage.text("héllo 😀 \"q\" \\ \u0001"))));
    assertThat(new String(body, UTF_8)).isEqualTo(
        "{\"items\":[{\"channel\":\"sala-ñ\",\"formats\":{\"ws-message\":"
            + "{\"content\":\"héllo 😀 \\\"q\\\" \\\\ \\u0001\"}}}]}");
  }

  @Test
  void emptyChannelIsRejected() {
    assertThatThrownBy(() -> PublishItem.of("", WsMessage.text("hi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel is empty");
  }

  @ParameterizedTest(name = "channel {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      room-a,b   | channel contains ',' at index 6: "room-a,b"
      a;b        | channel contains ';' at index 1: "a;b"
      `a b`      | channel contains U+0020 at index 1: "a b"
      `a"b`      | channel contains '"' at index 1: "a\\"b"
      """)
  void channelsAGripChannelHeaderCannotNameAreRejected(String channel, String message) {
    assertThatThrownBy(() -> PublishItem.of(channel, WsMessage.text("hi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "channel with U+{0}")
  @ValueSource(ints = {0x09, 0x0a, 0x0d, 0x00, 0x7f, 0xa0, 0x2028})
  void channelsWithControlOrSpaceCharactersAreRejected(int c) {
    assertThatThrownBy(() -> PublishItem.of("a" + (char) c, WsMessage.text("hi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("channel contains U+" + String.format("%04X", c) + " at index 1");
  }

  @Test
  void loneSurrogatesAreRejectedBecauseTheyHaveNoUtf8Form() {
    assertThatThrownBy(() -> PublishItem.of("a\ud800", WsMessage.text("hi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel contains a lone surrogate U+D800 at index 1");
    assertThatThrownBy(() -> WsMessage.text("x\udc00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("content contains a lone surrogate U+DC00 at index 1");
  }

  @Test
  void anItemWithoutFormatIsRejected() {
    assertThatThrownBy(() -> PublishItem.of("c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item for channel c has no format");
    assertThatThrownBy(() -> PublishItem.builder("c").id("1").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item for channel c has no format");
  }

  @Test
  void twoFormatsOfOneKindAreRejected() {
    assertThatThrownBy(() -> PublishItem.of("c", WsMessage.text("a"), WsMessage.close()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item for channel c already has a ws-message format");
  }

  @Test
  void prevIdWithoutIdIsRejected() {
    assertThatThrownBy(() -> PublishItem.builder("c").prevId("1")
        .format(WsMessage.text("a")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("item for channel c has a prev-id but no id");
  }

  @Test
  void emptyIdsAreRejected() {
    assertThatThrownBy(() -> PublishItem.builder("c").id(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("id is empty");
    assertThatThrownBy(() -> PublishItem.builder("c").prevId(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("prev-id is empty");
  }

  @ParameterizedTest(name = "close code {0}")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 5000, -1})
  void closeCodesAnEndpointMayNotSendAreRejected(int code) {
    assertThatThrownBy(() -> WsMessage.close(code))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a close code an endpoint may send: " + code);
  }

  @Test
  void closeReasonMustFitInAFrame() {
    WsMessage.close(1000, "é".repeat(61) + "x"); // 123 bytes: fits
    assertThatThrownBy(() -> WsMessage.close(1000, "é".repeat(62)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("close reason is 124 bytes in UTF-8, more than 123");
  }

  @Test
  void responseHeadersAndReasonCannotSplitTheResponse() {
    assertThatThrownBy(() -> HttpResponse.builder().header("X-A", "1\r\nX-B: 2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header X-A contains U+000D at index 1: \"1\\u000D\\u000AX-B: 2\"");
    assertThatThrownBy(() -> HttpResponse.builder().header("X A", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name is not a token: \"X A\"");
    assertThatThrownBy(() -> HttpResponse.builder().reason("OK\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reason contains U+000A at index 2: \"OK\\u000A\"");
    assertThatThrownBy(() -> HttpResponse.builder().code(99))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status code out of range 100..999: 99");
  }

  @Test
  void bytesAreCopiedInAndOut() {
    byte[] bytes = {1, 2};
    HttpStream stream = HttpStream.binary(bytes);
    HttpResponse response = HttpResponse.of(bytes);
    bytes[0] = 9;
    assertThat(stream.content()).containsExactly(1, 2);
    assertThat(response.body()).containsExactly(1, 2);
    stream.content()[0] = 9;
    assertThat(stream.content()).containsExactly(1, 2);
    assertThat(stream).isEqualTo(HttpStream.binary(new byte[] {1, 2}));
  }

  @Test
  void accessorsReportWhatWasGiven() {
    PublishItem item = PublishItem.builder("c").id("2").prevId("1")
        .format(HttpResponse.builder().code(201).header("A", "b").body("x").build()).build();
    assertThat(item.channel()).isEqualTo("c");
    assertThat(item.id()).isEqualTo("2");
    assertThat(item.prevId()).isEqualTo("1");
    HttpResponse response = (HttpResponse) item.formats().get(0);
    assertThat(response.code()).isEqualTo(201);
    assertThat(response.reason()).isEmpty();
    assertThat(response.headers()).containsExactly(Map.entry("A", "b"));
    assertThat(response.text()).isEqualTo("x");
    assertThat(WsMessage.close(1009).message()).isEqualTo(new WebSocketEvent.Close(1009));
    assertThat(WsMessage.close().message().type()).isEqualTo(WebSocketEvent.Type.CLOSE);
    assertThat(HttpStream.close().isClose()).isTrue();
    assertThat(HttpStream.text("t").isClose()).isFalse();
  }
}
