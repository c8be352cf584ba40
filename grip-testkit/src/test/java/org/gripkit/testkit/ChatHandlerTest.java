package org.gripkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.gripkit.GripPublisher;
import org.gripkit.PublishFormat;
import org.gripkit.PublishItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sample chat handler, driven in-process as a user of the kit would test theirs. */
@ExtendWith(GripTestKit.class)
class ChatHandlerTest {
  private GripPublisher publisher;
  private WebSocketDriver driver;

  @BeforeEach
  void setUp(PublishRecorder recorder) {
    publisher = GripPublisher.builder(recorder.config())
        .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .build();
    driver = WebSocketDriver.of(new ChatHandler(publisher));
  }

  @AfterEach
  void tearDown() {
    publisher.close();
  }

  /** A connection that has a nick and is in room alpha. */
  private WebSocketDriver.Connection inAlpha(String nick) {
    WebSocketDriver.Connection connection = driver.connect();
    connection.open().assertAccepted();
    connection.sendText("/nick " + nick).assertMetaSet("user", nick);
    connection.sendText("/join alpha").assertSubscribed("room-alpha");
    return connection;
  }

  @Test
  void openIsAcceptedWithKeepAlivesAndAWelcome() {
    driver.connect().open()
        .assertAccepted()
        .assertSubscribed()
        .assertKeepAlive("{}", Duration.ofSeconds(20))
        .assertKeepAliveInterval(Duration.ofSeconds(20))
        .assertTexts("welcome: /nick <name>, then /join <room>");
  }

  @Test
  void nickIsKeptAsMetaThatTheNextRequestCarries() {
    WebSocketDriver.Connection alice = driver.connect();
    alice.open();
    alice.sendText("/nick alice").assertMetaSet("user", "alice").assertTexts("you are alice");
    assertThat(alice.meta()).isEqualTo(Map.of("user", "alice"));

    // The handler only knows the nick from the Meta-user header of this request.
    WebSocketReply join = alice.sendText("/join alpha");
    assertThat(join.requestHeaders()).containsEntry("Meta-user", "alice");
    join.assertSubscribed("room-alpha").assertMetaSet("room", "alpha").assertTexts("joined alpha");
    assertThat(alice.meta()).isEqualTo(Map.of("user", "alice", "room", "alpha"));
  }

  @Test
  void joiningAnotherRoomLeavesTheFirst() {
    WebSocketDriver.Connection alice = inAlpha("alice");
    alice.sendText("/join beta")
        .assertUnsubscribed("room-alpha")
        .assertSubscribed("room-beta")
        .assertMetaSet("room", "beta");
  }

  @Test
  void leavingRemovesTheRoomMeta() {
    WebSocketDriver.Connection alice = inAlpha("alice");
    alice.sendText("/leave").assertUnsubscribed("room-alpha").assertMetaRemoved("room");
    assertThat(alice.meta()).isEqualTo(Map.of("user", "alice"));
    alice.sendText("hi").assertTexts("error: /nick and /join first");
  }

  @Test
  void messagesArePublishedToTheRoomAndNotSentBack(PublishRecorder recorder) {
    WebSocketDriver.Connection alice = inAlpha("alice");
    WebSocketDriver.Connection bob = inAlpha("bob");

    alice.sendText("hi bob").assertNoMessages();
    bob.sendText("hi alice").assertNoMessages();

    assertThat(recorder.items()).extracting(RecordedItem::toPublishItem).containsExactly(
        PublishItem.of("room-alpha", PublishFormat.WsMessage.text("alice: hi bob")),
        PublishItem.of("room-alpha", PublishFormat.WsMessage.text("bob: hi alice")));
  }

  @Test
  void aFailedPublishIsAnErrorToTheClientAndTheSocketStaysOpen(PublishRecorder recorder) {
    // BH-22: three 500s use up the publisher's three attempts.
    WebSocketDriver.Connection alice = inAlpha("alice");
    for (int i = 0; i < 3; i++) {
      recorder.enqueue(PublishAnswer.status(500).withBody("boom\n"));
    }
    alice.sendText("lost").assertOk().assertTexts("error: not delivered, try again");
    assertThat(alice.isOpen()).isTrue();

    alice.sendText("kept").assertNoMessages();
    assertThat(recorder.items()).extracting(item -> item.wsMessage())
        .containsExactly(PublishFormat.WsMessage.text("alice: kept"));
    assertThat(recorder.requestCount()).isEqualTo(4);
  }

  @Test
  void theMessageBeforeANickIsRefusedWithAnError() {
    WebSocketDriver.Connection mallory = driver.connect();
    mallory.open();
    WebSocketReply reply =
        mallory.sendText("/nick Mallory!").assertTexts("error: a name is 1 to 16 letters a-z");
    assertThat(reply.metaChanges()).isEmpty();
    mallory.sendText("hi").assertTexts("error: /nick and /join first");
  }

  @Test
  void pingsAreAnsweredWithTheirPayload() {
    WebSocketDriver.Connection alice = driver.connect();
    alice.open();
    WebSocketReply reply = alice.ping(new byte[] {1, 2, 3}).assertNoMessages();
    assertThat(reply.pongs()).containsExactly(new byte[] {1, 2, 3});
  }

  @Test
  void binaryClosesWith1003AndOnlyTheClientsCloseReplyMayFollow() {
    WebSocketDriver.Connection alice = driver.connect();
    alice.open();
    alice.sendBinary(new byte[] {0}).assertClosed(1003, "text only");
    assertThat(alice.isOpen()).isFalse();
    assertThatThrownBy(() -> alice.sendText("late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closing (the handler sent Close[code=1003, reason=text only])");

    alice.close(1003).assertOk().assertNoMessages();
    assertThatThrownBy(() -> alice.close(1000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("connection " + alice.id() + " is closed: the client closed it");
  }

  @Test
  void quitClosesWithByeAndAClientCloseIsEchoed() {
    WebSocketDriver.Connection alice = driver.connect();
    alice.open();
    alice.sendText("/quit").assertClosed(1000, "bye");

    WebSocketDriver.Connection bob = driver.connect();
    bob.open();
    bob.close(4000, "gone").assertClosed(4000, "");
  }
}
