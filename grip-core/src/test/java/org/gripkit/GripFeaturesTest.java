package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GripFeaturesTest {
  /** What Pushpin 1.36 sends (PUSHPIN-OBSERVED.md). */
  private static final String PUSHPIN_136 = "status, session, link:next, filter:skip-self,"
      + " filter:skip-users, filter:require-sub, filter:build-id, filter:var-subst";

  @Test
  void pushpin136AnnouncesTheseFeaturesInThisOrder() {
    GripFeatures features = GripFeatures.parse(PUSHPIN_136);
    assertThat(features.names()).containsExactly("status", "session", "link:next",
        "filter:skip-self", "filter:skip-users", "filter:require-sub", "filter:build-id",
        "filter:var-subst");
    assertThat(features.has("link:next")).isTrue();
    assertThat(features.has("link:gone")).isFalse();
    assertThat(features.isEmpty()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ChannelFilter.class)
  void pushpin136HasEveryChannelFilter(ChannelFilter filter) {
    assertThat(GripFeatures.parse(PUSHPIN_136).has(filter)).isTrue();
  }

  @Test
  void namesAreTrimmedAndComparedIgnoringCase() {
    GripFeatures features = GripFeatures.parse("  Status ,LINK:Next;x=1,, ,filter:skip-self ");
    assertThat(features.names()).containsExactly("status", "link:next", "filter:skip-self");
    assertThat(features.has(" STATUS ")).isTrue();
    assertThat(features.has(ChannelFilter.SKIP_SELF)).isTrue();
    assertThat(features.has(ChannelFilter.VAR_SUBST)).isFalse();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", " ", ",", " , ;x"})
  void blankHeadersHaveNoFeature(String header) {
    assertThat(GripFeatures.parse(header)).isEqualTo(GripFeatures.none());
    assertThat(GripFeatures.parse(header).isEmpty()).isTrue();
  }

  @Test
  void noHeaderIsNoFeature() {
    assertThat(GripFeatures.parse(null)).isSameAs(GripFeatures.none());
    assertThat(GripFeatures.parseAll(null)).isSameAs(GripFeatures.none());
    assertThat(GripFeatures.none().has("status")).isFalse();
    assertThat(GripFeatures.none()).hasToString("GripFeatures[]");
  }

  @Test
  void severalHeaderLinesAreOneList() {
    GripFeatures features = GripFeatures.parseAll(Arrays.asList("status", null, "session, status"));
    assertThat(features.names()).containsExactly("status", "session");
    assertThat(features).isEqualTo(GripFeatures.parse("status, session"))
        .hasSameHashCodeAs(GripFeatures.parse("status, session"))
        .hasToString("GripFeatures[status, session]");
    assertThat(GripFeatures.parseAll(List.of())).isSameAs(GripFeatures.none());
  }
}
