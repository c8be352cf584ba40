package org.gripkit.sample.qa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static List<String> components(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .collect(Collectors.toList());
  }

  @Test
  void componentNamesAreTheJsonFieldNamesOfTheProtocol() {
    // PROTOCOL.md, "Data shapes (JSON)".
    assertThat(components(RoomInfo.class)).containsExactly("id", "displayName", "themeColor");
    assertThat(components(UserInfo.class)).containsExactly("id", "displayName");
    assertThat(components(QuestionInfo.class))
        .containsExactly(
            "id", "questionText", "questionTimestamp", "author", "answerText",
            "answerTimestamp", "answerAuthor", "upVotes");
    assertThat(components(FullRoomInfo.class))
        .containsExactly("roomInfo", "questions", "userInfos");
  }

  @Test
  void jacksonWritesRoomAndUserWithThoseNames() throws Exception {
    ObjectMapper json = new ObjectMapper();

    assertThat(json.writeValueAsString(new RoomInfo("alpha", "Alpha 🎤", "#038cfc")))
        .isEqualTo("{\"id\":\"alpha\",\"displayName\":\"Alpha 🎤\",\"themeColor\":\"#038cfc\"}");
    assertThat(json.writeValueAsString(new UserInfo("ada", "Ada")))
        .isEqualTo("{\"id\":\"ada\",\"displayName\":\"Ada\"}");
  }

  @Test
  void valuesCopyTheirListsAndRefuseNulls() {
    List<String> votes = new ArrayList<>(List.of("ada"));
    QuestionInfo question =
        new QuestionInfo("0000000000000001", "Why?", Instant.EPOCH, "ada", null, null, null, votes);
    votes.add("bob");

    assertThat(question.upVotes()).containsExactly("ada");
    assertThatThrownBy(() -> question.upVotes().add("cat"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new RoomInfo("alpha", null, "#038cfc"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("displayName == null");
  }
}
