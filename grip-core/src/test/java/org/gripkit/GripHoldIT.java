package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.gripkit.GripInstruct.Channel;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.gripkit.testing.TestOrigin;
import org.gripkit.testing.TestOrigin.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GripInstruct} and {@link GripLast} against a real Pushpin: a client holds a request
 * through it, the origin (a {@link TestOrigin}) answers with the instruction's headers and body,
 * and a raw HTTP publish to Pushpin's {@code /publish/} completes or feeds the held request.
 *
 * <p>Every test uses its own channel on one shared Pushpin. Pushpin activates a hold a moment
 * after the origin's answer, and drops a publish that comes before (fastly/pushpin#48221), so
 * the tests publish again every {@value #REPUBLISH_MILLIS} ms until the client sees an item;
 * items carry no id, so Pushpin does not de-duplicate them.
 *
 * <p>What Pushpin 1.36 does here that its documents do not say: it requests a new hold a second
 * time, with {@code Grip-Last} for channels that have a prev-id (fastly/pushpin#47646); it
 * raises a {@code Grip-Timeout} below 5 s to 5 s; with {@code Grip-Expose-Headers} it drops
 * every origin header not listed, {@code Content-Type} included; a stream hold with a prev-id
 * and no next link gets the error text appended to its body, under status 200.
 */
@RequiresPushpin
class GripHoldIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long REPUBLISH_MILLIS = 200;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT)
      .build();

  private static TestOrigin origin;
  private static PushpinProcess pushpin;

  @BeforeAll
  static void startPushpin() {
    origin = TestOrigin.start();
    pushpin = PushpinProcess.builder().httpRoute(origin.port()).start();
  }

  @AfterAll
  static void stopPushpin() {
    if (pushpin != null) {
      pushpin.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  @AfterEach
  void originHadNoFailures() {
    origin.assertNoHandlerFailures();
  }

  @Test
  void longPollIsCompletedByHttpResponsePublish() throws Exception {
    GripInstruct instruct = GripInstruct.holdResponse("lp-fruit")
        .timeout(Duration.ofSeconds(30))
        .body("timed out\n")
        .build();
    origin.handle("/lp", request -> answer(instruct, "text/plain"));

    CompletableFuture<HttpResponse<String>> poll = get("/lp?since=0");
    HttpResponse<String> response = publishUntilDone(poll, n -> "{\"items\":[{\"channel\":"
        + "\"lp-fruit\",\"formats\":{\"http-response\":{\"code\":201,\"reason\":\"Made\","
        + "\"headers\":{\"X-Item\":\"" + n + "\"},\"body\":\"apple " + n + "\\n\"}}}]}");

    String n = response.headers().firstValue("X-Item").orElseThrow();
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("apple " + n + "\n");
    // The origin's own headers stay; the instruction headers never reach the client.
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
    assertThat(response.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("grip-"));
  }

  @Test
  void longPollTimeoutReturnsOriginalBodyWithGripStatus() throws Exception {
    GripInstruct instruct = GripInstruct.holdResponse("lp-quiet")
        .timeout(Duration.ofSeconds(5))
        .status(404, "Nothing Here")
        .body("nothing yet\n")
        .build();
    origin.handle("/quiet", request -> answer(instruct, "text/plain"));

    long start = System.nanoTime();
    HttpResponse<String> response = get("/quiet").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("nothing yet\n");
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(4500));
  }

  @Test
  void streamSendsInitialBodyThenPublishedEvents() throws Exception {
    String initial = "event: open\ndata: {}\n\n";
    GripInstruct instruct = GripInstruct.holdStream("sse-news")
        .keepAlive(":\n\n", Duration.ofSeconds(20))
        .body(initial)
        .build();
    origin.handle("/events", request -> answer(instruct, "text/event-stream"));

    try (Stream stream = Stream.open("/events")) {
      assertThat(stream.response.statusCode()).isEqualTo(200);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .contains("text/event-stream");
      String received = publishUntilSeen(stream, "data: hello ",
          n -> "{\"items\":[{\"channel\":\"sse-news\",\"formats\":{\"http-stream\":"
              + "{\"content\":\"event: message\\ndata: hello " + n + "\\n\\n\"}}}]}");

      assertThat(received).matches("(?s)\\Q" + initial
          + "\\Eevent: message\ndata: hello \\d+\n\n.*");
    }
  }

  @Test
  void streamKeepAliveInCstringFormatArrivesWhenIdle() throws Exception {
    GripInstruct instruct = GripInstruct.holdStream("sse-idle")
        .keepAlive(": ka;\n\n", Duration.ofSeconds(1))
        .body("data: start\n\n")
        .build();
    assertThat(instruct.headers())
        .containsEntry("Grip-Keep-Alive", ": ka\\x3b\\n\\n; format=cstring; timeout=1");
    origin.handle("/idle", request -> answer(instruct, "text/event-stream"));

    try (Stream stream = Stream.open("/idle")) {
      String received = stream.awaitText(": ka;\n\n", TIMEOUT);

      assertThat(received).startsWith("data: start\n\n: ka;\n\n");
    }
  }

  @Test
  void metaReachesPushpinExactlyThroughQuoting() throws Exception {
    GripInstruct instruct = GripInstruct
        .holdStream(Channel.of("sse-meta").withFilter(ChannelFilter.VAR_SUBST))
        .meta("user", "say \"hi\", \\o/; ok")
        .meta("room", "alpha")
        .body("data: start\n\n")
        .build();
    origin.handle("/meta", request -> answer(instruct, "text/event-stream"));

    try (Stream stream = Stream.open("/meta")) {
      String received = publishUntilSeen(stream, "user=",
          n -> "{\"items\":[{\"channel\":\"sse-meta\",\"formats\":{\"http-stream\":"
              + "{\"content\":\"data: user=%(user)s room=%(room)s\\n\\n\"}}}]}");

      assertThat(received)
          .startsWith("data: start\n\ndata: user=say \"hi\", \\o/; ok room=alpha\n\n");
    }
  }

  // Pushpin asks the origin again with Grip-Last: once on its own for a new channel
  // (fastly/pushpin#47646), and when a publish does not follow the client's prev-id. Either way
  // the origin's answer to that request is what the client gets.
  @Test
  void pushpinAsksAgainWithGripLastAndTheAnswerReachesTheClient() throws Exception {
    GripInstruct hold = GripInstruct.holdResponse(Channel.of("lp-seq").withPrevId("3"))
        .timeout(Duration.ofSeconds(30))
        .body("timed out\n")
        .build();
    origin.handle("/seq", request -> {
      Map<String, String> last = GripLast.parseAll(request.headers().get("Grip-Last"));
      if ("3".equals(last.get("lp-seq"))) {
        return Response.status(200).header("Content-Type", "text/plain").body("after 3\n");
      }
      return answer(hold, "text/plain");
    });

    CompletableFuture<HttpResponse<String>> poll = get("/seq");
    // Item 5 follows item 4, not the client's 3.
    HttpResponse<String> response = publishUntilDone(poll, n -> "{\"items\":[{\"channel\":"
        + "\"lp-seq\",\"id\":\"5\",\"prev-id\":\"4\",\"formats\":{\"http-response\":"
        + "{\"body\":\"five\\n\"}}}]}");

    assertThat(response.body()).isEqualTo("after 3\n");
    List<TestOrigin.Request> requests = origin.requests().stream()
        .filter(r -> r.uri().equals("/seq"))
        .toList();
    assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    assertThat(requests.get(0).headers()).doesNotContainKey("Grip-Last");
    // Pushpin's own spelling: one unquoted header per channel.
    assertThat(requests.get(requests.size() - 1).headers().get("Grip-Last"))
        .containsExactly("lp-seq; last-id=3");
  }

  @Test
  void exposeHeadersKeepsOnlyTheListedOriginHeaders() throws Exception {
    GripInstruct instruct = GripInstruct.holdResponse("lp-expose")
        .timeout(Duration.ofSeconds(5))
        .exposeHeaders("Content-Type", "X-Kept")
        .body("quiet\n")
        .build();
    origin.handle("/expose", request -> answer(instruct, "text/plain")
        .header("X-Kept", "1").header("X-Dropped", "2"));

    HttpResponse<String> response = get("/expose").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(response.body()).isEqualTo("quiet\n");
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
    assertThat(response.headers().firstValue("X-Kept")).contains("1");
    assertThat(response.headers().firstValue("X-Dropped")).isEmpty();
  }

  private static Response answer(GripInstruct instruct, String contentType) {
    return Response.status(200)
        .header("Content-Type", contentType)
        .headers(instruct.headers())
        .body(instruct.body());
  }

  private static CompletableFuture<HttpResponse<String>> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(pushpin.httpUri(path)).timeout(TIMEOUT).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** A publish body for attempt {@code n}. */
  @FunctionalInterface
  private interface Items {
    String json(int n);
  }

  /** Publishes until the held request completes, at most {@link #TIMEOUT}. */
  private static HttpResponse<String> publishUntilDone(
      CompletableFuture<HttpResponse<String>> poll, Items items) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int n = 1; !poll.isDone() && System.nanoTime() < deadline; n++) {
      HttpResponse<String> published = pushpin.publish(items.json(n));
      assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
      try {
        return poll.get(REPUBLISH_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // not activated yet: publish again
      }
    }
    return poll.get(1, TimeUnit.SECONDS);
  }

  /** Publishes until {@code marker} appears on the stream; returns all text read by then. */
  private static String publishUntilSeen(Stream stream, String marker, Items items)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int n = 1; System.nanoTime() < deadline; n++) {
      HttpResponse<String> published = pushpin.publish(items.json(n));
      assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
      String text = stream.awaitTextOrNull(marker, Duration.ofMillis(REPUBLISH_MILLIS));
      if (text != null) {
        // Give a publish still in flight the time to land, so the stream ends on whole events.
        Thread.sleep(REPUBLISH_MILLIS);
        return stream.text();
      }
    }
    throw new AssertionError("no published item on the stream within " + TIMEOUT
        + "; received: " + stream.text());
  }

  /** A streaming GET through Pushpin whose body bytes are collected by a reader thread. */
  private static final class Stream implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    final HttpResponse<InputStream> response;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread reader;

    private Stream(HttpResponse<InputStream> response) {
      this.response = response;
      this.reader = new Thread(this::read, "stream-reader-" + THREADS.incrementAndGet());
      reader.setDaemon(true);
      reader.start();
    }

    static Stream open(String path) throws Exception {
      URI uri = pushpin.httpUri(path);
      HttpRequest request = HttpRequest.newBuilder(uri)
          .header("Accept", "text/event-stream")
          .build();
      return new Stream(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
      byte[] buffer = new byte[8192];
      try (InputStream in = response.body()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (received) {
            received.write(buffer, 0, n);
            received.notifyAll();
          }
        }
      } catch (IOException e) {
        // closed by close(), or by Pushpin: the assertions look at what was received
      }
    }

    String text() {
      synchronized (received) {
        return received.toString(StandardCharsets.UTF_8);
      }
    }

    String awaitText(String marker, Duration timeout) throws InterruptedException {
      String text = awaitTextOrNull(marker, timeout);
      if (text == null) {
        throw new AssertionError("\"" + marker + "\" not received within " + timeout
            + "; received: " + text());
      }
      return text;
    }

    String awaitTextOrNull(String marker, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (received) {
        while (true) {
          String text = received.toString(StandardCharsets.UTF_8);
          if (text.contains(marker)) {
            return text;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          TimeUnit.NANOSECONDS.timedWait(received, left);
        }
      }
    }

    @Override
    public void close() {
      try {
        response.body().close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      reader.interrupt();
    }
  }
}
