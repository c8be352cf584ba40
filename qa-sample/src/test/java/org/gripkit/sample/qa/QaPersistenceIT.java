package org.gripkit.sample.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.sample.qa.QaClient.message;
import static org.gripkit.sample.qa.RoomFlowContract.about;
import static org.gripkit.sample.qa.RoomFlowContract.questionId;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everything a room holds survives a restart of the app: the whole web app is stopped and a new
 * one started on the same data (an H2 folder, or a PostgreSQL schema) and the same port, and
 * {@code /api/room/{id}/full} is what it was, down to timestamps and voter order; the users'
 * session cookies and the host code still work.
 */
class QaPersistenceIT {

  enum Store { H2, POSTGRESQL }

  @ParameterizedTest(name = "on {0}")
  @EnumSource(Store.class)
  void roomQuestionsAnswerVotesAndSessionsSurviveARestart(Store kind) throws Exception {
    Path data = Files.createTempDirectory("qa-persist");
    TestPostgres postgres = kind == Store.POSTGRESQL ? TestPostgres.create() : null;
    try {
      QaConfig config = postgres != null
          ? postgres.config(null, data)
          : new QaConfig(null, null, null, null, null, data);
      run(config);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static void run(QaConfig config) throws Exception {
    String room = "persist" + Long.toString(System.nanoTime() % 1_000_000, 36);
    QaServer app = QaServer.start(config);
    int port = app.port();
    QaClient alice = new QaClient(app.http(""), "alice").login();
    QaClient bob = new QaClient(app.http(""), "bob").login();
    QaClient carol = new QaClient(app.http(""), "carol").login();
    String hostCode;
    String q1 = questionId();
    String q2 = questionId();
    JsonNode before;
    try {
      hostCode = alice.createRoom(room);
      alice.join(room, hostCode);
      bob.join(room);
      carol.join(room);

      alice.send(message("ROOMINFO_UPDATE", "roomId", room,
          "roomData", Map.of("displayName", "Persistence check", "themeColor", "#188c2d")));
      alice.awaitType("ROOMINFO_UPDATE_PASSIVE");
      bob.send(message("USERINFO_UPDATE", "userId", "bob",
          "userData", Map.of("displayName", "Bob B.")));
      alice.awaitType("USERINFO_UPDATE_PASSIVE");

      bob.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", "bob",
          "questionId", q1, "questionText", "Does it survive a restart? ✓"));
      alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", q1));
      alice.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", "alice",
          "questionId", q2, "questionText", "And the votes?"));
      alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", q2));

      vote(alice, room, q1, false);
      vote(carol, room, q1, false);
      vote(carol, room, q2, false);
      vote(carol, room, q2, true);
      alice.send(message("QUESTION_POST_ANSWER", "roomId", room, "questionId", q1,
          "answerAuthor", "alice", "answerText", "Yes: it is all in the database."));
      alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", q1) && m.has("answerText"));

      before = alice.getJson("/api/room/" + room + "/full");
    } finally {
      alice.close();
      bob.close();
      carol.close();
      app.close();
    }

    QaServer again = QaServer.start(config, port);
    try {
      JsonNode after = alice.getJson("/api/room/" + room + "/full");
      assertThat(after).isEqualTo(before);

      assertThat(after.path("roomInfo").path("displayName").asText()).isEqualTo("Persistence check");
      assertThat(after.path("roomInfo").path("themeColor").asText()).isEqualTo("#188c2d");
      JsonNode questions = after.path("questions");
      assertThat(questions).extracting(q -> q.path("id").asText()).containsExactly(q1, q2);
      JsonNode first = questions.get(0);
      assertThat(first.path("questionText").asText()).isEqualTo("Does it survive a restart? ✓");
      assertThat(first.path("author").asText()).isEqualTo("bob");
      assertThat(first.path("upVotes")).extracting(JsonNode::asText)
          .containsExactly("bob", "alice", "carol");
      assertThat(first.path("answerText").asText()).isEqualTo("Yes: it is all in the database.");
      assertThat(first.path("answerAuthor").asText()).isEqualTo("alice");
      assertThat(first.path("answerTimestamp").asText())
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      JsonNode second = questions.get(1);
      assertThat(second.path("upVotes")).extracting(JsonNode::asText).containsExactly("alice");
      assertThat(second.path("answerText").isNull()).isTrue();
      assertThat(after.path("userInfos")).extracting(u -> u.path("id").asText() + "="
          + u.path("displayName").asText())
          .containsExactly("alice=alice", "bob=Bob B.", "carol=carol");

      // The cookies issued before the restart still prove who is who, and the host code works.
      assertThat(alice.join(room, hostCode).path("role").asText()).isEqualTo("host");
      JsonNode welcome = bob.join(room);
      assertThat(welcome.path("userId").asText()).isEqualTo("bob");
      assertThat(welcome.path("role").asText()).isEqualTo("guest");
      String q3 = questionId();
      bob.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", "bob",
          "questionId", q3, "questionText", "Still me after the restart?"));
      assertThat(alice.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", q3))
          .path("author").asText()).isEqualTo("bob");
    } finally {
      alice.close();
      bob.close();
      again.close();
    }
  }

  private static void vote(QaClient who, String room, String questionId, boolean remove)
      throws Exception {
    who.send(message("QUESTION_UPVOTE", "roomId", room, "userId", who.userId,
        "questionId", questionId, "removeUpvote", remove));
    who.await(m -> about(m, "QUESTION_UPVOTE_PASSIVE", questionId)
        && contains(m.path("upVotes"), who.userId) != remove);
  }

  private static boolean contains(JsonNode array, String value) {
    for (JsonNode item : array) {
      if (item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
