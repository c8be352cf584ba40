package org.gripkit.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.gripkit.GripEndpoint;
import org.gripkit.PublishFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The recorder over plain HTTP: what it answers, what it records, how it can be told to fail. */
class PublishRecorderTest {
  private static final String ITEMS =
      "{\"items\":[{\"channel\":\"room-a\",\"formats\":{\"ws-message\":{\"content\":\"hi\"}}}]}";
  private static final HttpClient client = HttpClient.newHttpClient();

  private PublishRecorder recorder;

  @BeforeEach
  void start() {
    recorder = PublishRecorder.start();
  }

  @AfterEach
  void stop() {
    recorder.close();
  }

  private static HttpResponse<String> post(URI uri, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String body, String... headers)
      throws IOException, InterruptedException {
    return post(recorder.publishUri(), body, headers);
  }

  @Test
  void aPublishIsAnsweredAsPushpinAnswersItAndRecorded() throws Exception {
    HttpResponse<String> response = post(ITEMS);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(response.body()).isEqualTo("Published\n");
    RecordedPublish publish = recorder.takeRequest();
    assertThat(publish.sequence()).isEqualTo(1);
    assertThat(publish.method()).isEqualTo("POST");
    assertThat(publish.path()).isEqualTo("/publish/");
    assertThat(publish.header("content-type")).isEqualTo("application/json");
    assertThat(publish.bodyText()).isEqualTo(ITEMS);
    assertThat(publish.isAccepted()).isTrue();
    assertThat(publish.problem()).isNull();
    assertThat(recorder.items()).containsExactly(new RecordedItem("room-a", null, null, Map.of(),
        java.util.List.of(PublishFormat.WsMessage.text("hi"))));
  }

  @Test
  void itemsAreReadIntoGripCoreFormats() throws Exception {
    post("{\"items\":[{\"channel\":\"c\",\"id\":\"2\",\"prev-id\":\"1\",\"meta\":{\"user\":\"alice\"},"
        + "\"formats\":{\"ws-message\":{\"action\":\"close\",\"code\":4003,\"reason\":\"kicked\"},"
        + "\"http-stream\":{\"content-bin\":\"AAE=\"},"
        + "\"http-response\":{\"code\":404,\"reason\":\"Gone Fishing\",\"headers\":[[\"X-A\",\"1\"],"
        + "[\"X-A\",\"2\"]],\"body-bin\":\"//4=\"}}}]}");

    RecordedItem item = recorder.items().get(0);
    assertThat(item.channel()).isEqualTo("c");
    assertThat(item.id()).isEqualTo("2");
    assertThat(item.prevId()).isEqualTo("1");
    assertThat(item.meta()).isEqualTo(Map.of("user", "alice"));
    assertThat(item.wsMessage()).isEqualTo(PublishFormat.WsMessage.close(4003, "kicked"));
    assertThat(item.httpStream()).isEqualTo(PublishFormat.HttpStream.binary(new byte[] {0, 1}));
    assertThat(item.httpResponse()).isEqualTo(PublishFormat.HttpResponse.builder()
        .code(404).reason("Gone Fishing").header("X-A", "1").header("X-A", "2")
        .body(new byte[] {(byte) 0xff, (byte) 0xfe}).build());
    assertThat(item.formats()).extracting(PublishFormat::key)
        .containsExactly("http-response", "http-stream", "ws-message");
  }

  @ParameterizedTest(name = "{0} -> 400 {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      not json                                                       | Body is not valid JSON.
      []                                                             | Invalid format.
      {}                                                             | Invalid format: object does not contain 'items'
      {"items":{}}                                                   | Invalid format: object contains 'items' with wrong type
      {"items":[{}]}                                                 | Invalid format: publish item object does not contain 'channel'
      {"items":[{"channel":"c"}]}                                    | Invalid format: no formats specified
      {"items":[{"channel":"c","formats":{"ws-message":{}}}]}        | Invalid format: 'ws-message' does not contain 'content' or 'content-bin'
      {"items":[{"channel":"c","formats":{"http-response":{}}}]}     | Invalid format: 'http-response' does not contain 'body', 'body-bin', or 'body-patch'
      {"items":[{"channel":"","formats":{"ws-message":{"content":"x"}}}]}        | Invalid format: publish item object contains 'channel' with empty value (Pushpin takes it and delivers to nobody)
      {"items":[{"channel":"c","formats":{"ws-message":{"content-bin":"**"}}}]}  | Invalid format: 'ws-message' contains 'content-bin' that is not base64 (Pushpin skips the bad characters and delivers something else)
      {"items":[{"channel":"c","formats":{"ws-message":{"action":"close","code":1005}}}]} | Invalid format: not a close code an endpoint may send: 1005 (refused by grip-core's PublishFormat)
      {"items":[{"channel":"c","channel":"d","formats":{"ws-message":{"content":"x"}}}]} | Body is not valid JSON.
      """)
  void aBodyPushpinWouldRefuseGets400WithItsMessage(String body, String message) throws Exception {
    HttpResponse<String> response = post(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(response.body()).isEqualTo(message + "\n");
    RecordedPublish publish = recorder.takeRequest();
    assertThat(publish.status()).isEqualTo(400);
    assertThat(publish.problem()).isEqualTo(message);
    assertThat(publish.isAccepted()).isFalse();
    assertThat(recorder.items()).isEmpty();
  }

  @Test
  void otherMethodsAndPathsAreRefused() throws Exception {
    HttpResponse<String> get = client.send(HttpRequest.newBuilder(recorder.publishUri()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(get.body()).isEqualTo("Method not allowed: GET.\n");

    HttpResponse<String> elsewhere =
        post(URI.create("http://127.0.0.1:" + recorder.port() + "/publish"), ITEMS);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(recorder.requestCount()).isEqualTo(2);
    assertThat(recorder.items()).isEmpty();
  }

  @Test
  void enqueuedAnswersAreGivenInOrderThenItAnswersByItself() throws Exception {
    recorder.enqueue(PublishAnswer.status(503).withBody("busy\n")
        .withRetryAfter(Duration.ofSeconds(7)));
    recorder.enqueue(PublishAnswer.status(429).withHeader("Content-Type", "application/json")
        .withBody("{}"));

    HttpResponse<String> first = post(ITEMS);
    HttpResponse<String> second = post(ITEMS);
    HttpResponse<String> third = post(ITEMS);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.body()).isEqualTo("busy\n");
    assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().allValues("Content-Type")).containsExactly("application/json");
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(recorder.requests()).extracting(RecordedPublish::status).containsExactly(503, 429, 200);
    // Only the publish that was taken counts: what Pushpin would have delivered.
    assertThat(recorder.items()).hasSize(1);
    assertThat(recorder.requests().get(0).items()).hasSize(1);
  }

  @Test
  void aDelayedAnswerComesLate() throws Exception {
    recorder.enqueue(PublishAnswer.published().withDelay(Duration.ofMillis(300)));
    long start = System.nanoTime();
    assertThat(post(ITEMS).body()).isEqualTo("Published\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aDroppedConnectionHasNoAnswer() {
    recorder.enqueue(PublishAnswer.dropConnection());
    assertThatThrownBy(() -> post(ITEMS)).isInstanceOf(IOException.class);
    assertThat(recorder.takeRequest().status()).isEqualTo(-1);
  }

  @Test
  void takeRequestFailsWhenNothingArrives() throws Exception {
    post(ITEMS);
    recorder.takeRequest();
    assertThatThrownBy(() -> recorder.takeRequest(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("no publish request within 50 ms (1 received in all, 1 already taken)");
  }

  @Test
  void theGripUrlCarriesTheTestKeyAndPointsHere() {
    assertThat(recorder.gripUrl())
        .isEqualTo("http://127.0.0.1:" + recorder.port() + "/?iss=pushpin&key=changeme");
    GripEndpoint endpoint = recorder.config().endpoints().get(0);
    assertThat(endpoint.publishUri()).isEqualTo(recorder.publishUri());
    assertThat(endpoint.issuer()).isEqualTo("pushpin");
  }

  @Test
  void aRequiredJwtIsCheckedAndAnythingElseGets401() throws Exception {
    Clock clock = Clock.fixed(Instant.ofEpochSecond(2_000_000_000), ZoneOffset.UTC);
    try (PublishRecorder strict = PublishRecorder.builder()
        .requireJwt("realm", "s3cret".getBytes(UTF_8)).clock(clock).start()) {
      String good = Hs256.sign("realm", 2_000_000_060L, "s3cret".getBytes(UTF_8));
      String[][] cases = {
          {"", "missing Authorization header (Bearer required)"},
          {"Basic dTpw", "Authorization is not Bearer"},
          {"Bearer " + Hs256.sign("realm", 2_000_000_060L, "other".getBytes(UTF_8)),
              "JWT signature does not match the key"},
          {"Bearer " + Hs256.sign("someone", 2_000_000_060L, "s3cret".getBytes(UTF_8)),
              "JWT iss is \"someone\", not \"realm\""},
          {"Bearer " + Hs256.sign("realm", 2_000_000_000L, "s3cret".getBytes(UTF_8)),
              "JWT expired at 2033-05-18T03:33:20Z"},
          {"Bearer not-a-jwt", "not a JWT (three base64url parts)"},
      };
      for (String[] c : cases) {
        HttpResponse<String> response = c[0].isEmpty() ? post(strict.publishUri(), ITEMS)
            : post(strict.publishUri(), ITEMS, "Authorization", c[0]);
        assertThat(response.statusCode()).as(c[1]).isEqualTo(401);
        assertThat(response.body()).isEqualTo(c[1] + "\n");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      }
      assertThat(post(strict.publishUri(), ITEMS, "Authorization", "Bearer " + good).statusCode())
          .isEqualTo(200);
      assertThat(strict.items()).hasSize(1);
      assertThat(strict.gripUrl()).endsWith("/?iss=realm&key=s3cret");
    }
  }

  @Test
  void bearerAndBasicAreCheckedToo() throws Exception {
    try (PublishRecorder bearer = PublishRecorder.builder().requireBearer("TOKEN").start();
        PublishRecorder basic = PublishRecorder.builder().requireBasic("user", "p@ss word").start()) {
      assertThat(post(bearer.publishUri(), ITEMS, "Authorization", "Bearer TOKEN").statusCode())
          .isEqualTo(200);
      HttpResponse<String> wrong = post(bearer.publishUri(), ITEMS, "Authorization", "Bearer NOPE");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).isEqualTo("wrong Bearer token\n");
      assertThat(bearer.gripUrl()).endsWith("/?key=TOKEN");
      assertThat(bearer.config().endpoints().get(0).issuer()).isNull();

      String credentials = Base64.getEncoder().encodeToString("user:p@ss word".getBytes(UTF_8));
      assertThat(post(basic.publishUri(), ITEMS, "Authorization", "Basic " + credentials)
          .statusCode()).isEqualTo(200);
      HttpResponse<String> refused = post(basic.publishUri(), ITEMS, "Authorization", "Basic dTpw");
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic");
      assertThat(basic.gripUrl()).isEqualTo("http://user:p%40ss%20word@127.0.0.1:" + basic.port() + "/");
    }
  }

  @Test
  void aClosedRecorderRefusesConnections() {
    recorder.close();
    recorder.close();
    assertThatThrownBy(() -> post(ITEMS)).isInstanceOf(IOException.class);
  }
}
