package org.gripkit.testing;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one rule for tests that need Pushpin: use {@code /usr/bin/pushpin}, else {@code pushpin}
 * on the {@code PATH}; when there is none, <em>fail</em> on CI (environment {@code CI=true}) and
 * skip loudly elsewhere.
 *
 * <p>Apply it with {@link RequiresPushpin}: without Pushpin, the class (or method) is then
 * reported as skipped test by test, with a banner on standard error, and none of its {@code
 * BeforeAll} methods run; on CI it fails. Or call {@link #require()}, which fails on CI and
 * aborts the test through {@link Assumptions} elsewhere; {@link PushpinProcess.Builder#start()}
 * calls it too, so no test can silently run without Pushpin.
 */
public final class PushpinAvailability
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback {
  /** A system property naming the binary to use instead of looking for one. */
  public static final String BINARY_PROPERTY = "gripkit.pushpin.binary";

  static final Path DEFAULT_BINARY = Path.of("/usr/bin/pushpin");

  /** Used by JUnit through {@link RequiresPushpin}. */
  public PushpinAvailability() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (find().isPresent()) {
      return ConditionEvaluationResult.enabled("pushpin found");
    }
    if (onCi(System.getenv())) {
      // Enabled, so that beforeAll/beforeEach fail it.
      return ConditionEvaluationResult.enabled("CI=true: fail without pushpin");
    }
    printBanner(notFoundMessage() + " [" + context.getDisplayName() + "]", System.err);
    return ConditionEvaluationResult.disabled("SKIPPED: " + notFoundMessage());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    require();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    require();
  }

  /**
   * The Pushpin binary, if this machine has one: the system property {@value #BINARY_PROPERTY}
   * if set (a missing file then means no Pushpin, to try the rule), else {@code
   * /usr/bin/pushpin}, else {@code pushpin} on the {@code PATH}.
   */
  public static Optional<Path> find() {
    String configured = System.getProperty(BINARY_PROPERTY);
    if (configured != null) {
      Path binary = Path.of(configured);
      return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
    }
    if (Files.isExecutable(DEFAULT_BINARY)) {
      return Optional.of(DEFAULT_BINARY);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "pushpin");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the Pushpin binary, or ends the calling test: a failure when {@code CI=true}, an
   * aborted (skipped) test with a warning on standard error otherwise.
   */
  public static Path require() {
    return require(find(), System.getenv(), System.err);
  }

  static Path require(Optional<Path> binary, Map<String, String> environment,
      PrintStream warnings) {
    if (binary.isPresent()) {
      return binary.get();
    }
    String message = notFoundMessage();
    if (onCi(environment)) {
      return Assertions.fail(message + " (CI=true: Pushpin tests must run on CI)");
    }
    printBanner(message, warnings);
    return Assumptions.abort("SKIPPED: " + message);
  }

  private static boolean onCi(Map<String, String> environment) {
    return "true".equalsIgnoreCase(environment.get("CI"));
  }

  private static String notFoundMessage() {
    String configured = System.getProperty(BINARY_PROPERTY);
    return configured != null
        ? "pushpin not found at " + configured + " (system property " + BINARY_PROPERTY + ")"
        : "pushpin not found (neither " + DEFAULT_BINARY + " nor pushpin on PATH); "
            + "install it with: apt-get install -y pushpin";
  }

  private static void printBanner(String message, PrintStream out) {
    out.println();
    out.println("*".repeat(78));
    out.println("*** SKIPPING PUSHPIN TESTS: " + message);
    out.println("*** (with CI=true these tests fail instead of being skipped)");
    out.println("*".repeat(78));
    out.println();
  }
}
