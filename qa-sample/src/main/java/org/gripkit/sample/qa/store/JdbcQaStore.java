package org.gripkit.sample.qa.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.gripkit.sample.qa.store.StoreException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The store over a HikariCP pool, for PostgreSQL and for H2 in PostgreSQL mode alike: one set
 * of statements, all parameterized, using only SQL both accept ({@code ON CONFLICT DO NOTHING}
 * is native to PostgreSQL and supported by H2's PostgreSQL mode).
 */
final class JdbcQaStore implements QaStore {
  /** Old connection rows are pruned at most this often, by the callers' clock. */
  private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

  // SQLState of a duplicate key on both databases.
  private static final String UNIQUE_VIOLATION = "23505";
  // SQLState of a missing referenced row: PostgreSQL uses 23503, H2 uses 23506 (its 23503 is
  // the reverse case, a parent that still has children).
  private static final String FOREIGN_KEY_VIOLATION = "23503";
  private static final String H2_PARENT_MISSING = "23506";

  private static final String SELECT_ROOM =
      "SELECT id, display_name, theme_color FROM rooms WHERE id = ?";
  private static final String SELECT_ROOMS =
      "SELECT id, display_name, theme_color FROM rooms ORDER BY id";
  private static final String INSERT_ROOM =
      "INSERT INTO rooms (id, display_name, theme_color, host_code_hash, creator_user_id)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String SELECT_HOST_CODE_HASH =
      "SELECT host_code_hash FROM rooms WHERE id = ?";
  private static final String UPDATE_ROOM =
      "UPDATE rooms SET display_name = COALESCE(?, display_name),"
          + " theme_color = COALESCE(?, theme_color) WHERE id = ?";

  private static final String SELECT_USER = "SELECT id, display_name FROM users WHERE id = ?";
  private static final String SELECT_USERS = "SELECT id, display_name FROM users ORDER BY id";
  private static final String INSERT_USER =
      "INSERT INTO users (id, display_name, key_hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
  private static final String SELECT_USER_KEY_HASH = "SELECT key_hash FROM users WHERE id = ?";
  private static final String UPDATE_USER = "UPDATE users SET display_name = ? WHERE id = ?";
  private static final String SELECT_USER_EXISTS = "SELECT 1 FROM users WHERE id = ?";
  private static final String SELECT_ROOM_EXISTS = "SELECT 1 FROM rooms WHERE id = ?";

  // One row per upvote, or one row with a null voter for a question without upvotes.
  private static final String QUESTION_ROWS =
      "SELECT q.id, q.question_text, q.question_ts, q.author,"
          + " q.answer_text, q.answer_ts, q.answer_author, v.user_id"
          + " FROM questions q LEFT JOIN upvotes v ON v.question_id = q.id";
  private static final String SELECT_QUESTIONS =
      QUESTION_ROWS + " WHERE q.room_id = ? ORDER BY q.id, v.seq";
  private static final String SELECT_QUESTION =
      QUESTION_ROWS + " WHERE q.room_id = ? AND q.id = ? ORDER BY v.seq";
  private static final String INSERT_QUESTION =
      "INSERT INTO questions (id, room_id, question_text, question_ts, author)"
          + " VALUES (?, ?, ?, ?, ?)";
  private static final String UPDATE_ANSWER =
      "UPDATE questions SET answer_text = ?, answer_ts = ?, answer_author = ?"
          + " WHERE room_id = ? AND id = ?";
  private static final String DELETE_QUESTION =
      "DELETE FROM questions WHERE room_id = ? AND id = ?";
  private static final String INSERT_AUTHOR_UPVOTE =
      "INSERT INTO upvotes (question_id, user_id) VALUES (?, ?)";
  // Inserts nothing when the question is not in this room, or the vote exists already.
  private static final String INSERT_UPVOTE =
      "INSERT INTO upvotes (question_id, user_id)"
          + " SELECT q.id, ? FROM questions q WHERE q.room_id = ? AND q.id = ?"
          + " ON CONFLICT DO NOTHING";
  private static final String DELETE_UPVOTE =
      "DELETE FROM upvotes WHERE user_id = ? AND question_id IN"
          + " (SELECT q.id FROM questions q WHERE q.room_id = ? AND q.id = ?)";
  private static final String SELECT_ROOM_USERS =
      "SELECT u.id, u.display_name FROM users u WHERE u.id IN ("
          + " SELECT q.author FROM questions q WHERE q.room_id = ?"
          + " UNION SELECT q.answer_author FROM questions q"
          + " WHERE q.room_id = ? AND q.answer_author IS NOT NULL"
          + " UNION SELECT v.user_id FROM upvotes v JOIN questions q ON q.id = v.question_id"
          + " WHERE q.room_id = ?)"
          + " ORDER BY u.id";

  private static final String UPDATE_CONNECTION =
      "UPDATE connections SET room_id = ?, user_id = ?, last_seen = ? WHERE id = ?";
  private static final String INSERT_CONNECTION =
      "INSERT INTO connections (room_id, user_id, last_seen, id) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String DELETE_CONNECTION = "DELETE FROM connections WHERE id = ?";
  private static final String PRUNE_CONNECTIONS = "DELETE FROM connections WHERE last_seen < ?";
  private static final String COUNT_CONNECTIONS =
      "SELECT COUNT(*) FROM connections WHERE room_id = ? AND last_seen >= ?";
  private static final String SELECT_ROOMS_OF_USER =
      "SELECT DISTINCT room_id FROM connections WHERE user_id = ? AND last_seen >= ?"
          + " ORDER BY room_id";

  /** Most upvotes first, then older first, then by id so that the order is total. */
  static final Comparator<QuestionInfo> QUESTION_ORDER =
      Comparator.comparingInt((QuestionInfo q) -> q.upVotes().size())
          .reversed()
          .thenComparing(QuestionInfo::questionTimestamp)
          .thenComparing(QuestionInfo::id);

  private final HikariDataSource dataSource;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<Instant> nextPrune = new AtomicReference<>(Instant.MIN);

  /** Takes over the pool, which must hold the migrated schema, and closes it on close. */
  JdbcQaStore(HikariDataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
  }

  // Rooms

  @Override
  public Optional<RoomInfo> room(String roomId) {
    Objects.requireNonNull(roomId, "roomId == null");
    return autoCommit("room", c -> selectRoom(c, roomId));
  }

  @Override
  public Map<String, RoomInfo> rooms() {
    return autoCommit(
        "rooms",
        c -> {
          Map<String, RoomInfo> rooms = new LinkedHashMap<>();
          try (PreparedStatement s = c.prepareStatement(SELECT_ROOMS);
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              RoomInfo room = roomInfo(rs);
              rooms.put(room.id(), room);
            }
          }
          return Collections.unmodifiableMap(rooms);
        });
  }

  @Override
  public void createRoom(RoomInfo room, String hostCodeHash, String creatorUserId) {
    Objects.requireNonNull(room, "room == null");
    StoreLimits.id("room.id", room.id());
    StoreLimits.text("room.displayName", room.displayName(), StoreLimits.ROOM_DISPLAY_NAME_MAX);
    StoreLimits.color("room.themeColor", room.themeColor());
    StoreLimits.text("hostCodeHash", hostCodeHash, StoreLimits.HASH_MAX);
    StoreLimits.id("creatorUserId", creatorUserId);
    autoCommit(
        "createRoom",
        c -> {
          try (PreparedStatement s = c.prepareStatement(INSERT_ROOM)) {
            s.setString(1, room.id());
            s.setString(2, room.displayName());
            s.setString(3, room.themeColor());
            s.setString(4, hostCodeHash);
            s.setString(5, creatorUserId);
            s.executeUpdate();
          } catch (SQLException e) {
            if (isUniqueViolation(e)) {
              throw new StoreException(Kind.CONFLICT, "room already exists");
            }
            if (isForeignKeyViolation(e)) {
              throw new StoreException(Kind.NOT_FOUND, "creator not found");
            }
            throw e;
          }
          return null;
        });
  }

  @Override
  public Optional<String> hostCodeHash(String roomId) {
    Objects.requireNonNull(roomId, "roomId == null");
    return autoCommit("hostCodeHash", c -> selectString(c, SELECT_HOST_CODE_HASH, roomId));
  }

  @Override
  public Optional<RoomInfo> updateRoom(
      String roomId, @Nullable String displayName, @Nullable String themeColor) {
    Objects.requireNonNull(roomId, "roomId == null");
    if (displayName != null) {
      StoreLimits.text("displayName", displayName, StoreLimits.ROOM_DISPLAY_NAME_MAX);
    }
    if (themeColor != null) {
      StoreLimits.color("themeColor", themeColor);
    }
    // In one transaction, so the room read back is the one this update wrote.
    return transaction(
        "updateRoom",
        c -> {
          try (PreparedStatement s = c.prepareStatement(UPDATE_ROOM)) {
            setNullableString(s, 1, displayName);
            setNullableString(s, 2, themeColor);
            s.setString(3, roomId);
            if (s.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          return selectRoom(c, roomId);
        });
  }

  // Users

  @Override
  public Optional<UserInfo> user(String userId) {
    Objects.requireNonNull(userId, "userId == null");
    return autoCommit(
        "user",
        c -> {
          try (PreparedStatement s = c.prepareStatement(SELECT_USER)) {
            s.setString(1, userId);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next() ? Optional.of(userInfo(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Map<String, UserInfo> users() {
    return autoCommit(
        "users",
        c -> {
          Map<String, UserInfo> users = new LinkedHashMap<>();
          try (PreparedStatement s = c.prepareStatement(SELECT_USERS);
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              UserInfo user = userInfo(rs);
              users.put(user.id(), user);
            }
          }
          return Collections.unmodifiableMap(users);
        });
  }

  @Override
  public boolean claimUser(UserInfo user, String userKeyHash) {
    Objects.requireNonNull(user, "user == null");
    StoreLimits.id("user.id", user.id());
    StoreLimits.text("user.displayName", user.displayName(), StoreLimits.USER_DISPLAY_NAME_MAX);
    StoreLimits.text("userKeyHash", userKeyHash, StoreLimits.HASH_MAX);
    return autoCommit(
        "claimUser",
        c -> {
          try (PreparedStatement s = c.prepareStatement(INSERT_USER)) {
            s.setString(1, user.id());
            s.setString(2, user.displayName());
            s.setString(3, userKeyHash);
            return s.executeUpdate() == 1;
          } catch (SQLException e) {
            // ON CONFLICT covers a committed row; a claim racing an uncommitted one may still
            // meet the key. Either way the other claim won.
            if (isUniqueViolation(e)) {
              return false;
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<String> userKeyHash(String userId) {
    Objects.requireNonNull(userId, "userId == null");
    return autoCommit("userKeyHash", c -> selectString(c, SELECT_USER_KEY_HASH, userId));
  }

  @Override
  public Optional<UserInfo> updateUser(String userId, String displayName) {
    Objects.requireNonNull(userId, "userId == null");
    StoreLimits.text("displayName", displayName, StoreLimits.USER_DISPLAY_NAME_MAX);
    return autoCommit(
        "updateUser",
        c -> {
          try (PreparedStatement s = c.prepareStatement(UPDATE_USER)) {
            s.setString(1, displayName);
            s.setString(2, userId);
            return s.executeUpdate() == 0
                ? Optional.empty()
                : Optional.of(new UserInfo(userId, displayName));
          }
        });
  }

  // Questions

  @Override
  public List<QuestionInfo> questions(String roomId) {
    Objects.requireNonNull(roomId, "roomId == null");
    return autoCommit("questions", c -> selectQuestions(c, roomId));
  }

  @Override
  public QuestionInfo addQuestion(
      String roomId, String questionId, String author, String questionText, Instant timestamp) {
    StoreLimits.id("roomId", roomId);
    StoreLimits.questionId("questionId", questionId);
    StoreLimits.id("author", author);
    StoreLimits.text("questionText", questionText, StoreLimits.QUESTION_TEXT_MAX);
    Instant questionTimestamp = millis(Objects.requireNonNull(timestamp, "timestamp == null"));
    return transaction(
        "addQuestion",
        c -> {
          // Rooms are never deleted, so this check still holds at the insert below; it tells
          // a missing room from a missing author, which one foreign key error cannot.
          if (!exists(c, SELECT_ROOM_EXISTS, roomId)) {
            throw new StoreException(Kind.NOT_FOUND, "room not found");
          }
          try (PreparedStatement s = c.prepareStatement(INSERT_QUESTION)) {
            s.setString(1, questionId);
            s.setString(2, roomId);
            s.setString(3, questionText);
            setInstant(s, 4, questionTimestamp);
            s.setString(5, author);
            s.executeUpdate();
          } catch (SQLException e) {
            if (isUniqueViolation(e)) {
              throw new StoreException(Kind.CONFLICT, "question id already used");
            }
            if (isForeignKeyViolation(e)) {
              throw new StoreException(Kind.NOT_FOUND, "author not found");
            }
            throw e;
          }
          try (PreparedStatement s = c.prepareStatement(INSERT_AUTHOR_UPVOTE)) {
            s.setString(1, questionId);
            s.setString(2, author);
            s.executeUpdate();
          }
          return new QuestionInfo(
              questionId, questionText, questionTimestamp, author, null, null, null,
              List.of(author));
        });
  }

  @Override
  public Optional<QuestionInfo> answer(
      String roomId, String questionId, String answerAuthor, String answerText, Instant timestamp) {
    Objects.requireNonNull(roomId, "roomId == null");
    Objects.requireNonNull(questionId, "questionId == null");
    StoreLimits.id("answerAuthor", answerAuthor);
    StoreLimits.text("answerText", answerText, StoreLimits.ANSWER_TEXT_MAX);
    Instant answerTimestamp = millis(Objects.requireNonNull(timestamp, "timestamp == null"));
    return transaction(
        "answer",
        c -> {
          try (PreparedStatement s = c.prepareStatement(UPDATE_ANSWER)) {
            s.setString(1, answerText);
            setInstant(s, 2, answerTimestamp);
            s.setString(3, answerAuthor);
            s.setString(4, roomId);
            s.setString(5, questionId);
            if (s.executeUpdate() == 0) {
              return Optional.empty();
            }
          } catch (SQLException e) {
            // The update changes no key, so the only reference it can break is the author's.
            if (isForeignKeyViolation(e)) {
              throw new StoreException(Kind.NOT_FOUND, "answer author not found");
            }
            throw e;
          }
          return selectQuestion(c, roomId, questionId);
        });
  }

  @Override
  public boolean deleteQuestion(String roomId, String questionId) {
    Objects.requireNonNull(roomId, "roomId == null");
    Objects.requireNonNull(questionId, "questionId == null");
    // Its upvotes go with it (ON DELETE CASCADE).
    return autoCommit(
        "deleteQuestion",
        c -> {
          try (PreparedStatement s = c.prepareStatement(DELETE_QUESTION)) {
            s.setString(1, roomId);
            s.setString(2, questionId);
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public Optional<QuestionInfo> upvote(String roomId, String questionId, String userId) {
    Objects.requireNonNull(roomId, "roomId == null");
    Objects.requireNonNull(questionId, "questionId == null");
    Objects.requireNonNull(userId, "userId == null");
    // Single statements in auto-commit: the insert is atomic on its own, and a duplicate key
    // does not abort a surrounding PostgreSQL transaction because there is none.
    return autoCommit(
        "upvote",
        c -> {
          // Users are never deleted, so after this check a foreign key error below can only
          // mean that the question was deleted meanwhile.
          if (!exists(c, SELECT_USER_EXISTS, userId)) {
            throw new StoreException(Kind.NOT_FOUND, "user not found");
          }
          try (PreparedStatement s = c.prepareStatement(INSERT_UPVOTE)) {
            s.setString(1, userId);
            s.setString(2, roomId);
            s.setString(3, questionId);
            s.executeUpdate();
          } catch (SQLException e) {
            if (isForeignKeyViolation(e)) {
              return Optional.empty();
            }
            // A concurrent upvote by the same user won: the vote is there, as asked.
            if (!isUniqueViolation(e)) {
              throw e;
            }
          }
          return selectQuestion(c, roomId, questionId);
        });
  }

  @Override
  public Optional<QuestionInfo> removeUpvote(String roomId, String questionId, String userId) {
    Objects.requireNonNull(roomId, "roomId == null");
    Objects.requireNonNull(questionId, "questionId == null");
    Objects.requireNonNull(userId, "userId == null");
    return autoCommit(
        "removeUpvote",
        c -> {
          try (PreparedStatement s = c.prepareStatement(DELETE_UPVOTE)) {
            s.setString(1, userId);
            s.setString(2, roomId);
            s.setString(3, questionId);
            s.executeUpdate();
          }
          return selectQuestion(c, roomId, questionId);
        });
  }

  @Override
  public Optional<FullRoomInfo> fullRoom(String roomId) {
    Objects.requireNonNull(roomId, "roomId == null");
    return snapshot(
        "fullRoom",
        c -> {
          Optional<RoomInfo> room = selectRoom(c, roomId);
          if (room.isEmpty()) {
            return Optional.empty();
          }
          List<QuestionInfo> questions = selectQuestions(c, roomId);
          List<UserInfo> users = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(SELECT_ROOM_USERS)) {
            s.setString(1, roomId);
            s.setString(2, roomId);
            s.setString(3, roomId);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                users.add(userInfo(rs));
              }
            }
          }
          return Optional.of(new FullRoomInfo(room.get(), questions, users));
        });
  }

  // Presence

  @Override
  public void touchConnection(String connectionId, String roomId, String userId, Instant now) {
    StoreLimits.text("connectionId", connectionId, StoreLimits.CONNECTION_ID_MAX);
    Objects.requireNonNull(roomId, "roomId == null");
    Objects.requireNonNull(userId, "userId == null");
    Instant seen = millis(Objects.requireNonNull(now, "now == null"));
    autoCommit(
        "touchConnection",
        c -> {
          try {
            // Update first (the common case: a known connection); insert if new; update again
            // if a concurrent touch inserted it in between.
            if (writeConnection(c, UPDATE_CONNECTION, connectionId, roomId, userId, seen) == 0
                && writeConnection(c, INSERT_CONNECTION, connectionId, roomId, userId, seen) == 0) {
              writeConnection(c, UPDATE_CONNECTION, connectionId, roomId, userId, seen);
            }
          } catch (SQLException e) {
            if (isForeignKeyViolation(e)) {
              throw new StoreException(Kind.NOT_FOUND, "room or user not found");
            }
            throw e;
          }
          pruneIfDue(c, seen);
          return null;
        });
  }

  @Override
  public boolean dropConnection(String connectionId) {
    Objects.requireNonNull(connectionId, "connectionId == null");
    return autoCommit(
        "dropConnection",
        c -> {
          try (PreparedStatement s = c.prepareStatement(DELETE_CONNECTION)) {
            s.setString(1, connectionId);
            return s.executeUpdate() > 0;
          }
        });
  }

  @Override
  public int connectionCount(String roomId, Instant since) {
    Objects.requireNonNull(roomId, "roomId == null");
    Objects.requireNonNull(since, "since == null");
    return autoCommit(
        "connectionCount",
        c -> {
          try (PreparedStatement s = c.prepareStatement(COUNT_CONNECTIONS)) {
            s.setString(1, roomId);
            setInstant(s, 2, since);
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }

  @Override
  public List<String> roomsOfUser(String userId, Instant since) {
    Objects.requireNonNull(userId, "userId == null");
    Objects.requireNonNull(since, "since == null");
    return autoCommit(
        "roomsOfUser",
        c -> {
          List<String> rooms = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(SELECT_ROOMS_OF_USER)) {
            s.setString(1, userId);
            setInstant(s, 2, since);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                rooms.add(rs.getString(1));
              }
            }
          }
          return List.copyOf(rooms);
        });
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      dataSource.close();
    }
  }

  // Statements

  private static Optional<RoomInfo> selectRoom(Connection c, String roomId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT_ROOM)) {
      s.setString(1, roomId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(roomInfo(rs)) : Optional.empty();
      }
    }
  }

  private static List<QuestionInfo> selectQuestions(Connection c, String roomId)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT_QUESTIONS)) {
      s.setString(1, roomId);
      try (ResultSet rs = s.executeQuery()) {
        List<QuestionInfo> questions = questionInfos(rs);
        questions.sort(QUESTION_ORDER);
        return List.copyOf(questions);
      }
    }
  }

  private static Optional<QuestionInfo> selectQuestion(
      Connection c, String roomId, String questionId) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT_QUESTION)) {
      s.setString(1, roomId);
      s.setString(2, questionId);
      try (ResultSet rs = s.executeQuery()) {
        List<QuestionInfo> questions = questionInfos(rs);
        return questions.isEmpty() ? Optional.empty() : Optional.of(questions.get(0));
      }
    }
  }

  private static Optional<String> selectString(Connection c, String sql, String key)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static boolean exists(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Both connection statements take (room, user, last seen, id) in this order. */
  private static int writeConnection(
      Connection c, String sql, String connectionId, String roomId, String userId, Instant seen)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, roomId);
      s.setString(2, userId);
      setInstant(s, 3, seen);
      s.setString(4, connectionId);
      return s.executeUpdate();
    }
  }

  private void pruneIfDue(Connection c, Instant now) throws SQLException {
    Instant due = nextPrune.get();
    if (now.isBefore(due) || !nextPrune.compareAndSet(due, now.plus(PRUNE_INTERVAL))) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(PRUNE_CONNECTIONS)) {
      setInstant(s, 1, now.minus(CONNECTION_RETENTION));
      s.executeUpdate();
    }
  }

  // Rows

  private static RoomInfo roomInfo(ResultSet rs) throws SQLException {
    return new RoomInfo(rs.getString(1), rs.getString(2), rs.getString(3));
  }

  private static UserInfo userInfo(ResultSet rs) throws SQLException {
    return new UserInfo(rs.getString(1), rs.getString(2));
  }

  /** Folds the rows of {@link #QUESTION_ROWS} into questions, voters in row order. */
  private static List<QuestionInfo> questionInfos(ResultSet rs) throws SQLException {
    Map<String, QuestionRow> rows = new LinkedHashMap<>();
    while (rs.next()) {
      String id = rs.getString(1);
      QuestionRow row = rows.get(id);
      if (row == null) {
        row =
            new QuestionRow(
                id,
                rs.getString(2),
                Objects.requireNonNull(instant(rs, 3), "question_ts"),
                rs.getString(4),
                rs.getString(5),
                instant(rs, 6),
                rs.getString(7));
        rows.put(id, row);
      }
      String voter = rs.getString(8);
      if (voter != null) {
        row.upVotes.add(voter);
      }
    }
    List<QuestionInfo> questions = new ArrayList<>(rows.size());
    for (QuestionRow row : rows.values()) {
      questions.add(row.toInfo());
    }
    return questions;
  }

  /** A question being read, before its last upvote row. */
  private static final class QuestionRow {
    final String id;
    final String questionText;
    final Instant questionTimestamp;
    final String author;
    final @Nullable String answerText;
    final @Nullable Instant answerTimestamp;
    final @Nullable String answerAuthor;
    final List<String> upVotes = new ArrayList<>();

    QuestionRow(
        String id,
        String questionText,
        Instant questionTimestamp,
        String author,
        @Nullable String answerText,
        @Nullable Instant answerTimestamp,
        @Nullable String answerAuthor) {
      this.id = id;
      this.questionText = questionText;
      this.questionTimestamp = questionTimestamp;
      this.author = author;
      this.answerText = answerText;
      this.answerTimestamp = answerTimestamp;
      this.answerAuthor = answerAuthor;
    }

    QuestionInfo toInfo() {
      return new QuestionInfo(
          id, questionText, questionTimestamp, author, answerText, answerTimestamp, answerAuthor,
          upVotes);
    }
  }

  // Timestamps: UTC, milliseconds.

  static Instant millis(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static void setInstant(PreparedStatement s, int index, Instant instant)
      throws SQLException {
    s.setObject(index, OffsetDateTime.ofInstant(millis(instant), ZoneOffset.UTC));
  }

  private static @Nullable Instant instant(ResultSet rs, int index) throws SQLException {
    OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static void setNullableString(PreparedStatement s, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.VARCHAR);
    } else {
      s.setString(index, value);
    }
  }

  // Connections, transactions and failures

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs statements that are each atomic on their own. */
  private <T> T autoCommit(String operation, SqlWork<T> work) {
    checkOpen();
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /** Runs statements that must all happen or none. */
  private <T> T transaction(String operation, SqlWork<T> work) {
    return inTransaction(operation, false, work);
  }

  /** Runs reads that must see one consistent state of the database. */
  private <T> T snapshot(String operation, SqlWork<T> work) {
    return inTransaction(operation, true, work);
  }

  // The pool restores auto-commit, isolation and read-only when the connection goes back.
  private <T> T inTransaction(String operation, boolean snapshot, SqlWork<T> work) {
    checkOpen();
    try (Connection c = dataSource.getConnection()) {
      if (snapshot) {
        c.setReadOnly(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private static void rollback(Connection c, Exception reason) {
    try {
      c.rollback();
    } catch (SQLException e) {
      reason.addSuppressed(e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new StoreException(Kind.CLOSED, "store is closed");
    }
  }

  private StoreException failure(String operation, SQLException e) {
    if (closed.get()) {
      return new StoreException(Kind.CLOSED, "store is closed", e);
    }
    return sqlFailure(operation, e);
  }

  /**
   * The exception for a driver failure: UNAVAILABLE when trying again later may work, FAILED
   * otherwise. The message names the operation and SQLState, never the driver's message.
   */
  static StoreException sqlFailure(String operation, SQLException e) {
    if (isUnavailable(e)) {
      return new StoreException(
          Kind.UNAVAILABLE, "database unavailable: " + operation + " failed", e);
    }
    return new StoreException(
        Kind.FAILED,
        "database error: " + operation + " failed (SQLState " + e.getSQLState() + ")",
        e);
  }

  private static boolean isUnavailable(SQLException e) {
    // The pool's connection timeout is an SQLTransientConnectionException.
    if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
      return true;
    }
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    return state.startsWith("08") // connection exception
        || state.startsWith("53") // PostgreSQL: insufficient resources, too many connections
        || state.startsWith("57P") // PostgreSQL: shutting down, cannot connect now
        || state.equals("40001") // serialization failure
        || state.equals("40P01") // PostgreSQL: deadlock detected
        || state.equals("HYT00") // H2: lock timeout
        || state.equals("90020"); // H2: database file in use by another process
  }

  private static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(e.getSQLState());
  }

  private static boolean isForeignKeyViolation(SQLException e) {
    String state = e.getSQLState();
    return FOREIGN_KEY_VIOLATION.equals(state) || H2_PARENT_MISSING.equals(state);
  }
}
