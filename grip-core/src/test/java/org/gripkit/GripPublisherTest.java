package org.gripkit;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.gripkit.PublishTesting.closedPort;
import static org.gripkit.PublishTesting.requests;
import static org.gripkit.PublishTesting.endpoint;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GripPublisherTest {
  @RegisterExtension
  static WireMockExtension proxy = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension second = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  private static final PublishItem HI = PublishItem.of("c", WsMessage.text("hi"));

  private static GripPublisher.Builder fastRetries(GripEndpoint... endpoints) {
    return GripPublisher.builder(List.of(endpoints))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(50));
  }

  private static GripPublishException failureOf(CompletableFuture<Void> future) {
    ExecutionException e = catchThrowableOfType(ExecutionException.class,
        () -> future.get(30, TimeUnit.SECONDS));
    assertThat(e).isNotNull();
    assertThat(e.getCause()).isInstanceOf(GripPublishException.class);
    return (GripPublishException) e.getCause();
  }

  @Test
  void postsTheItemsAsJsonToThePublishUri() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      publisher.publish(HI);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.get(0);
    assertThat(request.getMethod().value()).isEqualTo("POST");
    assertThat(request.getUrl()).isEqualTo("/publish/");
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(request.getBodyAsString()).isEqualTo(
        "{\"items\":[{\"channel\":\"c\",\"formats\":{\"ws-message\":{\"content\":\"hi\"}}}]}");
    assertThat(request.getHeader("Content-Length")).isEqualTo("69");
    assertThat(request.containsHeader("Authorization")).isFalse();
  }

  @Test
  void contentLengthCountsUtf8Bytes() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      publisher.publish(PublishItem.of("sala-ñ", WsMessage.text("héllo 😀")));
    }
    LoggedRequest request = requests(proxy).get(0);
    String expected = "{\"items\":[{\"channel\":\"sala-ñ\",\"formats\":{\"ws-message\":"
        + "{\"content\":\"héllo 😀\"}}}]}";
    assertThat(request.getBody()).isEqualTo(expected.getBytes(UTF_8));
    // 80 UTF-16 units, 84 bytes: ñ and é are 2 bytes each, the emoji 4 bytes (2 units).
    assertThat(request.getHeader("Content-Length")).isEqualTo("84");
  }

  @Test
  void severalItemsGoInOneRequestInOrder() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      publisher.publish(PublishItem.of("a", WsMessage.text("1")),
          PublishItem.of("b", WsMessage.text("2")), PublishItem.of("a", WsMessage.text("3")));
    }
    assertThat(requests(proxy)).hasSize(1);
    assertThat(PublishTesting.wsContents(requests(proxy))).containsExactly("1", "2", "3");
  }

  @Test
  void authorizationIsMadeAfreshForEachAttempt() throws Exception {
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(status(503)).willSetStateTo("up"));
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs("up")
        .willReturn(ok("Published")));
    GripEndpoint jwt = GripEndpoint.parse(proxy.baseUrl() + "/?iss=pushpin&key=changeme");
    // Each reading of the clock is 100 s after the one before.
    AtomicInteger readings = new AtomicInteger();
    Clock stepping = new Clock() {
      @Override
      public Instant instant() {
        return Instant.ofEpochSecond(1_700_000_000L + 100L * readings.getAndIncrement());
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
    try (GripPublisher publisher = fastRetries(jwt).clock(stepping).build()) {
      publisher.publish(HI);
    }
    List<String> authorizations = requests(proxy).stream()
        .map(r -> r.getHeader("Authorization")).toList();
    assertThat(authorizations).hasSize(2).doesNotHaveDuplicates();
    assertThat(authorizations).extracting(PublisherFormatsTest::jwtClaims)
        .containsExactly("{\"iss\":\"pushpin\",\"exp\":1700000600}",
            "{\"iss\":\"pushpin\",\"exp\":1700000800}");
  }

  @Test
  void a503IsRetriedAndThenSucceeds() throws Exception {
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(status(503).withBody("busy")).willSetStateTo("up"));
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs("up")
        .willReturn(ok("Published")));
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      publisher.publishAsync(HI).get(10, TimeUnit.SECONDS);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).getBody()).isEqualTo(requests.get(0).getBody());
  }

  @Test
  void a429WaitsForRetryAfterSeconds() throws Exception {
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(status(429).withHeader("Retry-After", "1")).willSetStateTo("up"));
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs("up")
        .willReturn(ok("Published")));
    try (GripPublisher publisher = GripPublisher.builder(List.of(endpoint(proxy)))
        .backoff(Duration.ofMillis(10), Duration.ofSeconds(5)).build()) {
      publisher.publish(HI);
    }
    List<LoggedRequest> requests = requests(proxy);
    assertThat(requests).hasSize(2);
    long gap = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
    // The backoff alone would be 5 to 10 ms.
    assertThat(gap).isBetween(950L, 4000L);
  }

  @Test
  void retryAfterIsCappedAtTheMaximumBackoff() throws Exception {
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(status(429).withHeader("Retry-After", "3600")).willSetStateTo("up"));
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs("up")
        .willReturn(ok("Published")));
    long start = System.nanoTime();
    try (GripPublisher publisher = GripPublisher.builder(List.of(endpoint(proxy)))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).build()) {
      publisher.publishAsync(HI).get(10, TimeUnit.SECONDS);
    }
    assertThat(requests(proxy)).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void a400IsNotRetried() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(status(400)
        .withHeader("Content-Type", "text/plain").withBody("Invalid format: no formats specified")));
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).maxAttempts(5).build()) {
      e = failureOf(publisher.publishAsync(HI));
    }
    assertThat(requests(proxy)).hasSize(1);
    assertThat(e.status()).hasValue(400);
    assertThat(e.body()).isEqualTo("Invalid format: no formats specified");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void a401ExposesStatusAndBody() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(status(401).withBody("bad token")));
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      GripPublishException e = catchThrowableOfType(GripPublishException.class,
          () -> publisher.publish(HI));
      assertThat(e.status()).hasValue(401);
      assertThat(e.body()).isEqualTo("bad token");
      assertThat(e.endpoint()).isEqualTo(URI.create(proxy.baseUrl() + "/publish/"));
      assertThat(e).hasMessage("publish to " + proxy.baseUrl()
          + "/publish/ failed: 401 \"bad token\" (1 attempt)");
    }
    assertThat(requests(proxy)).hasSize(1);
  }

  @Test
  void persistent5xxFailsAfterMaxAttempts() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(status(500).withBody("oops")));
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).maxAttempts(3).build()) {
      e = failureOf(publisher.publishAsync(HI));
    }
    assertThat(requests(proxy)).hasSize(3);
    assertThat(e.status()).hasValue(500);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e).hasMessageEndingWith("failed: 500 \"oops\" (3 attempts)");
  }

  @Test
  void connectionRefusedFailsWithNoStatusAfterRetries() throws Exception {
    String control = "http://127.0.0.1:" + closedPort();
    String uri = control + "/publish/";
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(GripEndpoint.parse(control)).maxAttempts(2)
        .build()) {
      e = failureOf(publisher.publishAsync(HI));
    }
    assertThat(e.status()).isEmpty();
    assertThat(e.body()).isEmpty();
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.getMessage()).startsWith("publish to " + uri + " failed: no status, ")
        .contains("Connection refused").endsWith("(2 attempts)");
  }

  @Test
  void aResponseTimeoutFailsInAboutTheConfiguredTimeAndIsNotRetried() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(10_000)));
    long start = System.nanoTime();
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(endpoint(proxy))
        .responseTimeout(Duration.ofMillis(300)).closeTimeout(Duration.ZERO).build()) {
      e = failureOf(publisher.publishAsync(HI));
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(6));
    assertThat(e.status()).isEmpty();
    assertThat(e).hasMessageEndingWith("failed: no status, no response within 300 ms (1 attempt)");
    assertThat(requests(proxy)).hasSize(1);
  }

  @Test
  void everyEndpointReceivesEveryPublishConcurrently() throws Exception {
    for (WireMockExtension server : List.of(proxy, second)) {
      server.stubFor(post("/publish/").atPriority(1).withRequestBody(containing("warm-up"))
          .willReturn(ok("Published")));
      server.stubFor(post("/publish/").atPriority(5)
          .willReturn(ok("Published").withFixedDelay(1500)));
    }
    try (GripPublisher publisher = fastRetries(endpoint(proxy), endpoint(second)).build()) {
      publisher.publish(PublishItem.of("c", WsMessage.text("warm-up"))); // classes loaded
      long start = System.nanoTime();
      publisher.publish(HI);
      // One endpoint after the other would take at least 3 s.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2700));
    }
    assertThat(requests(proxy)).hasSize(2);
    assertThat(requests(second)).hasSize(2);
    assertThat(requests(second).get(1).getBody()).isEqualTo(requests(proxy).get(1).getBody());
  }

  @Test
  void oneFailingEndpointDoesNotHideTheOthersSuccess() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(status(403).withBody("forbidden")));
    second.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(300)));
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(endpoint(proxy), endpoint(second)).build()) {
      e = failureOf(publisher.publishAsync(HI));
    }
    URI failing = URI.create(proxy.baseUrl() + "/publish/");
    URI succeeding = URI.create(second.baseUrl() + "/publish/");
    assertThat(e.endpoint()).isEqualTo(failing);
    assertThat(e.status()).hasValue(403);
    assertThat(e.failed()).containsExactly(failing);
    assertThat(e.succeeded()).containsExactly(succeeding);
    assertThat(e.getSuppressed()).isEmpty();
    assertThat(e).hasMessage("publish to " + failing
        + " failed: 403 \"forbidden\" (1 attempt); 1 of 2 endpoints failed");
    // The future waited for the slow endpoint's answer.
    assertThat(requests(second)).hasSize(1);
  }

  @Test
  void severalFailingEndpointsAreAllReported() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(status(401).withBody("bad token")));
    second.stubFor(post("/publish/").willReturn(status(400).withBody("bad item")));
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(endpoint(proxy), endpoint(second)).build()) {
      e = failureOf(publisher.publishAsync(HI));
    }
    assertThat(e.status()).hasValue(401);
    assertThat(e.succeeded()).isEmpty();
    assertThat(e.failed()).hasSize(2);
    assertThat(e.getSuppressed()).hasSize(1);
    GripPublishException other = (GripPublishException) e.getSuppressed()[0];
    assertThat(other.endpoint()).isEqualTo(URI.create(second.baseUrl() + "/publish/"));
    assertThat(other.status()).hasValue(400);
    assertThat(other.body()).isEqualTo("bad item");
  }

  @Test
  void endpointsAreShownWithoutCredentials() throws Exception {
    int port = closedPort();
    URI shown = URI.create("http://127.0.0.1:" + port + "/publish/");
    GripEndpoint bearer = GripEndpoint.parse("http://127.0.0.1:" + port + "/?key=s3cret&foo=bar");
    GripEndpoint basic = GripEndpoint.parse("http://alice:pa55word@127.0.0.1:" + port + "/");
    assertThat(bearer.publishUri().toString()).endsWith("/publish/?foo=bar");
    GripPublishException e;
    try (GripPublisher publisher = fastRetries(bearer, basic).maxAttempts(1).build()) {
      assertThat(publisher.endpoints()).containsExactly(shown, shown);
      e = failureOf(publisher.publishAsync(HI));
    }
    assertThat(e.endpoint()).isEqualTo(shown);
    assertThat(e.getSuppressed()).hasSize(1);
    for (Throwable t : List.of(e, e.getSuppressed()[0])) {
      assertThat(t.getMessage()).doesNotContain("s3cret").doesNotContain("foo")
          .doesNotContain("alice").doesNotContain("pa55word");
    }
  }

  @Test
  void sequentialPublishesReusePooledConnections() throws Exception {
    // A bare keep-alive HTTP/1.1 server that counts the connections it accepts.
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket socket = server.accept();
            connections.incrementAndGet();
            Thread worker = new Thread(() -> answerPublishes(socket));
            worker.setDaemon(true);
            worker.start();
          } catch (IOException e) {
            return; // closed
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try (GripPublisher publisher = fastRetries(GripEndpoint.parse(
          "http://127.0.0.1:" + server.getLocalPort())).build()) {
        for (int i = 0; i < 20; i++) {
          publisher.publish(HI);
        }
      }
    }
    // 20 without reuse. The answer completes the future a moment before the client returns
    // the connection to its pool, so the second publish may open a second connection.
    assertThat(connections.get()).isBetween(1, 2);
  }

  /** Answers 200 Published to each request on the connection until the client closes it. */
  private static void answerPublishes(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        StringBuilder head = new StringBuilder();
        int c;
        while (!head.toString().endsWith("\r\n\r\n")) {
          if ((c = in.read()) < 0) {
            return;
          }
          head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
          if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring("content-length:".length()).trim());
          }
        }
        in.readNBytes(length);
        out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\n\r\nPublished"
            .getBytes(UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  @Test
  void dependentStagesDoNotRunOnTheClientIoThreads() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      String thread = publisher.publishAsync(HI)
          .thenApply(v -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);
      assertThat(thread).startsWith("gripkit-publisher-callback-");
    }
  }

  @Test
  void closeWaitsForPublishesInFlight() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(300)));
    CompletableFuture<Void> future;
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      future = publisher.publishAsync(HI);
    }
    assertThat(future).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void closeFailsWhatIsStillUnansweredAfterTheCloseTimeout() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published").withFixedDelay(10_000)));
    GripPublisher publisher = fastRetries(endpoint(proxy))
        .closeTimeout(Duration.ofMillis(200)).build();
    CompletableFuture<Void> future = publisher.publishAsync(HI);
    long start = System.nanoTime();
    publisher.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    GripPublishException e = failureOf(future);
    assertThat(e.status()).isEmpty();
    assertThat(e.getMessage()).contains("failed: no status");
  }

  @Test
  void aClosedPublisherRefusesToPublish() {
    GripPublisher publisher = fastRetries(endpoint(proxy)).build();
    publisher.close();
    publisher.close(); // twice is fine
    assertThatThrownBy(() -> publisher.publishAsync(HI))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("publisher is closed");
  }

  @Test
  void publishingNothingIsRejected() {
    try (GripPublisher publisher = fastRetries(endpoint(proxy)).build()) {
      assertThatThrownBy(() -> publisher.publishAsync(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("no items to publish");
    }
  }

  @Test
  void aPublisherNeedsAnEndpoint() {
    assertThatThrownBy(() -> GripPublisher.builder(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no endpoints to publish to");
  }

  @Test
  void retryAfterParsesSecondsAndDates() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryPolicy.parseRetryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Tue, 31 Dec 2024 00:00:00 GMT", now))
        .isEqualTo(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isNull();
    assertThat(RetryPolicy.parseRetryAfter("-1", now)).isNull();
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isNull();
  }

  @Test
  void backoffDoublesWithJitterUpToTheMaximum() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(policy.delay(1, null, 0.0)).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.delay(1, null, 0.999999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(policy.delay(2, null, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delay(3, null, 0.0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delay(5, null, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delay(60, null, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delay(1, Duration.ofSeconds(30), 0.5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.delay(1, Duration.ofMillis(300), 0.5)).isEqualTo(Duration.ofMillis(300));
  }
}
