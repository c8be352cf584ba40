package org.gripkit.sample.qa.store;

import java.util.List;
import java.util.Objects;

/**
 * Everything a browser needs to draw a room after it (re)connects.
 *
 * @param roomInfo the room
 * @param questions the room's questions, most upvotes first, ties older first. Immutable.
 * @param userInfos every user who appears in those questions as author, answer author or voter,
 *     sorted by id. Immutable.
 */
public record FullRoomInfo(
    RoomInfo roomInfo, List<QuestionInfo> questions, List<UserInfo> userInfos) {
  public FullRoomInfo {
    Objects.requireNonNull(roomInfo, "roomInfo == null");
    questions = List.copyOf(Objects.requireNonNull(questions, "questions == null"));
    userInfos = List.copyOf(Objects.requireNonNull(userInfos, "userInfos == null"));
  }
}
