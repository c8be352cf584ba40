package org.gripkit.sample.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gripkit.sample.qa.QaClient.message;
import static org.gripkit.sample.qa.RoomFlowContract.about;
import static org.gripkit.sample.qa.RoomFlowContract.questionId;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fifty users, each with their own session and WebSocket through the embedded development
 * proxy, upvote one question at the same moment; then half of them take the upvote back at the
 * same moment. No vote is lost, doubled or given to the wrong user, on either store.
 */
class QaConcurrencyIT {
  private static final int VOTERS = 50;
  private static final int TAKE_BACK = 25;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  enum Store { H2, POSTGRESQL }

  @ParameterizedTest(name = "on {0}")
  @EnumSource(Store.class)
  void simultaneousUpvotesAndTakeBacksLeaveExactlyTheRightVoters(Store kind) throws Exception {
    Path data = Files.createTempDirectory("qa-concurrency");
    TestPostgres postgres = kind == Store.POSTGRESQL ? TestPostgres.create() : null;
    try (QaServer app = QaServer.start(postgres != null
        ? postgres.config(null, data)
        : new QaConfig(null, null, null, null, null, data))) {
      run(app);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static void run(QaServer app) throws Exception {
    String room = "votes";
    QaClient author = new QaClient(app.http(""), "author").login();
    List<QaClient> voters = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(VOTERS);
    try {
      author.join(room, author.createRoom(room));
      String question = questionId();
      author.send(message("QUESTION_POST_TO_ROOM", "roomId", room, "userId", "author",
          "questionId", question, "questionText", "Vote for me, all at once"));
      author.await(m -> about(m, "QUESTION_UPDATE_INFO_PASSIVE", question));
      for (int i = 0; i < VOTERS; i++) {
        QaClient voter = new QaClient(app.http(""), String.format("voter%02d", i)).login();
        voters.add(voter);
        voter.join(room);
      }

      atOnce(pool, voters, voter -> voter.send(message("QUESTION_UPVOTE", "roomId", room,
          "userId", voter.userId, "questionId", question, "removeUpvote", false)));
      List<String> all = new ArrayList<>(List.of("author"));
      voters.forEach(v -> all.add(v.userId));
      assertThat(settledVoters(author, room, question, VOTERS + 1))
          .containsExactlyInAnyOrderElementsOf(all);

      List<QaClient> leaving = voters.subList(0, TAKE_BACK);
      atOnce(pool, leaving, voter -> voter.send(message("QUESTION_UPVOTE", "roomId", room,
          "userId", voter.userId, "questionId", question, "removeUpvote", true)));
      List<String> staying = new ArrayList<>(List.of("author"));
      voters.subList(TAKE_BACK, VOTERS).forEach(v -> staying.add(v.userId));
      List<String> finalVoters = settledVoters(author, room, question, VOTERS + 1 - TAKE_BACK);
      assertThat(finalVoters).hasSize(26).containsExactlyInAnyOrderElementsOf(staying);

      // Nothing more is in flight, and nobody was refused anything.
      Thread.sleep(1_000);
      assertThat(voters(author, room, question)).containsExactlyInAnyOrderElementsOf(staying);
      for (QaClient voter : voters) {
        assertThat(voter.drain(Duration.ofMillis(10)))
            .as("messages to %s", voter.userId)
            .noneMatch(m -> m.path("type").asText().equals("ERROR"));
      }
    } finally {
      pool.shutdownNow();
      voters.forEach(QaClient::close);
      author.close();
    }
  }

  interface Action {
    void run(QaClient client) throws Exception;
  }

  /** Runs the action for every client on its own thread, released together by one latch. */
  private static void atOnce(ExecutorService pool, List<QaClient> clients, Action action)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(clients.size());
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> sent = new ArrayList<>();
    for (QaClient client : clients) {
      sent.add(pool.submit(() -> {
        ready.countDown();
        go.await();
        action.run(client);
        return null;
      }));
    }
    assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
    go.countDown();
    for (Future<?> future : sent) {
      future.get(15, TimeUnit.SECONDS);
    }
  }

  /** The question's voters once they number {@code expected}, or whatever they are at the end. */
  private static List<String> settledVoters(QaClient client, String room, String question,
      int expected) throws Exception {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    List<String> now = voters(client, room, question);
    while (now.size() != expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      now = voters(client, room, question);
    }
    return now;
  }

  private static List<String> voters(QaClient client, String room, String question)
      throws Exception {
    JsonNode full = client.getJson("/api/room/" + room + "/full");
    List<String> out = new ArrayList<>();
    for (JsonNode q : full.path("questions")) {
      if (q.path("id").asText().equals(question)) {
        q.path("upVotes").forEach(v -> out.add(v.asText()));
      }
    }
    return out;
  }
}
