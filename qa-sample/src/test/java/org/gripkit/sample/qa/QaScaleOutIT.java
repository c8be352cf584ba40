package org.gripkit.sample.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.sample.qa.QaClient.message;
import static org.gripkit.sample.qa.RoomFlowContract.about;
import static org.gripkit.sample.qa.RoomFlowContract.questionId;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gripkit.testing.PushpinProcess;
import org.gripkit.testing.RequiresPushpin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two app instances on one PostgreSQL schema, each behind its own real Pushpin, and each
 * publishing to both Pushpins (a GRIP URL that lists both publish endpoints): users connected
 * through different proxies, so to different instances, share one live room.
 */
@RequiresPushpin
class QaScaleOutIT {
  private static final String KEY = "qa-scale-out-key";

  private TestPostgres postgres;
  private PushpinProcess pushpin1;
  private PushpinProcess pushpin2;
  private QaServer app1;
  private QaServer app2;

  @BeforeEach
  void twoInstancesBehindTwoPushpins() throws Exception {
    postgres = TestPostgres.create();
    int port1 = freePort();
    int port2 = freePort();
    pushpin1 = PushpinProcess.builder().overHttpRoute(port1).sigKey(KEY).start();
    pushpin2 = PushpinProcess.builder().overHttpRoute(port2).sigKey(KEY).start();
    String gripUrl = gripUrl(pushpin1) + "," + gripUrl(pushpin2);
    Path data = Files.createTempDirectory("qa-scale-out");
    app1 = QaServer.start(postgres.config(gripUrl, data), port1);
    app2 = QaServer.start(postgres.config(gripUrl, data), port2);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {app1, app2, pushpin1, pushpin2, postgres}) {
      if (c != null) {
        c.close();
      }
    }
  }

  private static String gripUrl(PushpinProcess pushpin) {
    return "http://127.0.0.1:" + pushpin.publishPort() + "/?iss=pushpin&key=" + KEY;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static URI through(PushpinProcess pushpin) {
    return URI.create("http://127.0.0.1:" + pushpin.clientPort());
  }

  @Test
  void usersBehindDifferentProxiesAndInstancesSeeEachOthersQuestionsAndVotes() throws Exception {
    String room = "scaled";
    try (QaClient xena = new QaClient(through(pushpin1), "xena").login();
        QaClient yuri = new QaClient(through(pushpin2), "yuri").login()) {
      String hostCode = xena.createRoom(room);
      assertThat(xena.join(room, hostCode).path("role").asText()).isEqualTo("host");
      // yuri's session was made by instance 2, his room was made through instance 1.
      assertThat(yuri.join(room).path("role").asText()).isEqualTo("guest");

      String fromXena = questionId();
      xena.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", "xena",
          "questionId", fromXena, "questionText", "Asked through Pushpin 1"));
      JsonNode seenByYuri = yuri.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", fromXena));
      assertThat(seenByYuri.path("questionText").asText()).isEqualTo("Asked through Pushpin 1");
      assertThat(seenByYuri.path("author").asText()).isEqualTo("xena");

      String fromYuri = questionId();
      yuri.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", "yuri",
          "questionId", fromYuri, "questionText", "Asked through Pushpin 2"));
      JsonNode seenByXena = xena.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", fromYuri));
      assertThat(seenByXena.path("questionText").asText()).isEqualTo("Asked through Pushpin 2");
      assertThat(seenByXena.path("author").asText()).isEqualTo("yuri");

      xena.send(message("QUESTION_UPVOTE", "roomId", room, "userId", "xena",
          "questionId", fromYuri, "removeUpvote", false));
      JsonNode upByXena = yuri.await(m -> about(m, "QUESTION_UPVOTE_PASSIVE", fromYuri));
      assertThat(upByXena.path("upVotes")).extracting(JsonNode::asText)
          .containsExactly("yuri", "xena");
      assertThat(upByXena.path("userInfo").path("id").asText()).isEqualTo("xena");

      yuri.send(message("QUESTION_UPVOTE", "roomId", room, "userId", "yuri",
          "questionId", fromXena, "removeUpvote", false));
      JsonNode upByYuri = xena.await(m -> about(m, "QUESTION_UPVOTE_PASSIVE", fromXena));
      assertThat(upByYuri.path("upVotes")).extracting(JsonNode::asText)
          .containsExactly("xena", "yuri");

      yuri.send(message("QUESTION_UPVOTE", "roomId", room, "userId", "yuri",
          "questionId", fromXena, "removeUpvote", true));
      JsonNode downByYuri = xena.await(m -> about(m, "QUESTION_UPVOTE_PASSIVE", fromXena)
          && m.path("upVotes").size() == 1);
      assertThat(downByYuri.path("upVotes")).extracting(JsonNode::asText).containsExactly("xena");

      // Both instances read the same data.
      JsonNode full1 = xena.getJson("/api/room/" + room + "/full");
      JsonNode full2 = yuri.getJson("/api/room/" + room + "/full");
      assertThat(full2).isEqualTo(full1);
      assertThat(full1.path("questions")).extracting(q -> q.path("id").asText()
          + ":" + q.path("upVotes").size()).containsExactly(fromYuri + ":2", fromXena + ":1");
    }
  }
}
