package org.gripkit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.gripkit.PublishTesting.requests;
import static org.gripkit.PublishTesting.endpoint;
import static org.gripkit.PublishTesting.wsContents;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchingPublisherTest {
  @RegisterExtension
  static WireMockExtension proxy = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension second = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  private static PublishItem item(String channel, String content) {
    return PublishItem.of(channel, WsMessage.text(content));
  }

  private static GripPublisher.Builder batching(Duration window, int maxItems,
      WireMockExtension... servers) {
    List<GripEndpoint> targets = new ArrayList<>();
    for (WireMockExtension s : servers) {
      targets.add(endpoint(s));
    }
    return GripPublisher.builder(targets)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(50))
        .batching(window, maxItems);
  }

  private static void allSucceed(List<CompletableFuture<Void>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void itemsPublishedWithinTheWindowGoInOneRequestInOrder() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (GripPublisher publisher = batching(Duration.ofMillis(200), 100, proxy).build()) {
      for (int i = 0; i < 10; i++) {
        futures.add(publisher.publishAsync(item(i % 2 == 0 ? "a" : "b", "m" + i)));
      }
      allSucceed(futures);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(1);
    assertThat(wsContents(requests))
        .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
  }

  @Test
  void aFullBatchIsSentWithoutWaitingForTheWindowAndNoRequestExceedsMaxItems()
      throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(100)));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    long start = System.nanoTime();
    try (GripPublisher publisher = batching(Duration.ofSeconds(10), 3, proxy).build()) {
      for (int i = 0; i < 7; i++) {
        futures.add(publisher.publishAsync(item("c", "m" + i)));
      }
      allSucceed(futures);
    }
    // The 10 s window never elapsed: full batches, and what waited behind them, went at once.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSizeBetween(3, 6);
    for (LoggedRequest r : requests) {
      assertThat(PublishTesting.json(r.getBody()).get("items").size()).isBetween(1, 3);
    }
    assertThat(wsContents(requests)).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
  }

  @Test
  void aLoneItemWaitsForTheWindow() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = batching(Duration.ofSeconds(1), 100, proxy).build()) {
      CompletableFuture<Void> future = publisher.publishAsync(item("c", "alone"));
      Thread.sleep(200);
      assertThat(requests(proxy)).isEmpty();
      future.get(10, TimeUnit.SECONDS);
    }
    assertThat(wsContents(requests(proxy))).containsExactly("alone");
  }

  @Test
  void oneCallWithManyItemsIsSplitIntoRequestsOfMaxItems() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    List<PublishItem> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      items.add(item("c", "m" + i));
    }
    try (GripPublisher publisher = batching(Duration.ofMillis(5), 2, proxy).build()) {
      publisher.publish(items);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(3);
    assertThat(wsContents(requests)).containsExactly("m0", "m1", "m2", "m3", "m4");
  }

  @Test
  void eachCallerGetsTheOutcomeOfTheRequestThatCarriedItsItem() throws Exception {
    proxy.stubFor(post("/publish/").atPriority(5).willReturn(ok("Published")));
    proxy.stubFor(post("/publish/").atPriority(1).withRequestBody(containing("poison"))
        .willReturn(status(400).withBody("Invalid format")));
    try (GripPublisher publisher = batching(Duration.ofSeconds(10), 2, proxy).build()) {
      // The first two fill a batch and go at once; the next two wait behind it.
      CompletableFuture<Void> a = publisher.publishAsync(item("c", "poison"));
      CompletableFuture<Void> b = publisher.publishAsync(item("c", "fine-1"));
      CompletableFuture<Void> c = publisher.publishAsync(item("c", "fine-2"));
      CompletableFuture<Void> d = publisher.publishAsync(item("c", "fine-3"));
      assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(GripPublishException.class)
          .hasMessageContaining("400 \"Invalid format\"");
      assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS))
          .cause().isInstanceOf(GripPublishException.class);
      c.get(10, TimeUnit.SECONDS);
      d.get(10, TimeUnit.SECONDS);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(2);
    assertThat(wsContents(requests.subList(0, 1))).containsExactly("poison", "fine-1");
    assertThat(wsContents(requests.subList(1, 2))).containsExactly("fine-2", "fine-3");
  }

  @Test
  void itemsPublishedDuringARetryGoAfterTheRetriedOnes() throws Exception {
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(status(503)).willSetStateTo("up"));
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs("up")
        .willReturn(ok("Published")));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (GripPublisher publisher = GripPublisher.builder(List.of(endpoint(proxy)))
        .backoff(Duration.ofMillis(600), Duration.ofMillis(600))
        .batching(Duration.ofMillis(1), 100).build()) {
      futures.add(publisher.publishAsync(item("c", "first")));
      await().atMost(Duration.ofSeconds(5)).until(() -> requests(proxy).size() == 1);
      futures.add(publisher.publishAsync(item("c", "second"))); // while "first" waits to retry
      allSucceed(futures);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(3);
    assertThat(wsContents(requests)).containsExactly("first", "first", "second");
  }

  @Test
  void closeSendsWhatIsPendingWithoutWaitingForTheWindow() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    long start = System.nanoTime();
    try (GripPublisher publisher = batching(Duration.ofSeconds(10), 100, proxy).build()) {
      futures.add(publisher.publishAsync(item("c", "x")));
      futures.add(publisher.publishAsync(item("c", "y")));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    allSucceed(futures);
    assertThat(wsContents(requests(proxy))).containsExactly("x", "y");
  }

  @Test
  void everyEndpointGetsEveryItemAndOneFailingDoesNotHideTheOther() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    second.stubFor(post("/publish/").willReturn(status(401).withBody("bad token")));
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    try (GripPublisher publisher = batching(Duration.ofMillis(50), 100, proxy, second).build()) {
      futures.add(publisher.publishAsync(item("c", "1")));
      futures.add(publisher.publishAsync(item("c", "2")));
      for (CompletableFuture<Void> f : futures) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
            .cause().isInstanceOfSatisfying(GripPublishException.class, e -> {
              assertThat(e.status()).hasValue(401);
              assertThat(e.body()).isEqualTo("bad token");
              assertThat(e.succeeded()).extracting(Object::toString)
                  .containsExactly(proxy.baseUrl() + "/publish/");
            });
      }
    }
    assertThat(wsContents(requests(proxy))).containsExactly("1", "2");
    assertThat(wsContents(requests(second))).containsExactly("1", "2");
    assertThat(requests(proxy)).hasSize(1);
  }

  @Test
  void batchingOptionsAreChecked() {
    GripPublisher.Builder builder = GripPublisher.builder(List.of(endpoint(proxy)));
    assertThatThrownBy(() -> builder.batching(Duration.ofMillis(-1), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batching window out of range 0..10 s: PT-0.001S");
    assertThatThrownBy(() -> builder.batching(Duration.ofMillis(5), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxItems is less than 1: 0");
  }
}
