package org.gripkit.sample.qa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.gripkit.sample.qa.QaException.Code;
import org.gripkit.sample.qa.store.QaStore;
import org.gripkit.sample.qa.store.QuestionInfo;
import org.gripkit.sample.qa.store.RoomInfo;
import org.gripkit.sample.qa.store.StoreException;
import org.gripkit.sample.qa.store.UserInfo;
import org.jspecify.annotations.Nullable;

/**
 * What the room does, whatever the transport: each client message is checked against the
 * identity its connection was bound to, stored, then published to the room's channel.
 *
 * <p>Every check happens before anything is stored: a refused message changes nothing and
 * publishes nothing. Stateless; thread-safe.
 */
final class QaService {
  /** Who a connection is, from its GRIP meta (set when it opened). */
  record Identity(String roomId, String userId, boolean host) {}

  private final QaStore store;
  private final Broadcaster broadcaster;
  private final LiveLog log;
  private final Clock clock;

  QaService(QaStore store, Broadcaster broadcaster, LiveLog log, Clock clock) {
    this.store = store;
    this.broadcaster = broadcaster;
    this.log = log;
    this.clock = clock;
  }

  static String roomChannel(String roomId) {
    return "room-" + roomId;
  }

  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  QaStore store() {
    return store;
  }

  /** Handles one client message; returns nothing, publishes the result. */
  void handle(Identity who, ObjectNode message) throws QaException {
    String type = Json.string(message, "type");
    switch (type) {
      case "ROOMINFO_UPDATE" -> updateRoom(who, message);
      case "USERINFO_UPDATE" -> updateUser(who, message);
      case "QUESTION_POST_TO_ROOM" -> postQuestion(who, message);
      case "QUESTION_POST_ANSWER" -> answer(who, message);
      case "QUESTION_DELETE" -> delete(who, message);
      case "QUESTION_UPVOTE" -> upvote(who, message);
      default -> throw new QaException(Code.UNKNOWN_TYPE, "unknown message type: " + clip(type),
          "type");
    }
  }

  private void updateRoom(Identity who, ObjectNode message) throws QaException {
    checkRoom(who, message);
    requireHost(who, "ROOMINFO_UPDATE");
    JsonNode data = Json.objectField(message, "roomData");
    String name = Json.optionalString(data, "displayName");
    String colour = Json.optionalString(data, "themeColor");
    if (name == null && colour == null) {
      throw new QaException(Code.MISSING_FIELD, "roomData has neither displayName nor themeColor",
          "roomData");
    }
    String checkedName = name == null ? null : Limits.roomName(name);
    String checkedColour = colour == null ? null : Limits.colour(colour);
    RoomInfo room = store(() -> store.updateRoom(who.roomId(), checkedName, checkedColour))
        .orElseThrow(() -> new QaException(Code.NOT_FOUND, "room not found", "roomId"));
    ObjectNode out = passive("ROOMINFO_UPDATE_PASSIVE");
    out.set("roomInfo", Json.MAPPER.valueToTree(room));
    publish(who.roomId(), out, who.userId() + " renamed or recoloured the room");
  }

  private void updateUser(Identity who, ObjectNode message) throws QaException {
    String userId = Json.string(message, "userId");
    if (!userId.equals(who.userId())) {
      throw new QaException(Code.FORBIDDEN, "userId is not this connection's user", "userId");
    }
    JsonNode data = Json.objectField(message, "userData");
    String name = Limits.userName(Json.string(data, "displayName"));
    UserInfo user = store(() -> store.updateUser(who.userId(), name))
        .orElseThrow(() -> new QaException(Code.NOT_FOUND, "user not found", "userId"));
    ObjectNode out = passive("USERINFO_UPDATE_PASSIVE");
    out.set("userInfo", Json.MAPPER.valueToTree(user));
    Set<String> rooms = new LinkedHashSet<>(store(() -> store.roomsOfUser(who.userId(),
        now().minus(ConnectionCounter.WINDOW))));
    rooms.add(who.roomId());
    for (String roomId : rooms) {
      publish(roomId, out, who.userId() + " is now called \"" + clip(name) + "\"");
    }
  }

  private void postQuestion(Identity who, ObjectNode message) throws QaException {
    checkRoom(who, message);
    checkUser(who, message);
    String questionId = Limits.questionId(Json.string(message, "questionId"));
    String text = Limits.question(Json.string(message, "questionText"));
    QuestionInfo question;
    try {
      question = store.addQuestion(who.roomId(), questionId, who.userId(), text, now());
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CONFLICT) {
        throw new QaException(Code.CONFLICT, "questionId is already used", "questionId");
      }
      throw internal(e);
    }
    ObjectNode out = passive("QUESTION_UPDATE_INFO_PASSIVE");
    out.put("roomId", who.roomId());
    out.put("questionId", question.id());
    out.put("questionText", question.questionText());
    out.set("questionTimestamp", Json.MAPPER.valueToTree(question.questionTimestamp()));
    out.put("author", question.author());
    out.set("upVotes", Json.MAPPER.valueToTree(question.upVotes()));
    out.set("userInfo", Json.MAPPER.valueToTree(userInfo(who.userId())));
    publish(who.roomId(), out, who.userId() + " asked a question");
  }

  private void answer(Identity who, ObjectNode message) throws QaException {
    checkRoom(who, message);
    requireHost(who, "QUESTION_POST_ANSWER");
    String questionId = Limits.questionId(Json.string(message, "questionId"));
    String author = Json.string(message, "answerAuthor");
    if (!author.equals(who.userId())) {
      throw new QaException(Code.FORBIDDEN, "answerAuthor is not this connection's user",
          "answerAuthor");
    }
    String text = Limits.answer(Json.string(message, "answerText"));
    QuestionInfo question = store(() -> store.answer(who.roomId(), questionId, who.userId(), text,
        now())).orElseThrow(() -> new QaException(Code.NOT_FOUND, "question not found",
            "questionId"));
    ObjectNode out = passive("QUESTION_UPDATE_INFO_PASSIVE");
    out.put("roomId", who.roomId());
    out.put("questionId", question.id());
    out.put("answerAuthor", question.answerAuthor());
    out.put("answerText", question.answerText());
    out.set("answerTimestamp", Json.MAPPER.valueToTree(question.answerTimestamp()));
    out.set("userInfo", Json.MAPPER.valueToTree(userInfo(who.userId())));
    publish(who.roomId(), out, who.userId() + " answered question " + questionId);
  }

  private void delete(Identity who, ObjectNode message) throws QaException {
    checkRoom(who, message);
    requireHost(who, "QUESTION_DELETE");
    String questionId = Limits.questionId(Json.string(message, "questionId"));
    if (!store(() -> store.deleteQuestion(who.roomId(), questionId))) {
      throw new QaException(Code.NOT_FOUND, "question not found", "questionId");
    }
    ObjectNode out = passive("QUESTION_DELETE_PASSIVE");
    out.put("roomId", who.roomId());
    out.put("questionId", questionId);
    publish(who.roomId(), out, who.userId() + " deleted question " + questionId);
  }

  private void upvote(Identity who, ObjectNode message) throws QaException {
    checkRoom(who, message);
    checkUser(who, message);
    String questionId = Limits.questionId(Json.string(message, "questionId"));
    boolean remove = Json.bool(message, "removeUpvote");
    Optional<QuestionInfo> result = store(() -> remove
        ? store.removeUpvote(who.roomId(), questionId, who.userId())
        : store.upvote(who.roomId(), questionId, who.userId()));
    QuestionInfo question = result.orElseThrow(
        () -> new QaException(Code.NOT_FOUND, "question not found", "questionId"));
    ObjectNode out = passive("QUESTION_UPVOTE_PASSIVE");
    out.put("roomId", who.roomId());
    out.put("questionId", question.id());
    out.set("upVotes", Json.MAPPER.valueToTree(question.upVotes()));
    if (remove) {
      out.putNull("userInfo");
    } else {
      out.set("userInfo", Json.MAPPER.valueToTree(userInfo(who.userId())));
    }
    publish(who.roomId(), out, who.userId() + (remove ? " took back a vote" : " upvoted")
        + " on question " + questionId);
  }

  private UserInfo userInfo(String userId) throws QaException {
    return store(() -> store.user(userId)).orElse(new UserInfo(userId, userId));
  }

  private static ObjectNode passive(String type) {
    ObjectNode out = Json.object();
    out.put("type", type);
    return out;
  }

  /** Publishes to the room; a failure after the change was stored is reported, not hidden. */
  private void publish(String roomId, ObjectNode message, String logLine) throws QaException {
    log.line(roomId, "publishing 1 message to " + roomChannel(roomId) + ": " + logLine);
    try {
      broadcaster.message(roomChannel(roomId), Json.write(message));
    } catch (Exception e) {
      throw new QaException(Code.INTERNAL,
          "the change was saved but could not be sent live; reload to see it");
    }
  }

  private static void checkRoom(Identity who, JsonNode message) throws QaException {
    String roomId = Json.string(message, "roomId");
    if (!roomId.equals(who.roomId())) {
      throw new QaException(Code.FORBIDDEN, "roomId is not this connection's room", "roomId");
    }
  }

  private static void checkUser(Identity who, JsonNode message) throws QaException {
    String userId = Json.string(message, "userId");
    if (!userId.equals(who.userId())) {
      throw new QaException(Code.FORBIDDEN, "userId is not this connection's user", "userId");
    }
  }

  private static void requireHost(Identity who, String type) throws QaException {
    if (!who.host()) {
      throw new QaException(Code.FORBIDDEN, type + " is for the room's host only");
    }
  }

  static String clip(@Nullable String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  interface StoreCall<T> {
    T call();
  }

  /** Runs a store call; a store failure becomes INTERNAL, with no SQL in the message. */
  static <T> T store(StoreCall<T> call) throws QaException {
    try {
      return call.call();
    } catch (StoreException e) {
      throw internal(e);
    }
  }

  private static QaException internal(StoreException e) {
    return new QaException(Code.INTERNAL, "the room's storage failed; try again");
  }
}
