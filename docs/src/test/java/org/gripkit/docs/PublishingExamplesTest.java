package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gripkit.GripConfig;
import org.gripkit.GripEndpoint;
import org.gripkit.GripPublishException;
import org.gripkit.GripPublisher;
import org.gripkit.PublishItem;
import org.junit.jupiter.api.Test;

/** The publishing page's examples against publish endpoints on loopback. */
class PublishingExamplesTest {
  @Test
  void defaultPublisherPostsItemsWithAFreshJwt() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher = PublishingExamples.defaultPublisher(endpoint.gripUrl("k"))) {
      publisher.publish(PublishingExamples.closeAll());

      PublishEndpoint.Request request = endpoint.take();
      assertThat(request.path()).isEqualTo("/publish/");
      assertThat(request.authorization()).startsWith("Bearer ey");
      assertThat(request.body()).isEqualTo("{\"items\":[{\"channel\":\"room-42\",\"formats\":"
          + "{\"ws-message\":{\"action\":\"close\",\"code\":4003,\"reason\":\"room closed\"}}}]}");
    }
  }

  @Test
  void oneItemCarriesAllThreeFormats() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher = PublishingExamples.defaultPublisher(endpoint.gripUrl("k"))) {
      publisher.publish(PublishingExamples.everyFormat("{\"home\":2}"));

      assertThat(endpoint.take().body()).isEqualTo("{\"items\":[{\"channel\":\"scores\","
          + "\"formats\":{\"http-response\":{\"headers\":[[\"Content-Type\",\"application/json\"]],"
          + "\"body\":\"{\\\"home\\\":2}\"},"
          + "\"http-stream\":{\"content\":\"event: score\\ndata: {\\\"home\\\":2}\\n\\n\"},"
          + "\"ws-message\":{\"content\":\"{\\\"home\\\":2}\"}}}]}");
    }
  }

  @Test
  void idsAreSentForDeduplicationAndOrdering() {
    PublishItem item = PublishingExamples.withIds(7, "{}");
    assertThat(item.id()).isEqualTo("7");
    assertThat(item.prevId()).isEqualTo("6");
  }

  @Test
  void tunedPublisherRetriesA503AndBatchesItemsPublishedTogether() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher =
            PublishingExamples.tunedPublisher(GripConfig.parse(endpoint.gripUrl("k")))) {
      endpoint.answer(503, "busy");
      publisher.publish(PublishingExamples.withIds(1, "{\"n\":1}"));
      assertThat(endpoint.all()).hasSize(2); // the 503, then the retry
      endpoint.all().clear();

      CompletableFuture<?>[] sent = new CompletableFuture<?>[3];
      for (int i = 0; i < 3; i++) {
        sent[i] = publisher.publishAsync(PublishingExamples.withIds(i + 2, "{}"));
      }
      CompletableFuture.allOf(sent).get(10, TimeUnit.SECONDS);
      assertThat(endpoint.all()).hasSize(1);
      assertThat(endpoint.all().get(0).body())
          .containsSubsequence("\"id\":\"2\"", "\"id\":\"3\"", "\"id\":\"4\"");
    }
  }

  @Test
  void asyncPublishReportsAFailureThroughTheFuture() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher = PublishingExamples.defaultPublisher(endpoint.gripUrl("k"))) {
      endpoint.answer(400, "Invalid format: no formats specified");
      CompletableFuture<Void> sent =
          PublishingExamples.publishInBackground(publisher, PublishingExamples.closeAll());

      assertThatThrownBy(() -> sent.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(GripPublishException.class)
          .hasMessageContaining("400 \"Invalid format: no formats specified\" (1 attempt)");
    }
  }

  @Test
  void publishErrorIsExplainedNotThrown() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher = PublishingExamples.defaultPublisher(endpoint.gripUrl("k"))) {
      endpoint.answer(400, "Invalid format");
      PublishingExamples.publishOrExplain(publisher, PublishingExamples.closeAll());
      assertThat(endpoint.all()).hasSize(1); // a 4xx is not retried
    }
  }

  @Test
  void severalEndpointsAllReceiveEveryPublishAndOneFailureHidesNoSuccess() throws Exception {
    GripConfig config = PublishingExamples.twoProxies("key-a", "key-b");
    assertThat(config.endpoints()).extracting(GripEndpoint::publishUri).containsExactly(
        URI.create("http://pushpin-a.internal:5561/publish/"),
        URI.create("http://pushpin-b.internal:5561/publish/"));

    try (PublishEndpoint a = new PublishEndpoint(); PublishEndpoint b = new PublishEndpoint();
        GripPublisher publisher = GripPublisher.builder(
            GripConfig.parse(a.gripUrl("key-a") + ", " + b.gripUrl("key-b")))
            .maxAttempts(1).build()) {
      b.answer(400, "bad");
      assertThatThrownBy(() -> publisher.publish(PublishingExamples.closeAll()))
          .isInstanceOfSatisfying(GripPublishException.class, e -> {
            assertThat(e.succeeded()).containsExactly(publisher.endpoints().get(0));
            assertThat(e.failed()).containsExactly(publisher.endpoints().get(1));
            assertThat(e.getMessage()).endsWith("; 1 of 2 endpoints failed");
          });
      assertThat(a.take().body()).isEqualTo(b.take().body());
    }
  }

  @Test
  void closeSendsWhatBatchingStillHolds() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint()) {
      GripPublisher publisher =
          PublishingExamples.tunedPublisher(GripConfig.parse(endpoint.gripUrl("k")));
      CompletableFuture<Void> sent = publisher.publishAsync(PublishingExamples.closeAll());
      publisher.close();
      assertThat(sent).succeedsWithin(Duration.ofSeconds(1));
      assertThat(endpoint.all()).hasSize(1);
    }
  }

  @Test
  void itemListIsOneRequest() throws Exception {
    try (PublishEndpoint endpoint = new PublishEndpoint();
        GripPublisher publisher = PublishingExamples.defaultPublisher(endpoint.gripUrl("k"))) {
      publisher.publish(List.of(PublishingExamples.closeAll(), PublishingExamples.closeAll()));
      assertThat(endpoint.all()).hasSize(1);
    }
  }
}
