package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gripkit.PublishFormat.WsMessage;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.gripkit.testing.TestOrigin;
import org.gripkit.testing.TestWebSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Channel filters, item meta and the publish actions end to end: {@link WebSocketContext} as the
 * origin behind a real Pushpin 1.36, Jetty WebSocket clients in front, and items published with
 * {@link GripPublisher}.
 */
@RequiresPushpin
class PublishFeaturesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static TestOrigin origin;
  private static PushpinProcess pushpin;
  private static GripPublisher publisher;

  private final List<TestWebSocket> sockets = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    origin = TestOrigin.start();
    pushpin = PushpinProcess.builder().overHttpRoute(origin.port()).start();
    publisher = GripPublisher.builder(
        List.of(GripEndpoint.builder(pushpin.controlUri()).build())).build();
  }

  @AfterAll
  static void stop() {
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
  void closeSockets() {
    sockets.forEach(TestWebSocket::close);
    origin.assertNoHandlerFailures();
  }

  @Test
  void skipSelfKeepsAnItemFromTheConnectionWhoseUserIsItsSender() throws Exception {
    String room = channel();
    serveRoom("/skip-self", room, ChannelFilter.SKIP_SELF);
    TestWebSocket alice = join("/skip-self?user=alice");
    TestWebSocket bob = join("/skip-self?user=bob");

    publisher.publish(
        item(room, "by alice").sender("alice").build(),
        // skip-self reads the item meta "sender"; an item meta "user" is not looked at.
        item(room, "user meta alice").meta("user", "alice").build(),
        item(room, "by bob").sender("bob").build());

    // Items of one publish arrive in order: whatever alice would get before "by bob" is there.
    assertThat(alice.nextText(TIMEOUT)).isEqualTo("user meta alice");
    assertThat(alice.nextText(TIMEOUT)).isEqualTo("by bob");
    assertThat(bob.nextText(TIMEOUT)).isEqualTo("by alice");
    assertThat(bob.nextText(TIMEOUT)).isEqualTo("user meta alice");
    assertNothingMore(alice, bob);
  }

  @Test
  void skipUsersKeepsAnItemFromEveryListedUser() throws Exception {
    String room = channel();
    serveRoom("/skip-users", room, ChannelFilter.SKIP_USERS);
    TestWebSocket alice = join("/skip-users?user=alice");
    TestWebSocket bob = join("/skip-users?user=bob");
    TestWebSocket carol = join("/skip-users?user=carol");

    publisher.publish(item(room, "not for bob or carol").skipUsers("bob", "carol").build(),
        item(room, "for all").build());

    assertThat(alice.nextText(TIMEOUT)).isEqualTo("not for bob or carol");
    assertThat(alice.nextText(TIMEOUT)).isEqualTo("for all");
    assertThat(bob.nextText(TIMEOUT)).isEqualTo("for all");
    assertThat(carol.nextText(TIMEOUT)).isEqualTo("for all");
    assertNothingMore(alice, bob, carol);
  }

  // require-sub should deliver to connections also subscribed to the channel named by the item's
  // meta require_sub. Pushpin 1.36 gives its WebSocket filters no channel list (later versions
  // fill it in, src/handler/wssession.cpp), so it drops such an item for every WebSocket, even
  // one on both channels. The subscribe message is the documented one (WebSocketContextTest).
  @Test
  void requireSubDocumentedBehaviourOnlyPushpin136DropsTheItemForEveryWebSocket()
      throws Exception {
    String room = channel();
    String vip = room + "-vip";
    origin.handle("/require-sub", request -> answer(request, ws -> {
      ws.subscribe(room, ChannelFilter.REQUIRE_SUB);
      if (request.uri().contains("vip=yes")) {
        ws.subscribe(vip);
      }
    }));
    TestWebSocket member = join("/require-sub?vip=yes");
    TestWebSocket guest = join("/require-sub?vip=no");

    publisher.publish(item(room, "vips only").meta("require_sub", vip).build(),
        item(room, "everyone").build());

    assertThat(member.nextText(TIMEOUT)).isEqualTo("everyone");
    assertThat(guest.nextText(TIMEOUT)).isEqualTo("everyone");
    assertNothingMore(member, guest);
  }

  @Test
  void varSubstFillsInTheConnectionsOwnMeta() throws Exception {
    String room = channel();
    serveRoom("/var-subst", room, ChannelFilter.VAR_SUBST);
    TestWebSocket alice = join("/var-subst?user=alice");
    TestWebSocket bob = join("/var-subst?user=bob");

    publisher.publish(item(room, "hello %(user)s").build());

    assertThat(alice.nextText(TIMEOUT)).isEqualTo("hello alice");
    assertThat(bob.nextText(TIMEOUT)).isEqualTo("hello bob");
  }

  @Test
  void publishedCloseReachesTheClientWithCodeAndReason() throws Exception {
    String room = channel();
    serveRoom("/close", room);
    TestWebSocket alice = join("/close?user=alice");

    publisher.publish(PublishItem.of(room, WsMessage.close(4003, "kicked é")));

    assertThat(alice.closed().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(new TestWebSocket.Closed(4003, "kicked é"));
  }

  // Pushpin's source has a ws-message "refresh" action (src/handler/publishformat.cpp,
  // wssession.cpp) that 1.36 does not know yet: it refuses the publish, with an empty reason.
  // PublishItemTest pins the documented wire format, {"action":"refresh"}.
  @Test
  void refreshActionDocumentedFormatOnlyPushpin136RefusesIt() throws Exception {
    String room = channel();
    serveRoom("/refresh", room);
    join("/refresh?user=alice");

    GripPublishException refused = catchThrowableOfType(GripPublishException.class,
        () -> publisher.publish(PublishItem.of(room, WsMessage.refresh())));

    assertThat(refused.status()).hasValue(400);
    assertThat(refused.body()).isEqualTo("Invalid format: \n");
    assertThat(refused.attempts()).isEqualTo(1);
  }

  @Test
  void noSeqDeliversAnItemWhosePrevIdIsMissingAtOnce() throws Exception {
    String room = channel();
    serveRoom("/no-seq", room);
    TestWebSocket alice = join("/no-seq?user=alice");
    publisher.publish(PublishItem.builder(room).id("1").format(WsMessage.text("one")).build());
    assertThat(alice.nextText(TIMEOUT)).isEqualTo("one");

    // Item 2 is never published: Pushpin holds 3 back waiting for it, but not 5 (no-seq).
    publisher.publish(PublishItem.builder(room).id("3").prevId("2")
        .format(WsMessage.text("three")).build());
    publisher.publish(PublishItem.builder(room).id("5").prevId("4").noSeq()
        .format(WsMessage.text("five")).build());

    assertThat(alice.nextText(Duration.ofSeconds(2))).isEqualTo("five");
    // Pushpin gives up waiting after about 5 s and delivers what it held back.
    assertThat(alice.nextText(TIMEOUT)).isEqualTo("three");
  }

  @Test
  void gripFeatureOfEveryRequestAnnouncesTheFiltersPushpinHas() throws Exception {
    List<GripFeatures> seen = new CopyOnWriteArrayList<>();
    origin.handle("/features", request -> {
      seen.add(GripFeatures.parseAll(request.headers().get("Grip-Feature")));
      return answer(request, ws -> { });
    });
    join("/features");

    GripFeatures features = seen.get(0);
    for (ChannelFilter filter : ChannelFilter.values()) {
      assertThat(features.has(filter)).as(filter.wireName()).isTrue();
    }
    assertThat(features.has("link:next")).isTrue();
    assertThat(features.has("link:gone")).isFalse();
  }

  // Newer Pushpin lets the origin take part of a request's content (Content-Bytes-Accepted) and
  // sends the rest again, before new content, with Content-Bytes-Replayed. Pushpin 1.36 takes
  // everything: the next request carries only the new message. WebSocketContextTest pins the
  // documented headers.
  @Test
  void contentBytesAcceptedDocumentedFormatOnlyPushpin136TakesEverything() throws Exception {
    List<WebSocketContext> requests = new CopyOnWriteArrayList<>();
    origin.handle("/partial", request -> answer(request, ws -> {
      requests.add(ws);
      if (ws.events().equals(List.of(new WebSocketEvent.Text("hello")))) {
        ws.acceptContentBytes(0);
      } else if (!ws.isOpening()) {
        ws.send("got " + ws.events().size() + ", replayed " + ws.contentBytesReplayed());
      }
    }));
    TestWebSocket alice = join("/partial");

    alice.send("hello");
    await().atMost(TIMEOUT).until(() -> requests.size() >= 2);
    alice.send("world");

    assertThat(alice.nextText(TIMEOUT)).isEqualTo("got 1, replayed OptionalLong.empty");
    assertThat(requests.get(2).events()).containsExactly(new WebSocketEvent.Text("world"));
  }

  /** Long-polls and streams: the hint action makes Pushpin fetch from the origin. */
  @Test
  void hintMakesPushpinAskTheOriginAgainForAHeldLongPoll() throws Exception {
    String room = channel();
    AtomicBoolean published = new AtomicBoolean();
    List<TestOrigin.Request> requests = new CopyOnWriteArrayList<>();
    GripInstruct hold = GripInstruct.holdResponse(room).timeout(Duration.ofSeconds(30))
        .body("timed out\n").build();
    origin.handle("/hint-poll", request -> {
      requests.add(request);
      if (published.get()) {
        return TestOrigin.Response.status(200).header("Content-Type", "text/plain")
            .body("fresh from the origin\n");
      }
      return TestOrigin.Response.status(200).header("Content-Type", "text/plain")
          .headers(hold.headers()).body(hold.body());
    });

    CompletableFuture<HttpResponse<String>> poll = get("/hint-poll");
    // Pushpin asks once more on its own for a new channel (fastly/pushpin#47646): let it.
    await().pollDelay(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> requests.size() >= 2);
    published.set(true);
    HttpResponse<String> response = publishUntilDone(poll,
        PublishItem.of(room, PublishFormat.HttpResponse.hint()));

    assertThat(response.body()).isEqualTo("fresh from the origin\n");
    assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void hintMakesAStreamFollowItsNextLink() throws Exception {
    String room = channel();
    GripInstruct hold = GripInstruct.holdStream(room).nextLink(URI.create("/hint-next"))
        .body("data: start\n\n").build();
    List<TestOrigin.Request> nextRequests = new CopyOnWriteArrayList<>();
    origin.handle("/hint-stream", request -> TestOrigin.Response.status(200)
        .header("Content-Type", "text/event-stream").headers(hold.headers()).body(hold.body()));
    origin.handle("/hint-next", request -> {
      nextRequests.add(request);
      GripInstruct again = GripInstruct.holdStream(room).nextLink(URI.create("/hint-next"))
          .body("data: from the next link\n\n").build();
      return TestOrigin.Response.status(200).header("Content-Type", "text/event-stream")
          .headers(again.headers()).body(again.body());
    });

    try (EventStream stream = EventStream.open(pushpin.httpUri("/hint-stream"))) {
      assertThat(stream.await("data: start\n\n", TIMEOUT)).isTrue();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (nextRequests.isEmpty() && System.nanoTime() < deadline) {
        publisher.publish(PublishItem.of(room, PublishFormat.HttpStream.hint()));
        stream.await("from the next link", Duration.ofMillis(200));
      }

      assertThat(stream.await("data: start\n\ndata: from the next link\n\n", TIMEOUT)).isTrue();
      assertThat(nextRequests.get(0).method()).isEqualTo("GET");
    }
  }

  /** The same filter type on an HTTP stream hold: its meta is Grip-Set-Meta's. */
  @Test
  void skipSelfOnAStreamHoldKeepsTheItemsOfItsOwnUser() throws Exception {
    String room = channel();
    GripInstruct hold = GripInstruct
        .holdStream(GripInstruct.Channel.of(room).withFilter(ChannelFilter.SKIP_SELF))
        .meta("user", "alice").body("data: start\n\n").build();
    assertThat(hold.headers()).containsEntry("Grip-Channel", room + "; filter=skip-self");
    origin.handle("/stream-skip-self", request -> TestOrigin.Response.status(200)
        .header("Content-Type", "text/event-stream").headers(hold.headers()).body(hold.body()));

    try (EventStream stream = EventStream.open(pushpin.httpUri("/stream-skip-self"))) {
      assertThat(stream.await("data: start\n\n", TIMEOUT)).isTrue();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      boolean seen = false;
      for (int n = 1; !seen && System.nanoTime() < deadline; n++) {
        publisher.publish(
            PublishItem.builder(room).sender("alice")
                .format(PublishFormat.HttpStream.text("data: from alice\n\n")).build(),
            PublishItem.builder(room).sender("bob")
                .format(PublishFormat.HttpStream.text("data: from bob\n\n")).build());
        seen = stream.await("data: from bob", Duration.ofMillis(200));
      }

      assertThat(seen).isTrue();
      Thread.sleep(300);
      assertThat(stream.await("from alice", Duration.ZERO)).isFalse();
    }
  }

  // -- helpers

  /** A WebSocket-over-HTTP handler that accepts, binds meta user from the query, subscribes. */
  private static void serveRoom(String path, String room, ChannelFilter... filters) {
    origin.handle(path, request -> answer(request, ws -> {
      if (ws.isOpening()) {
        String query = URI.create(request.uri()).getQuery();
        if (query != null && query.startsWith("user=")) {
          ws.setMeta("user", query.substring("user=".length()));
        }
        ws.subscribe(room, filters);
      }
    }));
  }

  private interface OnRequest {
    void handle(WebSocketContext ws) throws Exception;
  }

  /** Runs {@code onRequest} for the request, accepting an opening one and saying "ready". */
  private static TestOrigin.Response answer(TestOrigin.Request request, OnRequest onRequest)
      throws Exception {
    WebSocketContext ws = WebSocketContext.fromRequest(request.headers(), request.body());
    if (ws.isOpening()) {
      ws.accept();
    }
    onRequest.handle(ws);
    if (ws.isOpening()) {
      ws.send("ready");
    }
    WebSocketResponse response = ws.response();
    return TestOrigin.Response.status(response.status()).headers(response.headers())
        .body(response.body());
  }

  private TestWebSocket join(String path) throws Exception {
    TestWebSocket socket = TestWebSocket.connect(pushpin.wsUri(path));
    sockets.add(socket);
    assertThat(socket.nextText(TIMEOUT)).isEqualTo("ready");
    return socket;
  }

  private static PublishItem.Builder item(String room, String text) {
    return PublishItem.builder(room).format(WsMessage.text(text));
  }

  private static String channel() {
    return "room-" + UUID.randomUUID();
  }

  private static void assertNothingMore(TestWebSocket... sockets) throws InterruptedException {
    Thread.sleep(300);
    for (TestWebSocket socket : sockets) {
      assertThat(socket.messages()).isEmpty();
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  private static CompletableFuture<HttpResponse<String>> get(String path) {
    HttpRequest request = HttpRequest.newBuilder(pushpin.httpUri(path))
        .timeout(TIMEOUT.multipliedBy(3)).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Publishes until the held request completes (a publish before the hold is active is lost). */
  private static HttpResponse<String> publishUntilDone(
      CompletableFuture<HttpResponse<String>> poll, PublishItem item) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      publisher.publish(item);
      try {
        return poll.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // not active yet
      }
    }
    return poll.get(1, TimeUnit.SECONDS);
  }

  /** A streaming GET through Pushpin whose body is collected by a reader thread. */
  private static final class EventStream implements AutoCloseable {
    private final HttpResponse<InputStream> response;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private EventStream(HttpResponse<InputStream> response) {
      this.response = response;
      Thread reader = new Thread(this::read, "event-stream-reader");
      reader.setDaemon(true);
      reader.start();
    }

    static EventStream open(URI uri) throws Exception {
      return new EventStream(HTTP.send(HttpRequest.newBuilder(uri).build(),
          HttpResponse.BodyHandlers.ofInputStream()));
    }

    private void read() {
      byte[] buffer = new byte[8192];
      try (InputStream in = response.body()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          synchronized (received) {
            received.write(buffer, 0, n);
            received.notifyAll();
          }
        }
      } catch (IOException e) {
        // closed: the assertions look at what was received
      }
    }

    /** Whether the text received so far contains {@code marker}, waiting up to the timeout. */
    boolean await(String marker, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (received) {
        while (!received.toString(StandardCharsets.UTF_8).contains(marker)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(received, left);
        }
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      response.body().close();
    }
  }
}
