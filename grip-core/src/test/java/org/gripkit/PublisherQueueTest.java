package org.gripkit;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gripkit.PublishTesting.endpoint;
import static org.gripkit.PublishTesting.requests;
import static org.gripkit.PublishTesting.wsContents;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The publisher's bounded queue, and what close() does with what is queued. */
class PublisherQueueTest {
  @RegisterExtension
  static WireMockExtension proxy = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  private static PublishItem item(String content) {
    return PublishItem.of("c", WsMessage.text(content));
  }

  private static GripPublisher.Builder builder() {
    return GripPublisher.builder(List.of(endpoint(proxy)));
  }

  private static Throwable refusal(CompletableFuture<Void> future) {
    assertThat(future).isCompletedExceptionally();
    ExecutionException e = (ExecutionException) org.assertj.core.api.Assertions.catchThrowable(
        () -> future.get(0, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void aPublishThatDoesNotFitIsRefusedAtOnceAndWhole() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(1000)));
    GripListenerTest.Recorder recorder = new GripListenerTest.Recorder();
    try (GripPublisher publisher = builder().maxQueuedItems(3).listener(recorder).build()) {
      CompletableFuture<Void> first = publisher.publishAsync(item("1"), item("2"));
      CompletableFuture<Void> second = publisher.publishAsync(item("3"));
      long start = System.nanoTime();
      CompletableFuture<Void> refused = publisher.publishAsync(item("4"));
      CompletableFuture<Void> tooBig = publisher.publishAsync(item("5"), item("6"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));

      assertThat(refusal(refused)).isInstanceOf(RejectedExecutionException.class)
          .hasMessage("publish queue full: 1 item refused, 3 waiting for an answer, limit 3"
              + " (the endpoints answer slower than items are published)");
      assertThat(refusal(tooBig)).hasMessage("publish queue full: 2 items refused, 3 waiting for an"
          + " answer, limit 3 (the endpoints answer slower than items are published)");
      assertThat(recorder.calls).contains("rejected items=1 queued=3", "rejected items=2 queued=3");
      assertThat(first).succeedsWithin(Duration.ofSeconds(10));
      assertThat(second).succeedsWithin(Duration.ofSeconds(10));
      // Room again once answered.
      assertThat(publisher.publishAsync(item("7"))).succeedsWithin(Duration.ofSeconds(10));
    }
    // Without batching, separate calls travel independently: only the set is certain.
    assertThat(wsContents(requests(proxy))).containsExactlyInAnyOrder("1", "2", "3", "7");
  }

  @Test
  void theBlockingPublishThrowsTheRefusal() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(1000)));
    try (GripPublisher publisher = builder().maxQueuedItems(1).build()) {
      CompletableFuture<Void> first = publisher.publishAsync(item("1"));
      assertThatThrownBy(() -> publisher.publish(item("2")))
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageStartingWith("publish queue full: 1 item refused, 1 waiting");
      assertThat(first).succeedsWithin(Duration.ofSeconds(10));
    }
  }

  @Test
  void itemsWaitingInABatchCountAndACallOverTheLimitIsAlwaysRefused() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = builder().maxQueuedItems(4)
        .batching(Duration.ofSeconds(10), 100).build()) {
      List<CompletableFuture<Void>> accepted = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        accepted.add(publisher.publishAsync(item("b" + i)));
      }
      assertThat(refusal(publisher.publishAsync(item("b4"))))
          .isInstanceOf(RejectedExecutionException.class);
      publisher.close();
      for (CompletableFuture<Void> f : accepted) {
        // Answered before close() returned; the future itself completes on a callback thread.
        assertThat(f).succeedsWithin(Duration.ofSeconds(1));
      }
    }
    assertThat(wsContents(requests(proxy))).containsExactly("b0", "b1", "b2", "b3");
    try (GripPublisher publisher = builder().maxQueuedItems(2).build()) {
      assertThat(refusal(publisher.publishAsync(item("x"), item("y"), item("z"))))
          .hasMessage("publish refused: 3 items are more than the queue's limit of 2");
    }
  }

  @Test
  void closeSendsEveryQueuedBatchInOrderWithinTheTimeout() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(50)));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    List<String> sent = new ArrayList<>();
    GripPublisher publisher = builder().batching(Duration.ofSeconds(10), 5)
        .closeTimeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < 23; i++) {
      futures.add(publisher.publishAsync(item("q" + i)));
      sent.add("q" + i);
    }
    long start = System.nanoTime();
    publisher.close();
    // Five requests of at most 5 items, one at a time: far less than the 10 s window.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    for (CompletableFuture<Void> f : futures) {
      assertThat(f).succeedsWithin(Duration.ofSeconds(1));
    }
    assertThat(requests(proxy)).hasSize(5);
    assertThat(wsContents(requests(proxy))).containsExactlyElementsOf(sent);
  }

  @Test
  void closeGivesUpOnAStalledEndpointAfterTheTimeoutAndFailsWhatIsQueued() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(10_000)));
    GripPublisher publisher = builder().batching(Duration.ofSeconds(10), 2)
        .closeTimeout(Duration.ofMillis(300)).build();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      futures.add(publisher.publishAsync(item("s" + i)));
    }
    long start = System.nanoTime();
    publisher.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    for (CompletableFuture<Void> f : futures) {
      assertThat(f).failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOf(GripPublishException.class)
          .withMessageContaining("no status");
    }
  }

  @Test
  void theLimitIsChecked() {
    assertThatThrownBy(() -> builder().maxQueuedItems(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxQueuedItems out of range 1..10000000: 0");
    assertThatThrownBy(() -> builder().maxQueuedItems(10_000_001))
        .hasMessage("maxQueuedItems out of range 1..10000000: 10000001");
    assertThat(GripPublisher.DEFAULT_MAX_QUEUED_ITEMS).isEqualTo(10_000);
  }
}
