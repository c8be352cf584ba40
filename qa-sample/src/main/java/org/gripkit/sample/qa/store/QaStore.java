package org.gripkit.sample.qa.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Q&A room's data: rooms, users, questions with their upvotes, and which connections the
 * GRIP proxy reported recently. Open one with {@link QaStores}.
 *
 * <p><b>Thread safety.</b> A store is safe for use by many threads at once, and several stores
 * (app instances) may share one PostgreSQL database: every operation that changes more than one
 * row is one transaction, and upvotes are rows under a (question, user) key, so concurrent votes
 * are never lost or counted twice.
 *
 * <p><b>Lifecycle.</b> {@link #close()} releases the connection pool; afterwards every call
 * fails with {@link StoreException.Kind#CLOSED}. Closing twice does nothing.
 *
 * <p><b>Input.</b> Writes check their values against the limits of {@code PROTOCOL.md} (ids by
 * pattern, text lengths in Unicode code points, colours as {@code #rrggbb}) and throw {@link
 * IllegalArgumentException} for a value outside them: the web layer validates (and trims) first,
 * so reaching that check is a bug. Values are stored exactly as given. Lookups accept any string
 * and simply find nothing for an invalid id. Timestamps are kept to the millisecond: an {@link
 * Instant} written is truncated to milliseconds, and what the store returns equals what a later
 * read returns.
 *
 * <p><b>Failures.</b> Every failure is a {@link StoreException} whose message is safe to show.
 * "Not there" is not a failure: it is an empty {@link Optional}, {@code false} or an empty list,
 * as each method says.
 */
public interface QaStore extends AutoCloseable {

  /** How long a connection row lives without a touch before {@link #touchConnection} prunes it. */
  Duration CONNECTION_RETENTION = Duration.ofMinutes(10);

  // Rooms

  /** The room with this id, or empty if there is none. */
  Optional<RoomInfo> room(String roomId);

  /** Every room, keyed by id, in id order. Immutable. */
  Map<String, RoomInfo> rooms();

  /**
   * Creates a room. Its creator is its host; {@code hostCodeHash} is what {@link #hostCodeHash}
   * returns later (the store never sees the host code itself).
   *
   * @throws StoreException {@link StoreException.Kind#CONFLICT CONFLICT} ("room already exists")
   *     if the id is taken, leaving that room unchanged; {@link StoreException.Kind#NOT_FOUND
   *     NOT_FOUND} ("creator not found") if the creator is not a claimed user
   */
  void createRoom(RoomInfo room, String hostCodeHash, String creatorUserId);

  /** The hash of the room's host code, as given to {@link #createRoom}, or empty if no room. */
  Optional<String> hostCodeHash(String roomId);

  /**
   * Changes the room's display name and/or theme colour; a null argument keeps that field. Never
   * creates a room.
   *
   * @return the room as it is after the change, or empty if there is no such room
   */
  Optional<RoomInfo> updateRoom(
      String roomId, @Nullable String displayName, @Nullable String themeColor);

  // Users

  /** The user with this id, or empty if there is none. */
  Optional<UserInfo> user(String userId);

  /** Every user, keyed by id, in id order. Immutable. */
  Map<String, UserInfo> users();

  /**
   * Creates the user if the id is free, atomically: of several concurrent claims of one id,
   * exactly one returns true.
   *
   * @param userKeyHash the hash of the secret that proves a browser holds this id
   * @return true if this call created the user; false if the id was already taken, in which case
   *     nothing changes (compare {@link #userKeyHash} to resume a session)
   */
  boolean claimUser(UserInfo user, String userKeyHash);

  /** The hash given to {@link #claimUser} when the user was created, or empty if no user. */
  Optional<String> userKeyHash(String userId);

  /**
   * Changes the user's display name. Never creates a user.
   *
   * @return the user after the change, or empty if there is no such user
   */
  Optional<UserInfo> updateUser(String userId, String displayName);

  // Questions

  /**
   * The room's questions: most upvotes first, then older first, then by id. Empty if the room
   * has no questions or does not exist (use {@link #room} to tell them apart).
   */
  List<QuestionInfo> questions(String roomId);

  /**
   * Adds a question with one upvote, its author's own, in one transaction.
   *
   * @return the question as stored, with {@code questionTimestamp} truncated to milliseconds
   * @throws StoreException {@link StoreException.Kind#CONFLICT CONFLICT} ("question id already
   *     used") if any room has a question with this id; {@link StoreException.Kind#NOT_FOUND
   *     NOT_FOUND} ("room not found" or "author not found")
   */
  QuestionInfo addQuestion(
      String roomId, String questionId, String author, String questionText, Instant timestamp);

  /**
   * Sets (or replaces) the answer of a question of this room.
   *
   * @return the question after the change, or empty if this room has no question with this id
   *     (then nothing changes, whatever other room has that id)
   * @throws StoreException {@link StoreException.Kind#NOT_FOUND NOT_FOUND} ("answer author not
   *     found") if the answer author is not a user
   */
  Optional<QuestionInfo> answer(
      String roomId, String questionId, String answerAuthor, String answerText, Instant timestamp);

  /**
   * Deletes a question of this room and its upvotes.
   *
   * @return true if it was deleted; false if this room has no question with this id
   */
  boolean deleteQuestion(String roomId, String questionId);

  /**
   * Records the user's upvote of a question of this room. Idempotent: a second upvote by the
   * same user changes nothing.
   *
   * @return the question with its current upvotes, or empty if this room has no question with
   *     this id (then nothing changes)
   * @throws StoreException {@link StoreException.Kind#NOT_FOUND NOT_FOUND} ("user not found") if
   *     the voter is not a user
   */
  Optional<QuestionInfo> upvote(String roomId, String questionId, String userId);

  /**
   * Takes the user's upvote of a question of this room back. Idempotent: without an upvote
   * there is nothing to take back. The author may take back their own upvote too.
   *
   * @return the question with its current upvotes, or empty if this room has no question with
   *     this id (then nothing changes)
   */
  Optional<QuestionInfo> removeUpvote(String roomId, String questionId, String userId);

  /**
   * The room, its questions (ordered as by {@link #questions}) and every user appearing in them
   * as author, answer author or voter, read as one consistent snapshot.
   *
   * @return empty if there is no such room
   */
  Optional<FullRoomInfo> fullRoom(String roomId);

  // Presence

  /**
   * Records that the proxy reported this connection, in this room and for this user, at {@code
   * now}. A connection that moves to another room is counted in the new room only. Rows not
   * touched for {@link #CONNECTION_RETENTION} before {@code now} are pruned along the way.
   *
   * @throws StoreException {@link StoreException.Kind#NOT_FOUND NOT_FOUND} ("room or user not
   *     found")
   */
  void touchConnection(String connectionId, String roomId, String userId, Instant now);

  /**
   * Forgets a connection that closed.
   *
   * @return true if the store knew the connection
   */
  boolean dropConnection(String connectionId);

  /** How many connections of this room were touched at or after {@code since}. */
  int connectionCount(String roomId, Instant since);

  /**
   * The rooms in which this user has a connection touched at or after {@code since}, in id order,
   * each once.
   */
  List<String> roomsOfUser(String userId, Instant since);

  /** Closes the connection pool. Later calls fail with {@link StoreException.Kind#CLOSED}. */
  @Override
  void close();
}
