package org.gripkit.sample.qa.store;

import java.util.Objects;

/**
 * A user as the browser sees it: {@code {"id", "displayName"}}.
 *
 * @param id the user id, such as {@code "ada"}
 * @param displayName the name shown next to the user's questions and answers
 */
public record UserInfo(String id, String displayName) {
  public UserInfo {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(displayName, "displayName == null");
  }
}
