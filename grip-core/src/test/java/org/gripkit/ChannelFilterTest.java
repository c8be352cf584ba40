package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChannelFilterTest {
  @Test
  void wireNamesArePushpins() {
    assertThat(ChannelFilter.values()).extracting(ChannelFilter::wireName).containsExactly(
        "skip-self", "skip-users", "require-sub", "build-id", "var-subst");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ChannelFilter.class)
  void eachFilterIsFoundByItsWireNameAndAnnouncedAsAFeature(ChannelFilter filter) {
    assertThat(ChannelFilter.of(filter.wireName())).isSameAs(filter);
    assertThat(filter.featureName()).isEqualTo("filter:" + filter.wireName());
    assertThat(filter).hasToString(filter.wireName());
  }

  @Test
  void anUnknownNameIsRefused() {
    assertThatThrownBy(() -> ChannelFilter.of("SKIP_SELF"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown channel filter: \"SKIP_SELF\"");
  }
}
