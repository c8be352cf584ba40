package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GripLastTest {
  // BH-18, fanout/django-grip eff4338: an empty last-id is the empty id, not an error.
  @Test
  void emptyLastIdIsTheEmptyString() {
    Map<String, String> last = GripLast.parse("fruit; last-id=3, veg; last-id=");

    assertThat(last).containsExactly(entry("fruit", "3"), entry("veg", ""));
  }

  // What Pushpin sends: one header line per channel, unquoted (handler engine, requestNextLink).
  @Test
  void oneLinePerChannelAsPushpinSendsIt() {
    Map<String, String> last = GripLast.parseAll(List.of("fruit; last-id=3", "veg; last-id=7"));

    assertThat(last).containsExactly(entry("fruit", "3"), entry("veg", "7"));
  }

  @Test
  void linesAndJoinedLineGiveTheSameMap() {
    assertThat(GripLast.parse("fruit; last-id=3, veg; last-id=7"))
        .isEqualTo(GripLast.parseAll(List.of("fruit; last-id=3", "veg; last-id=7")));
  }

  @Test
  void resultCannotBeModified() {
    Map<String, String> last = GripLast.parse("fruit; last-id=3");

    assertThat(last).isUnmodifiable();
  }

  static Stream<Arguments> tolerated() {
    return Stream.of(
        Arguments.of("no spaces", "fruit;last-id=3,veg;last-id=4",
            Map.of("fruit", "3", "veg", "4")),
        Arguments.of("extra spaces and tabs", "  fruit \t;  last-id =  3 ,\tveg ; last-id=4  ",
            Map.of("fruit", "3", "veg", "4")),
        Arguments.of("quoted value with comma and escapes",
            "fruit; last-id=\"a,b\\\"c\\\\\", veg; last-id=\"\"",
            Map.of("fruit", "a,b\"c\\", "veg", "")),
        Arguments.of("parameter name in another case", "fruit; Last-ID=3",
            Map.of("fruit", "3")),
        Arguments.of("other parameters around it", "fruit; foo; x=1; last-id=3; y=\"2\"",
            Map.of("fruit", "3")),
        Arguments.of("value holding '='", "fruit; last-id=a=b", Map.of("fruit", "a=b")),
        Arguments.of("repeated channel: last wins", "fruit; last-id=1, fruit; last-id=2",
            Map.of("fruit", "2")),
        Arguments.of("repeated parameter: first wins", "fruit; last-id=1; last-id=2",
            Map.of("fruit", "1")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("tolerated")
  void toleratedSpellingsAreRead(String name, String header, Map<String, String> expected) {
    assertThat(GripLast.parse(header)).isEqualTo(expected);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", "", Map.of()),
        Arguments.of("blank", " \t ", Map.of()),
        Arguments.of("only commas", ",,,", Map.of()),
        Arguments.of("channel without parameters", "fruit, veg; last-id=4", Map.of("veg", "4")),
        Arguments.of("no last-id parameter", "fruit; prev-id=3, veg; last-id=4",
            Map.of("veg", "4")),
        Arguments.of("last-id without '='", "fruit; last-id, veg; last-id=4", Map.of("veg", "4")),
        Arguments.of("no channel name", "; last-id=3, veg; last-id=4", Map.of("veg", "4")),
        Arguments.of("unterminated quote drops the rest", "veg; last-id=4, fruit; last-id=\"3",
            Map.of("veg", "4")),
        Arguments.of("stray quote in channel", "fr\"uit; last-id=3", Map.of()),
        Arguments.of("backslash at the very end", "fruit; last-id=\"3\\", Map.of()),
        Arguments.of("only semicolons", ";;;", Map.of()),
        Arguments.of("only equals", "===", Map.of()));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void malformedEntriesAreLeftOutWithoutThrowing(
      String name, String header, Map<String, String> expected) {
    assertThat(GripLast.parse(header)).isEqualTo(expected);
  }

  @Test
  void absentHeaderIsAnEmptyMap() {
    assertThat(GripLast.parse((String) null)).isEmpty();
    assertThat(GripLast.parseAll(null)).isEmpty();
    assertThat(GripLast.parseAll(Arrays.asList(null, "veg; last-id=4", null)))
        .containsExactly(entry("veg", "4"));
  }

  // A header must never make the origin fail: every prefix of tricky inputs parses.
  @Test
  void everyPrefixOfTrickyInputsParsesWithoutThrowing() {
    List<String> inputs = List.of(
        "fruit; last-id=\"a,\\\"b\\\\\"; x=\"y\", veg ; last-id = 4 ;",
        "\"\"\"\\\\\\;;==,,\"\\",
        "a;=;b=\"c\\");
    for (String input : inputs) {
      for (int end = 0; end <= input.length(); end++) {
        GripLast.parse(input.substring(0, end));
      }
    }
  }

  @Test
  void randomHeadersFromTheSyntaxAlphabetParseWithoutThrowing() {
    String alphabet = "ab;=,\" \\\tl";
    Random random = new Random(18);
    for (int n = 0; n < 20_000; n++) {
      char[] header = new char[random.nextInt(24)];
      for (int i = 0; i < header.length; i++) {
        header[i] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      Map<String, String> last = GripLast.parse(new String(header));
      assertThat(last.keySet()).allSatisfy(channel -> assertThat(channel).isNotBlank());
    }
  }
}
