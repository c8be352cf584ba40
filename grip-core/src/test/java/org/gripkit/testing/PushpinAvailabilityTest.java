package org.gripkit.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PushpinAvailabilityTest {
  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(warnings, true, StandardCharsets.UTF_8);

  @Test
  void missingPushpinFailsOnCi() {
    assertThatThrownBy(() -> PushpinAvailability.require(Optional.empty(), Map.of("CI", "true"),
        out))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("pushpin not found")
        .hasMessageEndingWith("(CI=true: Pushpin tests must run on CI)");
  }

  @Test
  void missingPushpinSkipsLoudlyElsewhere() {
    assertThatThrownBy(() -> PushpinAvailability.require(Optional.empty(), Map.of(), out))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("SKIPPED: pushpin not found");
    assertThat(warnings.toString(StandardCharsets.UTF_8))
        .contains("*** SKIPPING PUSHPIN TESTS: pushpin not found");

    assertThatThrownBy(() -> PushpinAvailability.require(Optional.empty(), Map.of("CI", "false"),
        out))
        .isInstanceOf(TestAbortedException.class);
  }

  @Test
  void presentPushpinIsReturnedEvenOnCi() {
    Path binary = Path.of("/opt/pushpin/bin/pushpin");
    assertThat(PushpinAvailability.require(Optional.of(binary), Map.of("CI", "true"), out))
        .isEqualTo(binary);
    assertThat(warnings.size()).isZero();
  }
}
