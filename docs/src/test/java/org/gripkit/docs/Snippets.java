package org.gripkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Snippet regions in Java sources and snippet markers in Markdown pages.
 *
 * <p>A region is the lines between {@code // snippet:NAME} and {@code // end-snippet}, each on
 * a line of its own; regions may nest, and marker lines are never part of a region. Its text is
 * dedented by the indentation its lines share.
 *
 * <p>In a page, {@code <!-- snippet:NAME -->} on a line of its own must be followed (blank lines
 * allowed) by a fenced code block, whose content must equal the region. Every {@code java}
 * fenced block must carry such a marker, or {@code <!-- uncompiled: why -->} when it cannot be
 * compiled here.
 */
final class Snippets {
  static final Pattern START = Pattern.compile("^\\s*// snippet:([a-z0-9-]+)\\s*$");
  static final Pattern END = Pattern.compile("^\\s*// end-snippet\\s*$");
  static final Pattern MARKER = Pattern.compile("^<!-- snippet:([a-z0-9-]+) -->\\s*$");
  static final Pattern UNCOMPILED = Pattern.compile("^<!-- uncompiled: .+ -->\\s*$");
  static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

  /** One marker in a page: the block it governs spans lines [open, close] (the fences). */
  record Use(Path page, String name, int markerLine, int open, int close, String content) {
    String where() {
      return page.getFileName() + ":" + (markerLine + 1);
    }
  }

  /** A fenced java block without a marker. */
  record Unmarked(Path page, int line) {}

  private Snippets() {}

  /** Every region of every {@code .java} file under {@code root}, by name. */
  static Map<String, String> regions(Path root) {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        regionsOf(file, regions);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return regions;
  }

  private static void regionsOf(Path file, Map<String, String> out) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Deque<String> open = new ArrayDeque<>();
    Map<String, List<String>> bodies = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher start = START.matcher(line);
      if (start.matches()) {
        String name = start.group(1);
        if (out.containsKey(name) || bodies.containsKey(name)) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": snippet " + name + " twice");
        }
        open.push(name);
        bodies.put(name, new ArrayList<>());
      } else if (END.matcher(line).matches()) {
        if (open.isEmpty()) {
          throw new IllegalStateException(file + ":" + (i + 1) + ": end-snippet without start");
        }
        String name = open.pop();
        out.put(name, dedent(bodies.get(name)));
      } else {
        for (String name : open) {
          bodies.get(name).add(line);
        }
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalStateException(file + ": snippet " + open.peek() + " never ends");
    }
  }

  static String dedent(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
          i++;
        }
        indent = Math.min(indent, i);
      }
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
    }
    return out.toString();
  }

  static List<Path> pages(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The markers of one page, in order. */
  static List<Use> uses(Path page, List<String> lines) {
    List<Use> uses = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher marker = MARKER.matcher(lines.get(i));
      if (!marker.matches()) {
        continue;
      }
      int open = i + 1;
      while (open < lines.size() && lines.get(open).isBlank()) {
        open++;
      }
      if (open == lines.size() || !FENCE.matcher(lines.get(open)).matches()) {
        throw new IllegalStateException(page.getFileName() + ":" + (i + 1)
            + ": snippet marker not followed by a fenced code block");
      }
      int close = open + 1;
      while (close < lines.size() && !lines.get(close).equals("```")) {
        close++;
      }
      if (close == lines.size()) {
        throw new IllegalStateException(page.getFileName() + ":" + (open + 1) + ": unclosed fence");
      }
      StringBuilder content = new StringBuilder();
      for (String line : lines.subList(open + 1, close)) {
        content.append(line).append('\n');
      }
      uses.add(new Use(page, marker.group(1), i, open, close, content.toString()));
    }
    return uses;
  }

  /** Fenced {@code java} blocks with neither a snippet marker nor an uncompiled marker. */
  static List<Unmarked> unmarked(Path page, List<String> lines) {
    List<Unmarked> out = new ArrayList<>();
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      Matcher fence = FENCE.matcher(lines.get(i));
      if (!fence.matches()) {
        continue;
      }
      if (inFence) {
        inFence = false;
        continue;
      }
      inFence = true;
      if (!fence.group(1).equals("java")) {
        continue;
      }
      int before = i - 1;
      while (before >= 0 && lines.get(before).isBlank()) {
        before--;
      }
      boolean marked = before >= 0 && (MARKER.matcher(lines.get(before)).matches()
          || UNCOMPILED.matcher(lines.get(before)).matches());
      if (!marked) {
        out.add(new Unmarked(page, i + 1));
      }
    }
    return out;
  }

  /** The page with every marked block replaced by its region; unknown names are left alone. */
  static List<String> rewrite(List<String> lines, List<Use> uses, Map<String, String> regions) {
    List<String> out = new ArrayList<>(lines);
    for (int u = uses.size() - 1; u >= 0; u--) {
      Use use = uses.get(u);
      String region = regions.get(use.name());
      if (region == null) {
        continue;
      }
      List<String> body = new ArrayList<>(List.of(region.split("\n", -1)));
      body.remove(body.size() - 1); // the region ends with a newline
      out.subList(use.open() + 1, use.close()).clear();
      out.addAll(use.open() + 1, body);
    }
    return out;
  }
}
