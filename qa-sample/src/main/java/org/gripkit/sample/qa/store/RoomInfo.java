package org.gripkit.sample.qa.store;

import java.util.Objects;

/**
 * A room as the browser sees it: {@code {"id", "displayName", "themeColor"}}.
 *
 * @param id the room id, such as {@code "alpha"}
 * @param displayName the name shown in the room's header
 * @param themeColor the room's colour as {@code #rrggbb}
 */
public record RoomInfo(String id, String displayName, String themeColor) {
  public RoomInfo {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(displayName, "displayName == null");
    Objects.requireNonNull(themeColor, "themeColor == null");
  }
}
