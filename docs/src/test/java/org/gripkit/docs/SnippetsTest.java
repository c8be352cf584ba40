package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet on the site is a region of a compiled, tested source under {@code
 * src/test/java}: a page's snippet that differs from its region, a marker without a region, a
 * region no page shows and a {@code java} block without a marker all fail here.
 *
 * <p>To rewrite the pages from the sources instead, run
 * {@code mvn -pl docs -am test -Dtest=SnippetsTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dsnippets.update=true}.
 */
class SnippetsTest {
  static final Path SOURCES = Path.of("src/test/java");
  static final Path PAGES = Path.of("src/site/markdown");

  @Test
  void everyPageSnippetIsItsSourceRegionWordForWord() throws IOException {
    Map<String, String> regions = Snippets.regions(SOURCES);
    boolean update = Boolean.getBoolean("snippets.update");
    List<String> problems = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Path page : Snippets.pages(PAGES)) {
      List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
      List<Snippets.Use> uses = Snippets.uses(page, lines);
      for (Snippets.Use use : uses) {
        used.add(use.name());
        String region = regions.get(use.name());
        if (region == null) {
          problems.add(use.where() + ": no source region \"" + use.name() + "\" under "
              + SOURCES);
        } else if (!region.equals(use.content()) && !update) {
          problems.add(use.where() + ": snippet \"" + use.name()
              + "\" differs from its source region; rerun with -Dsnippets.update=true to"
              + " rewrite the page\n--- page ---\n" + use.content() + "--- source ---\n"
              + region);
        }
      }
      for (Snippets.Unmarked block : Snippets.unmarked(page, lines)) {
        problems.add(page.getFileName() + ":" + block.line()
            + ": a java block without <!-- snippet:NAME --> or <!-- uncompiled: why -->");
      }
      if (update) {
        List<String> rewritten = Snippets.rewrite(lines, uses, regions);
        if (!rewritten.equals(lines)) {
          Files.write(page, rewritten, StandardCharsets.UTF_8);
          System.out.println("snippets.update: rewrote " + page);
        }
      }
    }
    for (String name : regions.keySet()) {
      if (!used.contains(name)) {
        problems.add("source region \"" + name + "\" is shown on no page");
      }
    }
    assertThat(problems).as(String.join("\n\n", problems)).isEmpty();
  }

  @Test
  void regionsAreDedentedAndMarkersDropped() {
    assertThat(Snippets.dedent(List.of("    a();", "", "      b();  "))).isEqualTo("a();\n\n  b();\n");
  }

  @Test
  void markerWithoutRegionAndStaleBlockAreBothFound(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path page = dir.resolve("p.md");
    List<String> lines = List.of("text", "<!-- snippet:x -->", "```java", "old();", "```",
        "```java", "loose();", "```");
    Files.write(page, lines, StandardCharsets.UTF_8);

    List<Snippets.Use> uses = Snippets.uses(page, lines);
    assertThat(uses).singleElement().satisfies(u -> {
      assertThat(u.name()).isEqualTo("x");
      assertThat(u.content()).isEqualTo("old();\n");
    });
    assertThat(Snippets.unmarked(page, lines)).extracting(Snippets.Unmarked::line)
        .containsExactly(6);
    assertThat(Snippets.rewrite(lines, uses, Map.of("x", "fresh();\nagain();\n")))
        .containsExactly("text", "<!-- snippet:x -->", "```java", "fresh();", "again();", "```",
            "```java", "loose();", "```");
  }
}
