package org.gripkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension, watched from outside: small test classes run through the JUnit launcher, and
 * what they were given is checked after they finished.
 */
class GripTestKitTest {
  private static final String LAUNCHING = "org.gripkit.testkit.GripTestKitTest#launching";
  static final List<PublishRecorder> seen = new CopyOnWriteArrayList<>();
  private static volatile boolean launching;

  /** The nested classes run only from {@link #run}, even when a -Dtest pattern selects them. */
  static boolean launching() {
    return launching;
  }

  private static TestExecutionSummary run(Class<?> testClass) {
    seen.clear();
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    launching = true;
    try {
      LauncherFactory.create().execute(request, listener);
    } finally {
      launching = false;
    }
    return listener.getSummary();
  }

  private static boolean listening(PublishRecorder recorder) {
    try {
      new Socket("127.0.0.1", recorder.port()).close();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @ExtendWith(GripTestKit.class)
  @EnabledIf(LAUNCHING)
  static class PerTest {
    private PublishRecorder fromBeforeEach;

    @BeforeEach
    void setUp(PublishRecorder recorder) {
      fromBeforeEach = recorder;
    }

    @Test
    void one(PublishRecorder recorder) {
      assertSame(fromBeforeEach, recorder);
      assertThat(listening(recorder)).isTrue();
      seen.add(recorder);
    }

    @Test
    void two(PublishRecorder recorder, PublishRecorder again) {
      assertSame(recorder, again);
      seen.add(recorder);
    }
  }

  @Test
  void eachTestGetsItsOwnRecorderClosedAfterIt() {
    TestExecutionSummary summary = run(PerTest.class);

    assertThat(summary.getTotalFailureCount()).as(summary.getFailures().toString()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(seen).hasSize(2).doesNotHaveDuplicates();
    assertThat(seen).noneMatch(GripTestKitTest::listening);
  }

  @ExtendWith(GripTestKit.class)
  @EnabledIf(LAUNCHING)
  static class SharedFromBeforeAll {
    static PublishRecorder shared;

    @BeforeAll
    static void start(PublishRecorder recorder) {
      shared = recorder;
    }

    @Test
    void one(PublishRecorder recorder) {
      assertSame(shared, recorder);
      seen.add(recorder);
    }

    @Test
    void two(PublishRecorder recorder) {
      assertSame(shared, recorder);
      assertThat(listening(recorder)).as("still open after the first test").isTrue();
      seen.add(recorder);
    }
  }

  @Test
  void aRecorderFromBeforeAllIsSharedAndClosedAfterTheClass() {
    TestExecutionSummary summary = run(SharedFromBeforeAll.class);

    assertThat(summary.getTotalFailureCount()).as(summary.getFailures().toString()).isZero();
    assertThat(seen).hasSize(2).containsOnly(SharedFromBeforeAll.shared);
    assertThat(listening(SharedFromBeforeAll.shared)).isFalse();
  }

  @ExtendWith(GripTestKit.class)
  @EnabledIf(LAUNCHING)
  static class DriverWithoutTarget {
    @Test
    void wantsADriver(WebSocketDriver driver) {
    }
  }

  @Test
  void aDriverWithoutTargetFailsWithAMessageSayingSo() {
    TestExecutionSummary summary = run(DriverWithoutTarget.class);

    assertThat(summary.getTotalFailureCount()).isEqualTo(1);
    assertThat(summary.getFailures().get(0).getException())
        .hasMessageContaining("a WebSocketDriver needs a target: register the kit with"
            + " @RegisterExtension static final GripTestKit kit = GripTestKit.forHandler(...)");
  }

  @EnabledIf(LAUNCHING)
  static class DriverForAHandler {
    @RegisterExtension
    static final GripTestKit kit = GripTestKit.forHandler(ws -> {
      if (ws.isOpening()) {
        ws.accept();
        ws.subscribe("news");
      }
    });

    @Test
    void opens(WebSocketDriver driver, WebSocketDriver same) {
      assertSame(driver, same);
      driver.connect().open().assertAccepted().assertSubscribed("news");
    }
  }

  @Test
  void aKitForAHandlerGivesADriverForIt() {
    TestExecutionSummary summary = run(DriverForAHandler.class);

    assertThat(summary.getTotalFailureCount()).as(summary.getFailures().toString()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }
}
