package org.gripkit.devproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpHoldTest {
  static ProxyServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ProxyServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void noHoldOutlivesItsTest() {
    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.holds.isEmpty()
        && server.proxy.channels.channelCount() == 0);
  }

  private static HttpResponse<InputStream> get(String path) throws Exception {
    return server.http.send(HttpRequest.newBuilder(server.http(path)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads exactly as many bytes as {@code expected} has, and returns them as text. */
  private static String read(InputStream in, String expected) throws Exception {
    byte[] bytes = in.readNBytes(expected.getBytes(StandardCharsets.UTF_8).length);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void publish(String channel, String format) throws Exception {
    HttpResponse<String> answer = server.publish(
        "{\"items\":[{\"channel\":\"" + channel + "\",\"formats\":{" + format + "}}]}");
    assertThat(answer.body()).isEqualTo("Published\n");
  }

  @Test
  void streamHoldAppendsHttpStreamPublishesAndEndsOnClose() throws Exception {
    HttpResponse<InputStream> response = get("/stream/sse?channel=log1");
    InputStream body = response.body();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(response.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("grip-"));
    assertThat(read(body, ":open\n\n")).isEqualTo(":open\n\n");
    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.holds.size() == 1);

    publish("log1", "\"http-stream\":{\"content\":\"data: one \u2713\\n\\n\"}");
    assertThat(read(body, "data: one \u2713\n\n")).isEqualTo("data: one \u2713\n\n");
    publish("other-log1", "\"http-stream\":{\"content-bin\":\"ZGF0YTogdHdvCgo=\"}");
    assertThat(read(body, "data: two\n\n")).isEqualTo("data: two\n\n");
    publish("log1", "\"ws-message\":{\"content\":\"not for streams\"}");
    publish("log1", "\"http-stream\":{\"action\":\"close\"}");

    assertThat(body.read()).isEqualTo(-1);
    assertThat(server.streams.requests.get()).isPositive();
  }

  @Test
  void streamKeepAliveIsWrittenWhenIdle() throws Exception {
    HttpResponse<InputStream> response = get("/stream/sse?channel=ka&keepalive=1");
    InputStream body = response.body();
    assertThat(read(body, ":open\n\n")).isEqualTo(":open\n\n");

    assertThat(read(body, ":ka\n\n")).isEqualTo(":ka\n\n");
    assertThat(read(body, ":ka\n\n")).isEqualTo(":ka\n\n");
    publish("ka", "\"http-stream\":{\"action\":\"close\"}");
    assertThat(body.readAllBytes()).isEmpty();
  }

  @Test
  void clientLeavingAStreamEndsTheHold() throws Exception {
    HttpResponse<InputStream> response = get("/stream/sse?channel=leaving&keepalive=1");
    InputStream body = response.body();
    assertThat(read(body, ":open\n\n")).isEqualTo(":open\n\n");
    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.holds.size() == 1);

    body.close();
    // noHoldOutlivesItsTest: the next keep-alive write fails and the hold is forgotten
  }

  @Test
  void longPollIsCompletedByAnHttpResponsePublish() throws Exception {
    CompletableFuture<HttpResponse<String>> poll = server.http.sendAsync(
        HttpRequest.newBuilder(server.http("/stream/poll?channel=p1")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    await().atMost(5, TimeUnit.SECONDS).until(() -> server.proxy.holds.size() == 1);

    publish("p1", "\"http-response\":{\"code\":201,\"headers\":{\"X-From\":\"publish\"},"
        + "\"body\":\"{\\\"n\\\":1}\"}");
    HttpResponse<String> answer = poll.get(5, TimeUnit.SECONDS);

    assertThat(answer.statusCode()).isEqualTo(201);
    assertThat(answer.body()).isEqualTo("{\"n\":1}");
    assertThat(answer.headers().firstValue("X-From")).hasValue("publish");
    assertThat(answer.headers().firstValue("X-Held")).hasValue("yes");
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void longPollTimesOutWithTheOriginsOwnResponse() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> answer = server.http.send(
        HttpRequest.newBuilder(server.http("/stream/poll?channel=p2")).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThan(900);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("{\"timeout\":true}");
    assertThat(answer.headers().firstValue("X-Held")).hasValue("yes");
    assertThat(answer.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("grip-"));
  }

  @Test
  void answerWithoutGripHoldPassesThroughWithoutGripHeaders() throws Exception {
    HttpResponse<String> answer = server.http.send(
        HttpRequest.newBuilder(server.http("/stream/plain")).header("X-Client", "c1").GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(203);
    assertThat(answer.body()).isEqualTo("plain c1");
    assertThat(answer.headers().firstValue("X-Plain")).hasValue("1");
    assertThat(answer.headers().firstValue("Grip-Unused")).isEmpty();
  }

  @Test
  void requestSignedByTheProxyPassesToTheApplicationUntouched() throws Exception {
    String sig = Hs256.mint("{\"iss\":\"pushpin\",\"exp\":"
        + (Instant.now().getEpochSecond() + 3600) + "}", server.proxy.signingKey());
    HttpResponse<String> answer = server.http.send(
        HttpRequest.newBuilder(server.http("/stream/sse?channel=direct"))
            .header("Grip-Sig", sig).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    // The application's own answer, instructions and all: the proxy did not act on it.
    assertThat(answer.headers().firstValue("Grip-Hold")).hasValue("stream");
    assertThat(answer.body()).isEqualTo(":open\n\n");
    assertThat(server.proxy.holds).isEmpty();
  }

  @Test
  void requestWithAForgedSignatureIsProxiedLikeAnyOther() throws Exception {
    String forged = Hs256.mint("{\"iss\":\"pushpin\",\"exp\":"
        + (Instant.now().getEpochSecond() + 3600) + "}", new byte[32]);
    HttpResponse<String> answer = server.http.send(
        HttpRequest.newBuilder(server.http("/stream/plain"))
            .header("Grip-Sig", forged).header("X-Client", "f").GET().build(),
        HttpResponse.BodyHandlers.ofString());

    // The origin checks Grip-Sig: it answered, so the proxy replaced the forged one.
    assertThat(answer.statusCode()).isEqualTo(203);
    assertThat(answer.body()).isEqualTo("plain f");
  }
}
