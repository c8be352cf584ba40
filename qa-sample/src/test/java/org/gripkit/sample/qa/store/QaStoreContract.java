package org.gripkit.sample.qa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gripkit.sample.qa.store.StoreException.Kind;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link QaStore} must have, run against each database by a subclass. Each
 * test starts on an empty database with users ada, bob and cat, room alpha (created by ada) and
 * room beta (created by bob).
 */
abstract class QaStoreContract {
  static final Instant T0 = Instant.parse("2026-12-03T20:15:00.123Z");
  static final RoomInfo ALPHA = new RoomInfo("alpha", "New Room: alpha", "#038cfc");
  static final RoomInfo BETA = new RoomInfo("beta", "Beta", "#d35192");

  /** Null only when a subclass skipped the test before it was opened. */
  @Nullable QaStore store;

  /** Makes this test's database empty; called before each test, before {@link #openStore}. */
  abstract void prepareEmptyDatabase() throws Exception;

  /** Opens a new store, with a new pool, on this test's database; each call sees the same data. */
  abstract QaStore openStore();

  @BeforeEach
  void openStoreWithTwoRooms() throws Exception {
    prepareEmptyDatabase();
    store = openStore();
    for (String id : List.of("ada", "bob", "cat")) {
      assertThat(store.claimUser(new UserInfo(id, id), "key-" + id)).isTrue();
    }
    store.createRoom(ALPHA, "host-alpha", "ada");
    store.createRoom(BETA, "host-beta", "bob");
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  static String qid(int n) {
    return String.format("%016x", n);
  }

  static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  static Consumer<Throwable> storeFailure(Kind kind, String message) {
    return e -> {
      assertThat(e).isInstanceOf(StoreException.class).hasMessage(message);
      assertThat(((StoreException) e).kind()).isEqualTo(kind);
    };
  }

  // Rooms

  @Test
  void createdRoomIsReadBackWithItsHostCodeHash() {
    assertThat(store.room("alpha")).contains(ALPHA);
    assertThat(store.hostCodeHash("alpha")).contains("host-alpha");
    assertThat(store.rooms()).containsExactly(Map.entry("alpha", ALPHA), Map.entry("beta", BETA));
  }

  @Test
  void createRoomWithTakenIdIsConflictAndKeepsTheRoom() {
    RoomInfo other = new RoomInfo("alpha", "Hijacked", "#188c2d");

    assertThatThrownBy(() -> store.createRoom(other, "host-other", "cat"))
        .satisfies(storeFailure(Kind.CONFLICT, "room already exists"));

    assertThat(store.room("alpha")).contains(ALPHA);
    assertThat(store.hostCodeHash("alpha")).contains("host-alpha");
  }

  @Test
  void createRoomByUnknownCreatorIsNotFoundAndCreatesNothing() {
    RoomInfo gamma = new RoomInfo("gamma", "Gamma", "#188c2d");

    assertThatThrownBy(() -> store.createRoom(gamma, "host-gamma", "nobody"))
        .satisfies(storeFailure(Kind.NOT_FOUND, "creator not found"));

    assertThat(store.room("gamma")).isEmpty();
  }

  @Test
  void unknownRoomIsEmptyEverywhere() {
    assertThat(store.room("nope")).isEmpty();
    assertThat(store.hostCodeHash("nope")).isEmpty();
    assertThat(store.questions("nope")).isEmpty();
    assertThat(store.fullRoom("nope")).isEmpty();
    assertThat(store.connectionCount("nope", T0)).isZero();
    assertThat(store.room("NOT A VALID ID; DROP TABLE rooms")).isEmpty();
    assertThat(store.rooms()).containsOnlyKeys("alpha", "beta");
  }

  @Test
  void updateRoomChangesOnlyTheGivenFields() {
    assertThat(store.updateRoom("alpha", "Town hall", null))
        .contains(new RoomInfo("alpha", "Town hall", "#038cfc"));
    assertThat(store.updateRoom("alpha", null, "#765f09"))
        .contains(new RoomInfo("alpha", "Town hall", "#765f09"));
    assertThat(store.updateRoom("alpha", null, null))
        .contains(new RoomInfo("alpha", "Town hall", "#765f09"));

    assertThat(store.room("alpha")).contains(new RoomInfo("alpha", "Town hall", "#765f09"));
    assertThat(store.room("beta")).contains(BETA);
    assertThat(store.hostCodeHash("alpha")).contains("host-alpha");
  }

  @Test
  void updateRoomOnMissingRoomCreatesNothing() {
    assertThat(store.updateRoom("gamma", "Gamma", "#188c2d")).isEmpty();

    assertThat(store.room("gamma")).isEmpty();
    assertThat(store.rooms()).containsOnlyKeys("alpha", "beta");
  }

  // Users

  @Test
  void claimedUserIsReadBackWithItsKeyHash() {
    assertThat(store.claimUser(new UserInfo("dan", "Dan"), "key-dan")).isTrue();

    assertThat(store.user("dan")).contains(new UserInfo("dan", "Dan"));
    assertThat(store.userKeyHash("dan")).contains("key-dan");
    assertThat(store.users()).containsOnlyKeys("ada", "bob", "cat", "dan");
    assertThat(store.users().keySet()).containsExactly("ada", "bob", "cat", "dan");
    assertThat(store.user("nobody")).isEmpty();
    assertThat(store.userKeyHash("nobody")).isEmpty();
  }

  @Test
  void claimingATakenIdReturnsFalseAndChangesNothing() {
    assertThat(store.claimUser(new UserInfo("ada", "Impostor"), "key-impostor")).isFalse();

    assertThat(store.user("ada")).contains(new UserInfo("ada", "ada"));
    assertThat(store.userKeyHash("ada")).contains("key-ada");
  }

  @Test
  void concurrentClaimsOfOneIdHaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < 20; round++) {
      String id = "racer" + round;
      List<Boolean> wins =
          concurrently(
              List.of(
                  () -> store.claimUser(new UserInfo(id, "First"), "key-first"),
                  () -> store.claimUser(new UserInfo(id, "Second"), "key-second")));

      assertThat(wins).as("round %d", round).containsExactlyInAnyOrder(true, false);
      String winner = wins.get(0) ? "First" : "Second";
      assertThat(store.user(id)).contains(new UserInfo(id, winner));
      assertThat(store.userKeyHash(id)).contains(wins.get(0) ? "key-first" : "key-second");
    }
  }

  @Test
  void updateUserChangesTheDisplayName() {
    assertThat(store.updateUser("bob", "Bob 🎸")).contains(new UserInfo("bob", "Bob 🎸"));

    assertThat(store.user("bob")).contains(new UserInfo("bob", "Bob 🎸"));
    assertThat(store.userKeyHash("bob")).contains("key-bob");
  }

  @Test
  void updateUserOnMissingUserCreatesNothing() {
    assertThat(store.updateUser("dan", "Dan")).isEmpty();

    assertThat(store.user("dan")).isEmpty();
  }

  // Questions

  @Test
  void addedQuestionStartsWithItsAuthorsUpvote() {
    QuestionInfo added = store.addQuestion("alpha", qid(1), "bob", "Why?", T0);

    assertThat(added)
        .isEqualTo(new QuestionInfo(qid(1), "Why?", T0, "bob", null, null, null, List.of("bob")));
    assertThat(store.questions("alpha")).containsExactly(added);
    assertThat(store.questions("beta")).isEmpty();
  }

  @Test
  void addQuestionWithAUsedIdIsConflictEvenInAnotherRoom() {
    QuestionInfo first = store.addQuestion("alpha", qid(1), "bob", "First", T0);

    assertThatThrownBy(() -> store.addQuestion("alpha", qid(1), "cat", "Again", at(1)))
        .satisfies(storeFailure(Kind.CONFLICT, "question id already used"));
    assertThatThrownBy(() -> store.addQuestion("beta", qid(1), "cat", "Elsewhere", at(1)))
        .satisfies(storeFailure(Kind.CONFLICT, "question id already used"));

    assertThat(store.questions("alpha")).containsExactly(first);
    assertThat(store.questions("beta")).isEmpty();
  }

  @Test
  void addQuestionToAMissingRoomOrByAMissingAuthorIsNotFoundAndAddsNothing() {
    assertThatThrownBy(() -> store.addQuestion("gamma", qid(1), "bob", "Hello?", T0))
        .satisfies(storeFailure(Kind.NOT_FOUND, "room not found"));
    assertThatThrownBy(() -> store.addQuestion("alpha", qid(1), "nobody", "Hello?", T0))
        .satisfies(storeFailure(Kind.NOT_FOUND, "author not found"));

    assertThat(store.questions("alpha")).isEmpty();
    assertThat(store.room("gamma")).isEmpty();
    // Nothing half-written: the id is still free.
    assertThat(store.addQuestion("alpha", qid(1), "bob", "Hello?", T0).upVotes())
        .containsExactly("bob");
  }

  @Test
  void questionsAreSortedByVotesThenAgeThenId() {
    store.addQuestion("alpha", qid(1), "ada", "oldest, one vote", at(0));
    store.addQuestion("alpha", qid(2), "ada", "newest, three votes", at(30));
    store.addQuestion("alpha", qid(4), "bob", "tie in age, id 4", at(10));
    store.addQuestion("alpha", qid(3), "bob", "tie in age, id 3", at(10));
    store.addQuestion("alpha", qid(5), "cat", "middle, two votes", at(20));
    store.upvote("alpha", qid(2), "bob");
    store.upvote("alpha", qid(2), "cat");
    store.upvote("alpha", qid(5), "ada");

    assertThat(store.questions("alpha"))
        .extracting(QuestionInfo::questionText)
        .containsExactly(
            "newest, three votes",
            "middle, two votes",
            "oldest, one vote",
            "tie in age, id 3",
            "tie in age, id 4");

    // The newest drops to no votes at all; the middle one keeps its two.
    store.removeUpvote("alpha", qid(2), "bob");
    store.removeUpvote("alpha", qid(2), "cat");
    store.removeUpvote("alpha", qid(2), "ada");

    assertThat(store.questions("alpha"))
        .extracting(QuestionInfo::questionText)
        .containsExactly(
            "middle, two votes",
            "oldest, one vote",
            "tie in age, id 3",
            "tie in age, id 4",
            "newest, three votes");
  }

  @Test
  void answerSetsTheAnswerAndAnotherAnswerReplacesIt() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", at(0));

    QuestionInfo answered = store.answer("alpha", qid(1), "ada", "Because.", at(5)).orElseThrow();
    assertThat(answered)
        .isEqualTo(
            new QuestionInfo(qid(1), "Why?", at(0), "bob", "Because.", at(5), "ada", List.of("bob")));
    assertThat(store.questions("alpha")).containsExactly(answered);

    QuestionInfo again = store.answer("alpha", qid(1), "cat", "Really.", at(9)).orElseThrow();
    assertThat(again.answerText()).isEqualTo("Really.");
    assertThat(again.answerTimestamp()).isEqualTo(at(9));
    assertThat(again.answerAuthor()).isEqualTo("cat");
    assertThat(store.questions("alpha")).containsExactly(again);
  }

  @Test
  void answerInAnotherRoomOrOfAnUnknownQuestionChangesNothing() {
    QuestionInfo question = store.addQuestion("alpha", qid(1), "bob", "Why?", T0);

    assertThat(store.answer("beta", qid(1), "bob", "Hijacked.", at(5))).isEmpty();
    assertThat(store.answer("alpha", qid(2), "ada", "To nothing.", at(5))).isEmpty();

    assertThat(store.questions("alpha")).containsExactly(question);
  }

  @Test
  void answerByAnUnknownAuthorIsNotFoundAndChangesNothing() {
    QuestionInfo question = store.addQuestion("alpha", qid(1), "bob", "Why?", T0);

    assertThatThrownBy(() -> store.answer("alpha", qid(1), "nobody", "Hm.", at(5)))
        .satisfies(storeFailure(Kind.NOT_FOUND, "answer author not found"));

    assertThat(store.questions("alpha")).containsExactly(question);
  }

  @Test
  void deleteQuestionRemovesItAndItsUpvotes() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);
    store.upvote("alpha", qid(1), "cat");
    QuestionInfo other = store.addQuestion("alpha", qid(2), "ada", "Other", T0);

    assertThat(store.deleteQuestion("alpha", qid(1))).isTrue();
    assertThat(store.deleteQuestion("alpha", qid(1))).isFalse();

    assertThat(store.questions("alpha")).containsExactly(other);
    assertThat(store.upvote("alpha", qid(1), "ada")).isEmpty();
    // The id is free again, and cat's old upvote went with the deleted question.
    assertThat(store.addQuestion("alpha", qid(1), "ada", "Reborn", at(1)).upVotes())
        .containsExactly("ada");
    assertThat(store.questions("alpha").get(0).upVotes()).containsExactly("ada");
  }

  @Test
  void deleteQuestionInAnotherRoomChangesNothing() {
    QuestionInfo question = store.addQuestion("alpha", qid(1), "bob", "Why?", T0);

    assertThat(store.deleteQuestion("beta", qid(1))).isFalse();
    assertThat(store.deleteQuestion("alpha", qid(2))).isFalse();

    assertThat(store.questions("alpha")).containsExactly(question);
  }

  @Test
  void upvoteIsIdempotent() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);

    assertThat(store.upvote("alpha", qid(1), "cat").orElseThrow().upVotes())
        .containsExactly("bob", "cat");
    assertThat(store.upvote("alpha", qid(1), "cat").orElseThrow().upVotes())
        .containsExactly("bob", "cat");
    assertThat(store.upvote("alpha", qid(1), "bob").orElseThrow().upVotes())
        .containsExactly("bob", "cat");

    assertThat(store.questions("alpha").get(0).upVotes()).containsExactly("bob", "cat");
  }

  @Test
  void removeUpvoteIsIdempotentAndTheAuthorMayTakeBackTheirOwn() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);
    store.upvote("alpha", qid(1), "cat");

    assertThat(store.removeUpvote("alpha", qid(1), "cat").orElseThrow().upVotes())
        .containsExactly("bob");
    assertThat(store.removeUpvote("alpha", qid(1), "cat").orElseThrow().upVotes())
        .containsExactly("bob");
    assertThat(store.removeUpvote("alpha", qid(1), "ada").orElseThrow().upVotes())
        .containsExactly("bob");
    assertThat(store.removeUpvote("alpha", qid(1), "bob").orElseThrow().upVotes()).isEmpty();

    assertThat(store.questions("alpha").get(0).upVotes()).isEmpty();
  }

  @Test
  void upvotesInAnotherRoomOrOfAnUnknownQuestionChangeNothing() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);
    store.upvote("alpha", qid(1), "cat");

    assertThat(store.upvote("beta", qid(1), "ada")).isEmpty();
    assertThat(store.removeUpvote("beta", qid(1), "cat")).isEmpty();
    assertThat(store.upvote("alpha", qid(2), "ada")).isEmpty();
    assertThat(store.removeUpvote("alpha", qid(2), "cat")).isEmpty();

    assertThat(store.questions("alpha").get(0).upVotes()).containsExactly("bob", "cat");
  }

  @Test
  void upvoteByAnUnknownUserIsNotFound() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);

    assertThatThrownBy(() -> store.upvote("alpha", qid(1), "nobody"))
        .satisfies(storeFailure(Kind.NOT_FOUND, "user not found"));

    assertThat(store.questions("alpha").get(0).upVotes()).containsExactly("bob");
  }

  @Test
  void upVotesListVotersInTheOrderTheyVoted() {
    assertThat(store.claimUser(new UserInfo("aaa", "first by name"), "key-aaa")).isTrue();
    store.addQuestion("alpha", qid(1), "cat", "Why?", T0);
    store.upvote("alpha", qid(1), "bob");
    store.upvote("alpha", qid(1), "aaa");
    store.upvote("alpha", qid(1), "ada");

    assertThat(store.questions("alpha").get(0).upVotes())
        .containsExactly("cat", "bob", "aaa", "ada");
  }

  @Test
  void fullRoomHasOrderedQuestionsAndEveryUserInvolved() {
    assertThat(store.claimUser(new UserInfo("dan", "Dan"), "key-dan")).isTrue();
    assertThat(store.claimUser(new UserInfo("eve", "Eve"), "key-eve")).isTrue();
    // alpha: bob asks, cat votes, ada answers. dan is only in beta; eve is in no question.
    store.addQuestion("alpha", qid(1), "bob", "Old", at(0));
    store.addQuestion("alpha", qid(2), "bob", "Popular", at(5));
    store.upvote("alpha", qid(2), "cat");
    store.answer("alpha", qid(1), "ada", "Answer", at(6));
    store.addQuestion("beta", qid(3), "dan", "Elsewhere", at(7));

    FullRoomInfo full = store.fullRoom("alpha").orElseThrow();

    assertThat(full.roomInfo()).isEqualTo(ALPHA);
    assertThat(full.questions()).isEqualTo(store.questions("alpha"));
    assertThat(full.questions()).extracting(QuestionInfo::questionText).containsExactly("Popular", "Old");
    assertThat(full.userInfos())
        .containsExactly(new UserInfo("ada", "ada"), new UserInfo("bob", "bob"), new UserInfo("cat", "cat"));
    assertThat(store.fullRoom("beta").orElseThrow().userInfos())
        .containsExactly(new UserInfo("dan", "Dan"));
  }

  @Test
  void fullRoomOfARoomWithoutQuestionsIsEmptyButPresent() {
    assertThat(store.fullRoom("beta")).contains(new FullRoomInfo(BETA, List.of(), List.of()));
  }

  @Test
  void unicodeTextRoundTrips() {
    String question = "Wie geht's? 日本語のテキスト 👍🏽 e\u0301 \"quotes\" 'apostrophes' \\ %_\nnew line";
    String answer = "答え: 🎉🎉 ñ — ok";
    String userName = "Zoë 🦊 山田";
    String roomName = "会議 🗣️ Q&A";

    store.addQuestion("alpha", qid(1), "bob", question, T0);
    store.answer("alpha", qid(1), "ada", answer, at(1));
    store.updateUser("bob", userName);
    store.updateRoom("alpha", roomName, null);

    QuestionInfo read = store.questions("alpha").get(0);
    assertThat(read.questionText()).isEqualTo(question);
    assertThat(read.answerText()).isEqualTo(answer);
    assertThat(store.user("bob").orElseThrow().displayName()).isEqualTo(userName);
    assertThat(store.room("alpha").orElseThrow().displayName()).isEqualTo(roomName);
  }

  @Test
  void textsAtTheirMaximumLengthRoundTrip() {
    // Emoji are two UTF-16 units each: the worst case for the columns.
    String question = "😀".repeat(1_000);
    String answer = "🎉".repeat(1_000) + "x".repeat(1_000);
    String userName = "🦊".repeat(40);
    String roomName = "会".repeat(30) + "🗣".repeat(30);

    store.addQuestion("alpha", qid(1), "bob", question, T0);
    store.answer("alpha", qid(1), "ada", answer, at(1));
    assertThat(store.claimUser(new UserInfo("dan", userName), "k".repeat(255))).isTrue();
    store.createRoom(new RoomInfo("gamma", roomName, "#af2c37"), "h".repeat(255), "dan");

    QuestionInfo read = store.questions("alpha").get(0);
    assertThat(read.questionText()).isEqualTo(question);
    assertThat(read.answerText()).isEqualTo(answer);
    assertThat(store.user("dan").orElseThrow().displayName()).isEqualTo(userName);
    assertThat(store.userKeyHash("dan")).contains("k".repeat(255));
    assertThat(store.room("gamma").orElseThrow().displayName()).isEqualTo(roomName);
    assertThat(store.hostCodeHash("gamma")).contains("h".repeat(255));
  }

  @Test
  void textsOverTheirMaximumLengthAreRefusedBeforeWriting() {
    assertThatThrownBy(() -> store.addQuestion("alpha", qid(1), "bob", "😀".repeat(1_001), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("questionText must have 1 to 1000 characters, has 1001");
    assertThatThrownBy(() -> store.addQuestion("alpha", qid(1), "bob", "", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("questionText must have 1 to 1000 characters, has 0");
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);
    assertThatThrownBy(() -> store.answer("alpha", qid(1), "ada", "x".repeat(2_001), T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("answerText must have 1 to 2000 characters, has 2001");
    assertThatThrownBy(() -> store.updateUser("bob", "b".repeat(41)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("displayName must have 1 to 40 characters, has 41");
    assertThatThrownBy(() -> store.updateRoom("alpha", "r".repeat(61), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("displayName must have 1 to 60 characters, has 61");

    assertThat(store.questions("alpha")).extracting(QuestionInfo::answerText).containsOnlyNulls();
    assertThat(store.user("bob")).contains(new UserInfo("bob", "bob"));
    assertThat(store.room("alpha")).contains(ALPHA);
  }

  @Test
  void invalidIdsAndColoursAreRefusedBeforeWriting() {
    assertThatThrownBy(() -> store.createRoom(new RoomInfo("Alpha!", "x", "#038cfc"), "h", "ada"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("room.id must match ^[a-z][-_.a-z0-9]{1,14}[a-z0-9]$");
    assertThatThrownBy(() -> store.claimUser(new UserInfo("ab", "x"), "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user.id must match ^[a-z][-_.a-z0-9]{1,14}[a-z0-9]$");
    assertThatThrownBy(() -> store.addQuestion("alpha", "ABCDEF0123456789", "bob", "Why?", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("questionId must match 16 lowercase hex characters");
    assertThatThrownBy(() -> store.updateRoom("alpha", null, "red"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("themeColor must match #rrggbb in lowercase hex");

    assertThat(store.rooms()).containsOnlyKeys("alpha", "beta");
    assertThat(store.users()).containsOnlyKeys("ada", "bob", "cat");
    assertThat(store.room("alpha")).contains(ALPHA);
  }

  @Test
  void timestampsKeepMillisecondsOnly() {
    Instant asked = Instant.parse("2026-12-03T20:15:00.123456789Z");
    Instant answeredAt = Instant.parse("2026-12-03T20:16:00.999999Z");

    QuestionInfo added = store.addQuestion("alpha", qid(1), "bob", "Why?", asked);
    QuestionInfo answered = store.answer("alpha", qid(1), "ada", "So.", answeredAt).orElseThrow();

    assertThat(added.questionTimestamp()).isEqualTo(Instant.parse("2026-12-03T20:15:00.123Z"));
    assertThat(answered.answerTimestamp()).isEqualTo(Instant.parse("2026-12-03T20:16:00.999Z"));
    assertThat(store.questions("alpha")).containsExactly(answered);
  }

  // Concurrency

  @Test
  void fiftyConcurrentUpvotesThenTwentyFiveConcurrentRemovalsLeaveExactlyTheRest()
      throws Exception {
    List<String> voters =
        IntStream.range(0, 50).mapToObj(i -> "voter" + i).collect(Collectors.toList());
    for (String voter : voters) {
      assertThat(store.claimUser(new UserInfo(voter, voter), "key-" + voter)).isTrue();
    }
    store.addQuestion("alpha", qid(1), "bob", "Popular?", T0);

    List<Callable<Boolean>> upvotes = new ArrayList<>();
    for (String voter : voters) {
      upvotes.add(() -> store.upvote("alpha", qid(1), voter).isPresent());
    }
    assertThat(concurrently(upvotes)).containsOnly(true).hasSize(50);

    List<String> everyone = new ArrayList<>(voters);
    everyone.add("bob");
    assertThat(store.questions("alpha").get(0).upVotes())
        .hasSize(51)
        .containsExactlyInAnyOrderElementsOf(everyone);

    List<String> leaving = voters.subList(0, 25);
    List<String> staying = new ArrayList<>(voters.subList(25, 50));
    staying.add("bob");
    List<Callable<Boolean>> removals = new ArrayList<>();
    for (String voter : leaving) {
      removals.add(() -> store.removeUpvote("alpha", qid(1), voter).isPresent());
    }
    assertThat(concurrently(removals)).containsOnly(true).hasSize(25);

    List<String> upVotes = store.questions("alpha").get(0).upVotes();
    assertThat(upVotes).hasSize(26).containsExactlyInAnyOrderElementsOf(staying);
    assertThat(store.fullRoom("alpha").orElseThrow().userInfos()).hasSize(26);
  }

  // Presence

  @Test
  void connectionCountCountsConnectionsTouchedSince() {
    store.touchConnection("c1", "alpha", "ada", at(0));
    store.touchConnection("c2", "alpha", "bob", at(30));
    store.touchConnection("c3", "alpha", "bob", at(60));
    store.touchConnection("c4", "beta", "cat", at(60));

    assertThat(store.connectionCount("alpha", at(0))).isEqualTo(3);
    assertThat(store.connectionCount("alpha", at(30))).isEqualTo(2);
    assertThat(store.connectionCount("alpha", at(61))).isZero();
    assertThat(store.connectionCount("beta", at(0))).isEqualTo(1);

    store.touchConnection("c1", "alpha", "ada", at(90));
    assertThat(store.connectionCount("alpha", at(61))).isEqualTo(1);
  }

  @Test
  void droppedConnectionIsNoLongerCounted() {
    store.touchConnection("c1", "alpha", "ada", at(0));
    store.touchConnection("c2", "alpha", "bob", at(0));

    assertThat(store.dropConnection("c1")).isTrue();
    assertThat(store.dropConnection("c1")).isFalse();

    assertThat(store.connectionCount("alpha", at(0))).isEqualTo(1);
    assertThat(store.roomsOfUser("ada", at(0))).isEmpty();
  }

  @Test
  void touchMovesAConnectionToItsNewRoom() {
    store.touchConnection("c1", "alpha", "ada", at(0));
    store.touchConnection("c1", "beta", "ada", at(1));

    assertThat(store.connectionCount("alpha", at(0))).isZero();
    assertThat(store.connectionCount("beta", at(0))).isEqualTo(1);
  }

  @Test
  void roomsOfUserListsEachRoomWithARecentConnectionOnce() {
    store.touchConnection("c1", "beta", "ada", at(60));
    store.touchConnection("c2", "alpha", "ada", at(60));
    store.touchConnection("c3", "alpha", "ada", at(60));
    store.touchConnection("c4", "beta", "bob", at(60));

    assertThat(store.roomsOfUser("ada", at(0))).containsExactly("alpha", "beta");
    assertThat(store.roomsOfUser("ada", at(61))).isEmpty();
    assertThat(store.roomsOfUser("cat", at(0))).isEmpty();
  }

  @Test
  void connectionsUntouchedForTheRetentionArePruned() {
    store.touchConnection("old", "alpha", "ada", T0);
    store.touchConnection("recent", "alpha", "bob", T0.plus(Duration.ofMinutes(5)));

    store.touchConnection("new", "alpha", "cat", T0.plus(QaStore.CONNECTION_RETENTION).plusSeconds(1));

    // Counting from the beginning would still include "old" had it not been pruned.
    assertThat(store.connectionCount("alpha", T0)).isEqualTo(2);
    assertThat(store.roomsOfUser("ada", T0)).isEmpty();
    assertThat(store.dropConnection("old")).isFalse();
    assertThat(store.dropConnection("recent")).isTrue();
  }

  @Test
  void touchForAMissingRoomOrUserIsNotFound() {
    assertThatThrownBy(() -> store.touchConnection("c1", "gamma", "ada", T0))
        .satisfies(storeFailure(Kind.NOT_FOUND, "room or user not found"));
    assertThatThrownBy(() -> store.touchConnection("c1", "alpha", "nobody", T0))
        .satisfies(storeFailure(Kind.NOT_FOUND, "room or user not found"));

    assertThat(store.connectionCount("alpha", T0)).isZero();
  }

  // Persistence and lifecycle

  @Test
  void everythingSurvivesReopeningTheStore() {
    store.addQuestion("alpha", qid(1), "bob", "Still there? 🤔", at(0));
    store.upvote("alpha", qid(1), "cat");
    store.answer("alpha", qid(1), "ada", "Yes.", at(1));
    store.addQuestion("beta", qid(2), "cat", "And this?", at(2));
    store.updateUser("cat", "Cat");
    store.updateRoom("beta", "Beta room", "#6e1786");
    store.touchConnection("c1", "alpha", "ada", at(3));
    Map<String, RoomInfo> rooms = store.rooms();
    Map<String, UserInfo> users = store.users();
    FullRoomInfo alpha = store.fullRoom("alpha").orElseThrow();
    FullRoomInfo beta = store.fullRoom("beta").orElseThrow();
    store.close();

    store = openStore();

    assertThat(store.rooms()).isEqualTo(rooms);
    assertThat(store.users()).isEqualTo(users);
    assertThat(store.fullRoom("alpha")).contains(alpha);
    assertThat(store.fullRoom("beta")).contains(beta);
    assertThat(store.hostCodeHash("alpha")).contains("host-alpha");
    assertThat(store.userKeyHash("cat")).contains("key-cat");
    assertThat(store.connectionCount("alpha", at(3))).isEqualTo(1);
    assertThat(alpha.questions().get(0).upVotes()).containsExactly("bob", "cat");
  }

  @Test
  void everyCallOnAClosedStoreFailsWithClosed() {
    store.addQuestion("alpha", qid(1), "bob", "Why?", T0);
    store.close();
    store.close();

    List<Runnable> calls =
        List.of(
            () -> store.room("alpha"),
            () -> store.rooms(),
            () -> store.createRoom(new RoomInfo("gamma", "Gamma", "#188c2d"), "h", "ada"),
            () -> store.hostCodeHash("alpha"),
            () -> store.updateRoom("alpha", "x", null),
            () -> store.user("ada"),
            () -> store.users(),
            () -> store.claimUser(new UserInfo("dan", "Dan"), "k"),
            () -> store.userKeyHash("ada"),
            () -> store.updateUser("ada", "x"),
            () -> store.questions("alpha"),
            () -> store.addQuestion("alpha", qid(2), "bob", "Why?", T0),
            () -> store.answer("alpha", qid(1), "ada", "x", T0),
            () -> store.deleteQuestion("alpha", qid(1)),
            () -> store.upvote("alpha", qid(1), "cat"),
            () -> store.removeUpvote("alpha", qid(1), "bob"),
            () -> store.fullRoom("alpha"),
            () -> store.touchConnection("c1", "alpha", "ada", T0),
            () -> store.dropConnection("c1"),
            () -> store.connectionCount("alpha", T0),
            () -> store.roomsOfUser("ada", T0));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).satisfies(storeFailure(Kind.CLOSED, "store is closed"));
    }

    store = openStore();
    assertThat(store.questions("alpha")).hasSize(1);
  }

  /** Runs the tasks on one thread each, released together, and returns their results in order. */
  static <T> List<T> concurrently(List<? extends Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch ready = new CountDownLatch(tasks.size());
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return task.call();
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
