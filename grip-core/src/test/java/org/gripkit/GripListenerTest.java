package org.gripkit;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gripkit.PublishTesting.closedPort;
import static org.gripkit.PublishTesting.endpoint;
import static org.gripkit.TestTokens.ES256;
import static org.gripkit.TestTokens.HS256;
import static org.gripkit.TestTokens.b64;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GripListenerTest {
  @RegisterExtension
  static WireMockExtension proxy = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  private static final PublishItem HI = PublishItem.of("c", WsMessage.text("hi"));

  /** Every call, as a line; thread-safe. */
  static final class Recorder implements GripListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Duration> durations = new CopyOnWriteArrayList<>();
    final List<GripPublishException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void publishSucceeded(URI endpoint, int items, int attempts, Duration latency) {
      calls.add("succeeded " + endpoint + " items=" + items + " attempts=" + attempts);
      durations.add(latency);
    }

    @Override
    public void publishRetried(URI endpoint, int items, int failedAttempt, OptionalInt status,
        Duration delay) {
      calls.add("retried " + endpoint + " items=" + items + " attempt=" + failedAttempt
          + " status=" + status);
      durations.add(delay);
    }

    @Override
    public void publishFailed(URI endpoint, int items, GripPublishException failure,
        Duration latency) {
      calls.add("failed " + endpoint + " items=" + items + " attempts=" + failure.attempts());
      failures.add(failure);
      durations.add(latency);
    }

    @Override
    public void publishRejected(int items, int queuedItems) {
      calls.add("rejected items=" + items + " queued=" + queuedItems);
    }

    @Override
    public void signatureChecked(boolean valid, String reason) {
      calls.add((valid ? "valid " : "refused ") + reason);
    }
  }

  /** Throws from every method. */
  static final class Broken implements GripListener {
    @Override
    public void publishSucceeded(URI endpoint, int items, int attempts, Duration latency) {
      throw new IllegalStateException("broken listener");
    }

    @Override
    public void publishFailed(URI endpoint, int items, GripPublishException failure,
        Duration latency) {
      throw new AssertionError("broken listener");
    }

    @Override
    public void signatureChecked(boolean valid, String reason) {
      throw new IllegalStateException("broken listener");
    }
  }

  private static GripPublisher.Builder publisher(GripEndpoint endpoint, GripListener listener) {
    return GripPublisher.builder(List.of(endpoint))
        .backoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .listener(listener);
  }

  private static URI shown(WireMockExtension server) {
    return URI.create(server.baseUrl() + "/publish/");
  }

  @Test
  void aSuccessIsHeardBeforeThePublishReturns() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    Recorder recorder = new Recorder();
    try (GripPublisher publisher = publisher(endpoint(proxy), recorder).build()) {
      publisher.publish(HI, HI);
      assertThat(recorder.calls).containsExactly(
          "succeeded " + shown(proxy) + " items=2 attempts=1");
    }
    assertThat(recorder.durations.get(0)).isPositive().isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void retriesAreHeardWithTheStatusAndTheDelay() throws Exception {
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(status(503)).willSetStateTo("up"));
    proxy.stubFor(post("/publish/").inScenario("s").whenScenarioStateIs("up")
        .willReturn(ok("Published")));
    Recorder recorder = new Recorder();
    try (GripPublisher publisher = publisher(endpoint(proxy), recorder).build()) {
      publisher.publish(HI);
    }
    assertThat(recorder.calls).containsExactly(
        "retried " + shown(proxy) + " items=1 attempt=1 status=OptionalInt[503]",
        "succeeded " + shown(proxy) + " items=1 attempts=2");
    assertThat(recorder.durations.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  @Test
  void aFailureIsHeardWithTheEndpointsStatusAndBody() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(status(400).withBody("bad item")));
    Recorder recorder = new Recorder();
    try (GripPublisher publisher = publisher(endpoint(proxy), recorder).build()) {
      assertThatThrownBy(() -> publisher.publish(HI)).isInstanceOf(GripPublishException.class);
    }
    assertThat(recorder.calls).containsExactly("failed " + shown(proxy) + " items=1 attempts=1");
    GripPublishException failure = recorder.failures.get(0);
    assertThat(failure.status()).hasValue(400);
    assertThat(failure.body()).isEqualTo("bad item");
    assertThat(failure.endpoint()).isEqualTo(shown(proxy));
  }

  @Test
  void noAnswerIsARetryWithoutStatusThenAFailure() throws Exception {
    int port = closedPort();
    GripEndpoint closed = GripEndpoint.builder(URI.create("http://127.0.0.1:" + port)).build();
    Recorder recorder = new Recorder();
    try (GripPublisher publisher = publisher(closed, recorder).maxAttempts(2).build()) {
      assertThatThrownBy(() -> publisher.publish(HI)).isInstanceOf(GripPublishException.class);
    }
    URI shown = URI.create("http://127.0.0.1:" + port + "/publish/");
    assertThat(recorder.calls).containsExactly(
        "retried " + shown + " items=1 attempt=1 status=OptionalInt.empty",
        "failed " + shown + " items=1 attempts=2");
  }

  @Test
  void eachBatchIsHeardWithItsItemCount() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    Recorder recorder = new Recorder();
    try (GripPublisher publisher = publisher(endpoint(proxy), recorder)
        .batching(Duration.ofSeconds(5), 3).build()) {
      for (int i = 0; i < 3; i++) {
        publisher.publishAsync(HI);
      }
      publisher.publishAsync(HI).get(10, TimeUnit.SECONDS);
    }
    assertThat(recorder.calls).containsExactly(
        "succeeded " + shown(proxy) + " items=3 attempts=1",
        "succeeded " + shown(proxy) + " items=1 attempts=1");
  }

  @Test
  void aListenerThatThrowsChangesNothing() throws Exception {
    proxy.stubFor(post("/publish/").willReturn(ok("Published")));
    try (GripPublisher publisher = publisher(endpoint(proxy), new Broken()).build()) {
      publisher.publish(HI);
      publisher.publishAsync(HI).get(10, TimeUnit.SECONDS);
    }
    proxy.stubFor(post("/publish/").willReturn(status(400)));
    try (GripPublisher publisher = publisher(endpoint(proxy), new Broken()).build()) {
      assertThatThrownBy(() -> publisher.publish(HI)).isInstanceOf(GripPublishException.class)
          .hasMessageContaining("400");
    }
    GripSigVerifier verifier = GripSigVerifier.builder(GripConfig.builder()
            .verifyKey("changeme").build())
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .listener(new Broken()).build();
    assertThat(verifier.verify(TestTokens.hs256("{\"exp\":" + (NOW + 60) + "}", "changeme")))
        .isTrue();
    assertThat(verifier.verify("nope")).isFalse();
  }

  private static final long NOW = 1_700_000_000L;
  private static final java.security.KeyPair KEYS = TestTokens.p256();

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void everySignatureCheckIsHeardWithItsReason(String reason, GripConfig config, String token) {
    Recorder recorder = new Recorder();
    GripSigVerifier verifier = GripSigVerifier.builder(config)
        .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC))
        .listener(recorder).build();
    boolean valid = verifier.verify(token);
    assertThat(valid).isEqualTo(reason.equals("valid"));
    assertThat(recorder.calls).containsExactly((valid ? "valid " : "refused ") + reason);
  }

  static Stream<Arguments> tokens() {
    GripConfig pushpin = GripConfig.builder().verifyKey("changeme").verifyIssuer("pushpin")
        .verifyKey(GripKey.publicKey(KEYS.getPublic())).build();
    String exp = "\"exp\":" + (NOW + 60);
    return Stream.of(
        Arguments.of("valid", pushpin, TestTokens.hs256("{\"iss\":\"pushpin\"," + exp + "}",
            "changeme")),
        Arguments.of("missing", pushpin, ""),
        Arguments.of("too-long", pushpin, "a".repeat(GripSigVerifier.MAX_TOKEN_LENGTH + 1)),
        Arguments.of("malformed", pushpin, "a.b"),
        Arguments.of("malformed", pushpin,
            b64("{\"alg\":\"HS256\",\"crit\":[\"x\"]}") + "." + b64("{" + exp + "}") + ".AAAA"),
        Arguments.of("algorithm", pushpin,
            b64("{\"alg\":\"none\"}") + "." + b64("{" + exp + "}") + ".AAAA"),
        Arguments.of("signature", pushpin, TestTokens.hs256("{\"iss\":\"pushpin\"," + exp + "}",
            "not-the-key")),
        Arguments.of("signature", pushpin, TestTokens.es256(ES256,
            "{\"iss\":\"pushpin\"," + exp + "}", TestTokens.p256().getPrivate())),
        Arguments.of("expired", pushpin, TestTokens.hs256("{\"iss\":\"pushpin\",\"exp\":" + NOW
            + "}", "changeme")),
        Arguments.of("expired", pushpin, TestTokens.hs256("{\"iss\":\"pushpin\"}", "changeme")),
        Arguments.of("not-yet-valid", pushpin, TestTokens.hs256(HS256,
            "{\"iss\":\"pushpin\"," + exp + ",\"nbf\":" + (NOW + 30) + "}",
            "changeme".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
        Arguments.of("issuer", pushpin, TestTokens.es256(ES256,
            "{\"iss\":\"mallory\"," + exp + "}", KEYS.getPrivate())),
        Arguments.of("no-key", GripConfig.builder().signatureOptional().build(), "a.b.c"));
  }
}
