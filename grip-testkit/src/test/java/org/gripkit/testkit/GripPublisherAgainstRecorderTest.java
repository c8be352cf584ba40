package org.gripkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.gripkit.GripConfig;
import org.gripkit.GripPublishException;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * grip-core's {@link GripPublisher} pointed at a recorder, as an application's tests would
 * point theirs: credentials, retries on enqueued 503s, and the failures it must report.
 */
@ExtendWith(GripTestKit.class)
class GripPublisherAgainstRecorderTest {
  private static final PublishItem HI =
      PublishItem.builder("room-a").id("2").prevId("1")
          .format(PublishFormat.WsMessage.text("hi")).build();

  private static GripPublisher publisher(GripConfig config) {
    return GripPublisher.builder(config)
        .backoff(Duration.ofMillis(10), Duration.ofMillis(1500))
        .responseTimeout(Duration.ofMillis(500))
        .build();
  }

  @Test
  void aPublishArrivesAsOneItemWithTheTestJwt(PublishRecorder recorder) throws Exception {
    try (GripPublisher publisher = publisher(recorder.config())) {
      publisher.publish(HI);
    }
    RecordedPublish publish = recorder.takeRequest();
    assertThat(publish.header("Content-Type")).isEqualTo("application/json");
    assertThat(publish.header("Authorization")).startsWith("Bearer ");
    assertThat(Hs256.problem(publish.header("Authorization").substring(7), "pushpin",
        "changeme".getBytes(UTF_8), java.time.Instant.now())).isNull();
    assertThat(recorder.items()).extracting(RecordedItem::toPublishItem).containsExactly(HI);
  }

  @Test
  void enqueued503sAreRetriedAndTheItemIsRecordedOnce(PublishRecorder recorder) throws Exception {
    recorder.enqueue(PublishAnswer.status(503).withBody("busy\n"));
    recorder.enqueue(PublishAnswer.status(503).withBody("busy\n")
        .withRetryAfter(Duration.ofSeconds(1)));
    try (GripPublisher publisher = publisher(recorder.config())) {
      publisher.publish(HI);
    }

    assertThat(recorder.requests()).extracting(RecordedPublish::status).containsExactly(503, 503, 200);
    assertThat(recorder.requests()).extracting(RecordedPublish::bodyText).containsOnly(
        "{\"items\":[{\"channel\":\"room-a\",\"id\":\"2\",\"prev-id\":\"1\","
            + "\"formats\":{\"ws-message\":{\"content\":\"hi\"}}}]}");
    assertThat(recorder.items()).hasSize(1);
    java.util.List<RecordedPublish> requests = recorder.requests();
    assertThat(Duration.between(requests.get(1).receivedAt(), requests.get(2).receivedAt()))
        .as("Retry-After: 1 was waited for")
        .isGreaterThanOrEqualTo(Duration.ofMillis(990));
  }

  @Test
  void retriesStopAfterTheLastAttemptWithTheLastStatus(PublishRecorder recorder) throws Exception {
    for (int i = 0; i < 3; i++) {
      recorder.enqueue(PublishAnswer.status(502).withBody("bad gateway " + i));
    }
    GripPublishException e;
    try (GripPublisher publisher = publisher(recorder.config())) {
      e = catchThrowableOfType(GripPublishException.class, () -> publisher.publish(HI));
    }
    assertThat(e.status()).hasValue(502);
    assertThat(e.body()).isEqualTo("bad gateway 2");
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(recorder.items()).isEmpty();
  }

  @Test
  void a401IsReportedWithItsBodyAndNotRetried() throws Exception {
    try (PublishRecorder strict = PublishRecorder.builder()
            .requireJwt("pushpin", "the-real-key".getBytes(UTF_8)).start();
        GripPublisher publisher = publisher(GripConfig.parse(
            "http://127.0.0.1:" + strict.port() + "/?iss=pushpin&key=changeme"))) {
      GripPublishException e =
          catchThrowableOfType(GripPublishException.class, () -> publisher.publish(HI));
      assertThat(e.status()).hasValue(401);
      assertThat(e.body()).isEqualTo("JWT signature does not match the key\n");
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(strict.requestCount()).isEqualTo(1);
      assertThat(strict.items()).isEmpty();
    }
  }

  @Test
  void aBearerTokenGripUrlPublishesToAFanoutStyleRecorder() throws Exception {
    try (PublishRecorder fanout = PublishRecorder.builder().requireBearer("TOKEN").start();
        GripPublisher publisher = publisher(fanout.config())) {
      publisher.publish(HI);
      assertThat(fanout.takeRequest().header("Authorization")).isEqualTo("Bearer TOKEN");
      assertThat(fanout.items()).hasSize(1);
    }
  }

  @Test
  void aDroppedConnectionIsRetriedAndThenHasNoStatus(PublishRecorder recorder) throws Exception {
    recorder.enqueue(PublishAnswer.dropConnection());
    try (GripPublisher publisher = publisher(recorder.config())) {
      publisher.publish(HI);
    }
    assertThat(recorder.requests()).extracting(RecordedPublish::status).containsExactly(-1, 200);

    for (int i = 0; i < 3; i++) {
      recorder.enqueue(PublishAnswer.dropConnection());
    }
    GripPublishException e;
    try (GripPublisher publisher = publisher(recorder.config())) {
      e = catchThrowableOfType(GripPublishException.class, () -> publisher.publish(HI));
    }
    assertThat(e.status()).isEmpty();
    assertThat(e.getMessage()).contains("failed: no status");
  }

  @Test
  void anAnswerSlowerThanTheResponseTimeoutFailsWithoutARetry(PublishRecorder recorder)
      throws Exception {
    // A retry after a timeout could deliver the items twice: the publisher must not retry.
    recorder.enqueue(PublishAnswer.published().withDelay(Duration.ofSeconds(2)));
    GripPublishException e;
    try (GripPublisher publisher = publisher(recorder.config())) {
      e = catchThrowableOfType(GripPublishException.class, () -> publisher.publish(HI));
    }
    assertThat(e.status()).isEmpty();
    assertThat(e.getMessage()).contains("no response within 500 ms");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(recorder.requestCount()).isEqualTo(1);
  }
}
