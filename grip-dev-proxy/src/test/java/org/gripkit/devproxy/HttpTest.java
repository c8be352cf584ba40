package org.gripkit.devproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpTest {
  @Test
  void gripChannelListKeepsNamesAndParameters() {
    List<Http.Parameters> channels = Http.parseList("room-a; prev-id=3, room-b ,log");

    assertThat(channels).extracting(Http.Parameters::value)
        .containsExactly("room-a", "room-b", "log");
    assertThat(channels.get(0).params()).isEqualTo(Map.of("prev-id", "3"));
  }

  @Test
  void quotedParameterMayHoldSeparators() {
    Http.Parameters grip = Http.parse("grip; message-prefix=\"a;b,c\"");

    assertThat(grip.value()).isEqualTo("grip");
    assertThat(grip.get("message-prefix")).isEqualTo("a;b,c");
    assertThat(Http.parse("grip; message-prefix=\"\"").get("message-prefix")).isEmpty();
  }

  @Test
  void cstringKeepAliveIsUnescaped() throws Exception {
    assertThat(new String(HttpProxy.unescape(":\\n\\r\\\\\\x41"), StandardCharsets.UTF_8))
        .isEqualTo(":\n\r\\A");
    assertThatThrownBy(() -> HttpProxy.unescape("bad\\"))
        .hasMessage("failed to parse Grip-Keep-Alive cstring format");
  }

  @Test
  void servletUrlPatternsMatchAsTheContainerDoes() {
    assertThat(DevGripProxyFilter.matches(List.of("/api/websocket"), "/api/websocket")).isTrue();
    assertThat(DevGripProxyFilter.matches(List.of("/api/websocket"), "/api/websocket/x")).isFalse();
    assertThat(DevGripProxyFilter.matches(List.of("/api/log/*"), "/api/log")).isTrue();
    assertThat(DevGripProxyFilter.matches(List.of("/api/log/*"), "/api/log/room-a")).isTrue();
    assertThat(DevGripProxyFilter.matches(List.of("/api/log/*"), "/api/logs")).isFalse();
    assertThat(DevGripProxyFilter.matches(List.of("*.ws"), "/a/b.ws")).isTrue();
  }

  @Test
  void builderRefusesWhatIsNotAServletPatternOrAPublishPath() {
    assertThatThrownBy(() -> DevGripProxy.builder().webSocketPath("api/ws"))
        .hasMessage("not a servlet URL pattern: api/ws");
    assertThatThrownBy(() -> DevGripProxy.builder().httpPath("/a/*/b"))
        .hasMessage("not a servlet URL pattern: /a/*/b");
    assertThatThrownBy(() -> DevGripProxy.builder().publishPath("/grip/"))
        .hasMessage("publish path must look like /<prefix>/publish/: /grip/");
  }

  @Test
  void signingKeyIs32RandomBytesPerProxy() {
    DevGripProxy one = DevGripProxy.builder().build();
    DevGripProxy two = DevGripProxy.builder().build();

    assertThat(one.signingKey()).hasSize(32).isNotEqualTo(two.signingKey());
    assertThat(one.signingKey()).isEqualTo(one.signingKey()).isNotSameAs(one.signingKey());
    one.shutdown();
    two.shutdown();
  }
}
