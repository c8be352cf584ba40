package org.gripkit.sample.qa.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A question of a room, with its answer once a host has given one, and the users who upvoted
 * it. The three answer components are all null until the question is answered.
 *
 * @param id 16 lowercase hex characters
 * @param questionText the question as its author wrote it
 * @param questionTimestamp when it was asked, to the millisecond
 * @param author the user id of who asked it
 * @param answerText the host's answer, or null until answered
 * @param answerTimestamp when it was answered, to the millisecond, or null until answered
 * @param answerAuthor the user id of who answered it, or null until answered
 * @param upVotes the ids of the users who upvoted it, in the order they voted; the author's own
 *     vote comes first unless the author took it back. Immutable.
 */
public record QuestionInfo(
    String id,
    String questionText,
    Instant questionTimestamp,
    String author,
    @Nullable String answerText,
    @Nullable Instant answerTimestamp,
    @Nullable String answerAuthor,
    List<String> upVotes) {
  public QuestionInfo {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(questionText, "questionText == null");
    Objects.requireNonNull(questionTimestamp, "questionTimestamp == null");
    Objects.requireNonNull(author, "author == null");
    upVotes = List.copyOf(Objects.requireNonNull(upVotes, "upVotes == null"));
  }
}
