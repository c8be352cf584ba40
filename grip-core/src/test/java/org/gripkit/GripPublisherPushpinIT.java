package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.gripkit.PublishFormat.HttpStream;
import org.gripkit.PublishFormat.WsMessage;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.gripkit.testing.TestOrigin;
import org.gripkit.testing.TestOrigin.Response;
import org.gripkit.testing.TestWebSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link GripPublisher} and {@link GripSigVerifier} against a real Pushpin that signs with its
 * own key: the publisher is built from the GRIP URL {@code
 * http://127.0.0.1:<publishPort>/?iss=pushpin&key=<key>}, and the origin (a {@link TestOrigin})
 * checks every request's {@code Grip-Sig} with a verifier made from the same URL.
 *
 * <p>Each test has its own channels on one shared Pushpin. Pushpin activates a subscription or
 * a hold a moment after the origin's answer and drops what is published before
 * (fastly/pushpin#48221), so each test first publishes a warm-up item every {@value
 * #REPUBLISH_MILLIS} ms until the client gets one; the items under test are published after
 * that, once each. Warm-up items carry no id, so Pushpin does not drop them as repeats.
 *
 * <p><b>Publish authentication.</b> Pushpin 1.36 has none: its HTTP publish server (handler
 * {@code push_in_http_port}) reads no key setting and never looks at {@code Authorization};
 * {@code sig_key} is only what it signs {@code Grip-Sig} with. So a wrong-key publish is
 * delivered, and what a refused publish looks like is shown with a refusal Pushpin does make:
 * a body over the handler's {@code push_in_max_body_size}, set low here for that test.
 */
@RequiresPushpin
class GripPublisherPushpinIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final long REPUBLISH_MILLIS = 200;
  private static final String KEY = "pubit-sig-key-3f9c";
  private static final String WARM_UP = "warm-up ";
  /**
   * The handler's publish body limit here, as {@code push_in_max_body_size}: the name 1.36 reads
   * (it ignores the packaged config's {@code push_in_http_max_body_size}).
   */
  private static final int MAX_PUBLISH_BODY = 4096;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(TIMEOUT)
      .build();

  private static TestOrigin origin;
  private static PushpinProcess pushpin;
  private static String gripUrl;
  private static GripSigVerifier verifier;
  private static GripPublisher publisher;
  /** Every request the origin got, with whether its Grip-Sig verified. */
  private static final List<Checked> checked = new CopyOnWriteArrayList<>();

  private record Checked(String uri, boolean verified) {}

  @BeforeAll
  static void startPushpin() {
    origin = TestOrigin.start();
    pushpin = PushpinProcess.builder()
        .overHttpRoute(origin.port())
        .sigKey(KEY)
        .set("handler", "push_in_max_body_size", Integer.toString(MAX_PUBLISH_BODY))
        .start();
    gripUrl = "http://127.0.0.1:" + pushpin.publishPort() + "/?iss=pushpin&key=" + KEY;
    verifier = GripSigVerifier.of(GripConfig.parse(gripUrl));
    publisher = GripPublisher.builder(GripConfig.parse(gripUrl)).build();

    origin.handle("/sig/", request -> verified(request)
        ? Response.status(200).header("Content-Type", "text/plain").body("signed by pushpin\n")
        : Response.status(403).header("Content-Type", "text/plain").body("bad Grip-Sig\n"));
    origin.handle("/ws/", GripPublisherPushpinIT::webSocket);
    origin.handle("/stream/", request -> hold(request,
        GripInstruct.holdStream(channelOf(request, "/stream/")).body("event: open\n\n").build(),
        "text/event-stream"));
    origin.handle("/poll/", request -> hold(request,
        GripInstruct.holdResponse(channelOf(request, "/poll/"))
            .timeout(Duration.ofSeconds(30))
            .body("timed out\n")
            .build(),
        "text/plain"));
  }

  @AfterAll
  static void stopPushpin() {
    if (publisher != null) {
      publisher.close();
    }
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
  void originVerifiesPushpinsGripSigAndRefusesOneSignedWithAnotherKey() throws Exception {
    HttpResponse<String> signed = get(pushpin, "/sig/right");

    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    assertThat(signed.body()).isEqualTo("signed by pushpin\n");
    assertThat(checks("/sig/right")).containsExactly(true);

    try (PushpinProcess other = PushpinProcess.builder()
        .httpRoute(origin.port())
        .sigKey("some-other-key")
        .start()) {
      HttpResponse<String> refused = get(other, "/sig/wrong");

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).isEqualTo("bad Grip-Sig\n");
      assertThat(checks("/sig/wrong")).containsExactly(false);
    }

    // The same verifier on tokens minted here: the key decides, not where the request came from.
    long exp = Instant.now().plusSeconds(600).getEpochSecond();
    String claims = "{\"iss\":\"pushpin\",\"exp\":" + exp + "}";
    assertThat(verifier.verify(TestTokens.hs256(claims, KEY))).isTrue();
    assertThat(verifier.verify(TestTokens.hs256(claims, "some-other-key"))).isFalse();
  }

  @Test
  void wsMessagePublishesReachASubscribedWebSocketAndCloseCarriesTheCode() throws Exception {
    try (TestWebSocket socket = TestWebSocket.connect(pushpin.wsUri("/ws/ws-news"))) {
      awaitSubscribed(socket, "ws-news");

      publisher.publish(PublishItem.of("ws-news", WsMessage.text("héllo 😀")));
      assertThat(nextMessage(socket)).isEqualTo("héllo 😀");

      byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
      publisher.publish(PublishItem.of("ws-news", WsMessage.binary(bytes)));
      assertThat(nextMessage(socket)).isEqualTo(bytes);

      publisher.publish(PublishItem.of("ws-news", WsMessage.close(4003, "gone away")));
      TestWebSocket.Closed closed = socket.closed().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(closed.code()).isEqualTo(4003);
      assertThat(closed.reason()).isEqualTo("gone away");
    }
    assertThat(checks("/ws/ws-news")).isNotEmpty().containsOnly(true);
  }

  @Test
  void httpStreamPublishReachesAStreamHoldAndTheCloseActionEndsIt() throws Exception {
    try (HeldStream stream = HeldStream.open("/stream/sse-news")) {
      assertThat(stream.response.statusCode()).isEqualTo(200);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .contains("text/event-stream");
      AtomicInteger n = new AtomicInteger();
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(REPUBLISH_MILLIS)).until(() -> {
        publisher.publish(PublishItem.of("sse-news",
            HttpStream.text("data: " + WARM_UP + n.incrementAndGet() + "\n\n")));
        return stream.text().contains(WARM_UP);
      });

      publisher.publish(PublishItem.of("sse-news", HttpStream.text("data: héllo\n\n")));
      await().atMost(TIMEOUT).until(() -> stream.text().contains("data: héllo\n\n"));
      publisher.publish(PublishItem.of("sse-news", HttpStream.close()));

      stream.ended.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(stream.text())
          .startsWith("event: open\n\ndata: " + WARM_UP)
          .endsWith("\n\ndata: héllo\n\n");
    }
    assertThat(checks("/stream/sse-news")).isNotEmpty().containsOnly(true);
  }

  @Test
  void httpResponsePublishCompletesALongPollWithCodeReasonHeadersAndBody() throws Exception {
    CompletableFuture<RawResponse> poll = RawResponse.get(pushpin, "/poll/lp-fruit");

    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (int n = 1; !poll.isDone() && System.nanoTime() < deadline; n++) {
      publisher.publish(PublishItem.of("lp-fruit", PublishFormat.HttpResponse.builder()
          .code(201)
          .reason("Made Fresh")
          .header("X-Item", Integer.toString(n))
          .header("Set-Cookie", "a=1")
          .header("Set-Cookie", "b=2")
          .body("apple ü " + n + "\n")
          .build()));
      try {
        poll.get(REPUBLISH_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // the hold is not active yet: publish again
      }
    }
    RawResponse response = poll.get(1, TimeUnit.SECONDS);

    assertThat(response.statusLine()).isEqualTo("HTTP/1.1 201 Made Fresh");
    String n = response.header("X-Item");
    assertThat(n).matches("\\d+");
    assertThat(response.headers("Set-Cookie")).containsExactly("a=1", "b=2");
    assertThat(response.body()).isEqualTo("apple ü " + n + "\n");
    assertThat(checks("/poll/lp-fruit")).isNotEmpty().containsOnly(true);
  }

  @Test
  void itemsOfOnePublishArriveInListOrder() throws Exception {
    try (TestWebSocket socket = TestWebSocket.connect(pushpin.wsUri("/ws/ws-order"))) {
      awaitSubscribed(socket, "ws-order");
      List<PublishItem> items = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 12; i++) {
        if (i % 3 == 0) {
          items.add(PublishItem.of("ws-order", WsMessage.binary(new byte[] {(byte) i})));
          expected.add(describe(new byte[] {(byte) i}));
        } else {
          items.add(PublishItem.of("ws-order", WsMessage.text("item " + i)));
          expected.add("item " + i);
        }
      }

      publisher.publish(items);

      List<String> received = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        received.add(describe(nextMessage(socket)));
      }
      assertThat(received).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void pushpin136HasNoPublishAuthSoAWrongKeyPublishIsAcceptedAndDelivered() throws Exception {
    String wrongUrl = "http://127.0.0.1:" + pushpin.publishPort() + "/?iss=pushpin&key=not-" + KEY;
    // What the publisher sends is a JWT that a key-checking server would refuse.
    String authorization = GripEndpoint.parse(wrongUrl).authorization(Instant.now());
    assertThat(authorization).startsWith("Bearer ");
    assertThat(verifier.verify(authorization.substring("Bearer ".length()))).isFalse();

    try (TestWebSocket socket = TestWebSocket.connect(pushpin.wsUri("/ws/ws-noauth"));
        GripPublisher wrongKey = GripPublisher.builder(GripConfig.parse(wrongUrl)).build();
        GripPublisher noKey = GripPublisher.builder(
            GripConfig.parse("http://127.0.0.1:" + pushpin.publishPort() + "/")).build()) {
      awaitSubscribed(socket, "ws-noauth");

      wrongKey.publish(PublishItem.of("ws-noauth", WsMessage.text("from the wrong key")));
      assertThat(nextMessage(socket)).isEqualTo("from the wrong key");
      noKey.publish(PublishItem.of("ws-noauth", WsMessage.text("from no key at all")));
      assertThat(nextMessage(socket)).isEqualTo("from no key at all");
    }
  }

  // PublishItem cannot make an item Pushpin answers 400 for (no channel, no formats, ...), so
  // the refusal here is the one the library cannot prevent: a body over Pushpin's limit.
  @Test
  void pushpin136HasNoPublishAuthSoARefusedPublishIsATooLargeBodyReportedWithPushpinsAnswer()
      throws Exception {
    PublishItem tooLarge = PublishItem.of("big", WsMessage.text("x".repeat(MAX_PUBLISH_BODY)));

    GripPublishException e =
        catchThrowableOfType(GripPublishException.class, () -> publisher.publish(tooLarge));

    assertThat(e).as("publish of a body over %d bytes", MAX_PUBLISH_BODY).isNotNull();
    assertThat(e.status()).hasValue(400);
    assertThat(e.body()).isEqualTo("Request body too large.\n");
    assertThat(e.attempts()).as("a 400 is not retried").isEqualTo(1);
    assertThat(e.endpoint()).isEqualTo(pushpin.publishUri());
    assertThat(e.succeeded()).isEmpty();
    assertThat(e.failed()).containsExactly(pushpin.publishUri());
    assertThat(e).hasMessage("publish to " + pushpin.publishUri()
        + " failed: 400 \"Request body too large.\\n\" (1 attempt)");
    // The same endpoint takes a publish under the limit.
    publisher.publish(PublishItem.of("big", WsMessage.text("x")));
  }

  // ---- origin -----------------------------------------------------------------------------

  private static boolean verified(TestOrigin.Request request) {
    boolean ok = verifier.verify(request.header("Grip-Sig"));
    checked.add(new Checked(request.uri(), ok));
    return ok;
  }

  private static List<Boolean> checks(String uri) {
    return checked.stream().filter(c -> c.uri().equals(uri)).map(Checked::verified).toList();
  }

  private static String channelOf(TestOrigin.Request request, String prefix) {
    return request.uri().substring(prefix.length());
  }

  /** Accepts a verified connection and subscribes it to the channel its path names. */
  private static Response webSocket(TestOrigin.Request request) throws Exception {
    boolean ok = verified(request);
    WebSocketContext ws = WebSocketContext.fromRequest(request.headers(), request.body());
    if (ws.isOpening()) {
      if (ok) {
        ws.accept();
        ws.subscribe(channelOf(request, "/ws/"));
      } else {
        ws.reject(403, "bad Grip-Sig");
      }
    }
    WebSocketResponse answer = ws.response();
    return Response.status(answer.status()).headers(answer.headers()).body(answer.body());
  }

  private static Response hold(TestOrigin.Request request, GripInstruct instruct,
      String contentType) {
    if (!verified(request)) {
      return Response.status(403).header("Content-Type", "text/plain").body("bad Grip-Sig\n");
    }
    return Response.status(200)
        .header("Content-Type", contentType)
        .headers(instruct.headers())
        .body(instruct.body());
  }

  // ---- clients ----------------------------------------------------------------------------

  private static HttpResponse<String> get(PushpinProcess through, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(through.httpUri(path)).timeout(TIMEOUT).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Publishes warm-up messages until the client gets one: the subscription is then active. */
  private static void awaitSubscribed(TestWebSocket socket, String channel) {
    AtomicInteger n = new AtomicInteger();
    await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(REPUBLISH_MILLIS)).until(() -> {
      publisher.publish(PublishItem.of(channel, WsMessage.text(WARM_UP + n.incrementAndGet())));
      Object message = socket.messages().poll(REPUBLISH_MILLIS / 2, TimeUnit.MILLISECONDS);
      if (message != null && !isWarmUp(message)) {
        throw new AssertionError("unexpected message before the test's publishes: "
            + describe(message));
      }
      return message != null;
    });
  }

  /** The next message that is not a late warm-up copy: a String or a byte[]. */
  private static Object nextMessage(TestWebSocket socket) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Object message = socket.messages().poll(100, TimeUnit.MILLISECONDS);
      if (message != null && !isWarmUp(message)) {
        return message;
      }
    }
    throw new AssertionError("no message within " + TIMEOUT);
  }

  private static boolean isWarmUp(Object message) {
    return message instanceof String s && s.startsWith(WARM_UP);
  }

  private static String describe(Object message) {
    return message instanceof byte[] bytes ? "binary " + Arrays.toString(bytes) : (String) message;
  }

  /** A streaming GET through Pushpin, its body bytes collected by a reader thread. */
  private static final class HeldStream implements AutoCloseable {
    final HttpResponse<InputStream> response;
    /** Completes when the body ends (Pushpin closed the stream). */
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private HeldStream(HttpResponse<InputStream> response) {
      this.response = response;
      Thread reader = new Thread(this::read, "held-stream-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static HeldStream open(String path) throws Exception {
      HttpRequest request = HttpRequest.newBuilder(pushpin.httpUri(path))
          .header("Accept", "text/event-stream")
          .build();
      return new HeldStream(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
      byte[] buffer = new byte[8192];
      try (InputStream in = response.body()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (received) {
            received.write(buffer, 0, n);
          }
        }
        ended.complete(null);
      } catch (IOException e) {
        ended.completeExceptionally(e);
      }
    }

    String text() {
      synchronized (received) {
        return received.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }

  /**
   * A response read off a plain socket, so that the reason phrase (which the JDK client does not
   * expose) and repeated headers can be checked as Pushpin sent them.
   */
  private record RawResponse(String statusLine, List<Map.Entry<String, String>> headerList,
      String body) {

    static CompletableFuture<RawResponse> get(PushpinProcess through, String path) {
      CompletableFuture<RawResponse> result = new CompletableFuture<>();
      Thread thread = new Thread(() -> {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), through.clientPort())) {
          socket.setSoTimeout((int) TIMEOUT.toMillis() * 2);
          OutputStream out = socket.getOutputStream();
          out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + through.clientPort()
              + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          result.complete(parse(socket.getInputStream().readAllBytes()));
        } catch (IOException | RuntimeException e) {
          result.completeExceptionally(e);
        }
      }, "raw-get");
      thread.setDaemon(true);
      thread.start();
      return result;
    }

    private static RawResponse parse(byte[] raw) {
      String text = new String(raw, StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new UncheckedIOException(new IOException("no end of headers in: " + text));
      }
      String[] lines = text.substring(0, end).split("\r\n");
      List<Map.Entry<String, String>> headers = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
      }
      RawResponse head = new RawResponse(lines[0], headers, "");
      String body = text.substring(end + 4);
      if ("chunked".equalsIgnoreCase(head.header("Transfer-Encoding"))) {
        body = dechunk(body);
      }
      return new RawResponse(lines[0], headers, body);
    }

    /** Decodes a chunked body; lengths are byte counts, so this works on the bytes. */
    private static String dechunk(String chunked) {
      byte[] in = chunked.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = 0;
      while (true) {
        int lineEnd = indexOf(in, at);
        int size = Integer.parseInt(
            new String(in, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
        if (size == 0) {
          return out.toString(StandardCharsets.UTF_8);
        }
        out.write(in, lineEnd + 2, size);
        at = lineEnd + 2 + size + 2;
      }
    }

    private static int indexOf(byte[] in, int from) {
      for (int i = from; i + 1 < in.length; i++) {
        if (in[i] == '\r' && in[i + 1] == '\n') {
          return i;
        }
      }
      throw new UncheckedIOException(new IOException("truncated chunked body"));
    }

    /** The first value of a header, or null; names case-insensitive. */
    @Nullable String header(String name) {
      List<String> values = headers(name);
      return values.isEmpty() ? null : values.get(0);
    }

    List<String> headers(String name) {
      return headerList.stream().filter(h -> h.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue).toList();
    }
  }
}
