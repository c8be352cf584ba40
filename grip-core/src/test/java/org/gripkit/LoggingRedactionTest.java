package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gripkit.PublishTesting.closedPort;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.gripkit.PublishFormat.WsMessage;
import org.junit.jupiter.api.Test;

/**
 * No secret reaches a log line, an exception message or a {@code toString()}: the lines are
 * read back from slf4j-simple, which writes to System.err (see simplelogger.properties).
 */
class LoggingRedactionTest {
  private static final String[] SECRETS = {"s3cret-token", "hunter2", "pa55word"};

  /** Runs {@code work} and returns what was logged meanwhile. */
  private static String logged(ThrowingRunnable work) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      work.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void assertNoSecret(String text) {
    for (String secret : SECRETS) {
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void retriesAndFailuresAreLoggedWithoutTheKeyOrTheQuery() throws Exception {
    int port = closedPort();
    GripEndpoint endpoint = GripEndpoint.parse(
        "http://127.0.0.1:" + port + "/prefix/?key=s3cret-token&gateway-token=hunter2");
    String[] message = new String[1];
    String log = logged(() -> {
      try (GripPublisher publisher = GripPublisher.builder(java.util.List.of(endpoint))
          .maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(10)).build()) {
        assertThatThrownBy(() -> publisher.publish(PublishItem.of("c", WsMessage.text("hi"))))
            .isInstanceOf(GripPublishException.class)
            .satisfies(e -> message[0] = e.getMessage());
      }
    });

    String shown = "http://127.0.0.1:" + port + "/prefix/publish/";
    assertThat(log).contains("DEBUG org.gripkit.GripPublisher - publish of 1 items to " + shown
        + " failed (HttpHostConnectException: Connect to http://127.0.0.1:" + port)
        .containsPattern("attempt 1 of 2; retrying in \\d+ ms")
        .contains("WARN org.gripkit.GripPublisher - publish of 1 items failed: publish to "
            + shown + " failed: no status");
    assertNoSecret(log);
    assertNoSecret(message[0]);
    assertThat(log).doesNotContain("gateway-token");
  }

  @Test
  void refusedSignaturesAreLoggedByReasonNeverByToken() throws Exception {
    GripSigVerifier verifier = GripSigVerifier.of(
        GripConfig.builder().verifyKey("hunter2").build());
    String token = TestTokens.hs256("{\"exp\":1,\"hunter2\":\"x\"}", "hunter2");
    String log = logged(() -> assertThat(verifier.verify(token)).isFalse());

    assertThat(log).contains("DEBUG org.gripkit.GripSigVerifier - Grip-Sig refused: expired");
    assertThat(log).doesNotContain(token.substring(0, 20));
    assertNoSecret(log);
  }

  @Test
  void toStringsShowQueryNamesButNoValuesAndNoKeys() {
    GripEndpoint endpoint = GripEndpoint.parse(
        "https://alice:pa55word@pub.example/p/?gateway-token=hunter2&debug");
    assertThat(endpoint.toString()).contains(
        "controlUri=https://pub.example/p?gateway-token=[redacted]&debug");
    GripConfig config = GripConfig.builder()
        .endpoints("http://h/?iss=pushpin&key=s3cret-token&x=hunter2")
        .verifyKey("{\"kty\":\"oct\",\"k\":\"aHVudGVyMg\"}")
        .build();
    assertThat(config.toString()).contains("controlUri=http://h?x=[redacted]",
        "GripKey[HS256, 7 bytes]");
    assertNoSecret(config.toString());
    assertThat(config.toString()).doesNotContain("aHVudGVyMg");
    assertNoSecret(GripSigVerifier.of(config).toString());
  }

  @Test
  void redactionDropsUserInfoAndQueryFromUrisAndTexts() {
    URI uri = URI.create("http://alice:pa55word@[::1]:5561/a/publish/?k=hunter2#frag");
    assertThat(Redaction.uri(uri)).hasToString("http://[::1]:5561/a/publish/");
    assertThat(Redaction.withQueryNames(uri))
        .isEqualTo("http://[redacted]@[::1]:5561/a/publish/?k=[redacted]");
    assertThat(Redaction.text("Connect to " + uri + " failed; query k=hunter2, user"
        + " alice:pa55word", uri))
        .isEqualTo("Connect to http://[::1]:5561/a/publish/ failed; query [redacted], user"
            + " [redacted]");
    assertThat(Redaction.withQueryNames(URI.create("http://h"))).isEqualTo("http://h");
  }
}
