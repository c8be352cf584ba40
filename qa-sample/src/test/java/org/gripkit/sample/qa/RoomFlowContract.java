package org.gripkit.sample.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.sample.qa.QaClient.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The room's flows with two real WebSocket clients, whatever GRIP proxy is in front: each
 * subclass says where clients connect ({@link #clientBase()}) and where the origin itself is
 * ({@link #originBase()}).
 */
abstract class RoomFlowContract {
  private static final AtomicInteger ROOMS = new AtomicInteger();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Where browsers connect: the proxy. */
  abstract URI clientBase();

  /** The origin itself, bypassing the proxy. */
  abstract URI originBase();

  QaClient alice;
  QaClient bob;
  String room;
  String hostCode;

  @BeforeEach
  void twoUsersInOneRoom() throws Exception {
    int n = ROOMS.incrementAndGet();
    String suffix = Integer.toString(RANDOM.nextInt(1_000_000), 36);
    room = "room" + n + "x" + suffix;
    alice = new QaClient(clientBase(), "alice" + n + suffix).login();
    bob = new QaClient(clientBase(), "bob" + n + suffix).login();
    hostCode = alice.createRoom(room);
    assertThat(alice.join(room, hostCode).path("role").asText()).isEqualTo("host");
    assertThat(bob.join(room).path("role").asText()).isEqualTo("guest");
  }

  @AfterEach
  void leave() {
    alice.close();
    bob.close();
  }

  static String questionId() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  String ask(QaClient who, String text) throws Exception {
    String id = questionId();
    who.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", who.userId,
        "questionId", id, "questionText", text));
    return id;
  }

  static boolean about(JsonNode m, String type, String questionId) {
    return m.path("type").asText().equals(type) && m.path("questionId").asText().equals(questionId);
  }

  @Test
  void questionPostedByOneIsSeenByBoth() throws Exception {
    String id = ask(bob, "When is the next event? 日本語 😀");
    for (QaClient client : List.of(alice, bob)) {
      JsonNode update = client.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id));
      assertThat(update.path("questionText").asText()).isEqualTo("When is the next event? 日本語 😀");
      assertThat(update.path("author").asText()).isEqualTo(bob.userId);
      assertThat(update.path("upVotes")).extracting(JsonNode::asText).containsExactly(bob.userId);
      assertThat(update.path("userInfo").path("id").asText()).isEqualTo(bob.userId);
      assertThat(update.path("questionTimestamp").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }
    JsonNode questions = alice.getJson("/api/room/" + room + "/questions");
    assertThat(questions).hasSize(1);
  }

  @Test
  void upvoteAndTakeBackReachBoth() throws Exception {
    String id = ask(bob, "Vote for me");
    alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id));
    alice.send(message("QUESTION_UPVOTE", "roomId", room, "userId", alice.userId,
        "questionId", id, "removeUpvote", false));
    JsonNode up = bob.await(m -> about(m, "QUESTION_UPVOTE_PASSIVE", id));
    assertThat(up.path("upVotes")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(alice.userId, bob.userId);
    assertThat(up.path("userInfo").path("id").asText()).isEqualTo(alice.userId);

    alice.send(message("QUESTION_UPVOTE", "roomId", room, "userId", alice.userId,
        "questionId", id, "removeUpvote", true));
    JsonNode down = bob.await(m -> about(m, "QUESTION_UPVOTE_PASSIVE", id)
        && m.path("upVotes").size() == 1);
    assertThat(down.path("userInfo").isNull()).isTrue();
  }

  @Test
  void hostAnswersAndDeletesAndBothSeeIt() throws Exception {
    String id = ask(bob, "Is there pizza?");
    alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id));
    alice.send(message("QUESTION_POST_ANSWER", "roomId", room, "questionId", id,
        "answerAuthor", alice.userId, "answerText", "Yes, at noon."));
    for (QaClient client : List.of(alice, bob)) {
      JsonNode answer = client.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id)
          && m.has("answerText"));
      assertThat(answer.path("answerText").asText()).isEqualTo("Yes, at noon.");
      assertThat(answer.path("answerAuthor").asText()).isEqualTo(alice.userId);
      assertThat(answer.path("answerTimestamp").asText()).isNotEmpty();
    }
    alice.send(message("QUESTION_DELETE", "roomId", room, "questionId", id));
    bob.await(m -> about(m, "QUESTION_DELETE_PASSIVE", id));
    assertThat(bob.getJson("/api/room/" + room + "/questions")).isEmpty();
  }

  @Test
  void hostEditsTheRoomAndUsersEditTheirNames() throws Exception {
    alice.send(message("ROOMINFO_UPDATE", "roomId", room,
        "roomData", java.util.Map.of("displayName", "Town hall", "themeColor", "#d35192")));
    JsonNode roomUpdate = bob.awaitType("ROOMINFO_UPDATE_PASSIVE");
    assertThat(roomUpdate.path("roomInfo").path("displayName").asText()).isEqualTo("Town hall");
    assertThat(roomUpdate.path("roomInfo").path("themeColor").asText()).isEqualTo("#d35192");

    bob.send(message("USERINFO_UPDATE", "userId", bob.userId,
        "userData", java.util.Map.of("displayName", "Bobby")));
    JsonNode userUpdate = alice.awaitType("USERINFO_UPDATE_PASSIVE");
    assertThat(userUpdate.path("userInfo").path("displayName").asText()).isEqualTo("Bobby");
    assertThat(alice.getJson("/api/user/" + bob.userId).path("displayName").asText())
        .isEqualTo("Bobby");
  }

  @Test
  void nonHostsHostOnlyMessageIsRefusedToHimAloneAndChangesNothing() throws Exception {
    String id = ask(alice, "Keep me");
    bob.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id));
    alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id));
    bob.send(message("QUESTION_DELETE", "roomId", room, "questionId", id, "requestId", "r1"));
    JsonNode error = bob.awaitType("ERROR");
    assertThat(error.path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(error.path("for").asText()).isEqualTo("r1");
    bob.send(message("ROOMINFO_UPDATE", "roomId", room,
        "roomData", java.util.Map.of("displayName", "Mine now")));
    assertThat(bob.awaitType("ERROR").path("code").asText()).isEqualTo("FORBIDDEN");
    bob.send(message("QUESTION_POST_ANSWER", "roomId", room, "questionId", id,
        "answerAuthor", bob.userId, "answerText", "fake"));
    assertThat(bob.awaitType("ERROR").path("code").asText()).isEqualTo("FORBIDDEN");

    assertThat(alice.drain(Duration.ofMillis(500)))
        .noneMatch(m -> m.path("type").asText().matches("ERROR|QUESTION_DELETE_PASSIVE"
            + "|ROOMINFO_UPDATE_PASSIVE"));
    JsonNode full = alice.getJson("/api/room/" + room + "/full");
    assertThat(full.path("questions")).hasSize(1);
    assertThat(full.path("questions").get(0).path("answerText").isNull()).isTrue();
    assertThat(full.path("roomInfo").path("displayName").asText()).isEqualTo("New Room: " + room);
  }

  @Test
  void messagesNamingAnotherRoomOrUserAreRefused() throws Exception {
    String other = "zz" + room;
    bob.send(message("QUESTION_DELETE", "roomId", other, "questionId", questionId()));
    JsonNode error = bob.awaitType("ERROR");
    assertThat(error.path("code").asText()).isEqualTo("FORBIDDEN");
    assertThat(error.path("field").asText()).isEqualTo("roomId");
    bob.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", alice.userId,
        "questionId", questionId(), "questionText", "as alice"));
    JsonNode impersonation = bob.awaitType("ERROR");
    assertThat(impersonation.path("field").asText()).isEqualTo("userId");
    assertThat(bob.getJson("/api/room/" + room + "/questions")).isEmpty();
    assertThat(bob.get("/api/room/" + other).statusCode()).isEqualTo(404);
  }

  @Test
  void badInputGetsAnErrorAndTheConnectionKeepsWorking() throws Exception {
    bob.send("this is not json");
    assertThat(bob.awaitType("ERROR").path("code").asText()).isEqualTo("BAD_JSON");
    bob.send(message("NO_SUCH_TYPE", "roomId", room));
    assertThat(bob.awaitType("ERROR").path("code").asText()).isEqualTo("UNKNOWN_TYPE");
    bob.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", bob.userId,
        "questionId", questionId(), "questionText", "x".repeat(1001)));
    JsonNode tooLong = bob.awaitType("ERROR");
    assertThat(tooLong.path("code").asText()).isEqualTo("INVALID_FIELD");
    assertThat(tooLong.path("message").asText())
        .isEqualTo("questionText is 1001 characters, more than 1000");
    bob.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", bob.userId,
        "questionText", "no id"));
    assertThat(bob.awaitType("ERROR").path("code").asText()).isEqualTo("MISSING_FIELD");
    bob.send("{\"type\":\"QUESTION_UPVOTE\",\"roomId\":\"" + room + "\",\"userId\":\"" + bob.userId
        + "\",\"questionId\":\"0123456789abcdef\",\"removeUpvote\":false}");
    assertThat(bob.awaitType("ERROR").path("code").asText()).isEqualTo("NOT_FOUND");
    assertThat(bob.getJson("/api/room/" + room + "/questions")).isEmpty();

    String id = ask(bob, "Still here?");
    bob.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", id));
  }

  @Test
  void requestWithoutValidGripSigIsRefusedByTheOrigin() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            originBase().resolve("/api/websocket?roomId=" + room))
        .header("Content-Type", "application/websocket-events")
        .header("Connection-Id", "forged")
        .header("Meta-User", alice.userId)
        .header("Meta-Room", room)
        .header("Meta-Role", "host")
        .header("Grip-Sig", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJwdXNocGluIn0.")
        .POST(HttpRequest.BodyPublishers.ofString(
            "TEXT 3d\r\n{\"type\":\"QUESTION_DELETE\",\"roomId\":\"x\",\"questionId\":\"y\"}\r\n"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"error\":\"missing or invalid Grip-Sig\"}");
  }

  @Test
  void connectionCountSeesBothClients() throws Exception {
    JsonNode count = alice.getJson("/api/channel/room-" + room + "/subscriptions");
    assertThat(count.path("channel").asText()).isEqualTo("room-" + room);
    assertThat(count.path("count").asInt()).isEqualTo(2);
  }
}
