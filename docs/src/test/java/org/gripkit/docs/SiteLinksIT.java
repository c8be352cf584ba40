package org.gripkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * No internal link or anchor of the built site is broken: every relative {@code href} and
 * {@code src} of every rendered HTML file (pages and Javadoc) names a file that exists, and
 * every {@code #fragment} names an element id or anchor name in its target; every {@code url()}
 * and {@code @import} of every stylesheet names a file that exists.
 */
class SiteLinksIT {
  /** {@code url(...)} and {@code @import "..."} in stylesheets. */
  private static final Pattern CSS_REFERENCE = Pattern.compile(
      "url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)|@import\\s+['\"]([^'\"]+)['\"]");

  private final Map<Path, Set<String>> anchors = new HashMap<>();

  private static List<Path> cssFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".css")).sorted().toList();
    }
  }

  @Test
  void everyInternalLinkAndAnchorResolves() throws IOException {
    Path root = BuiltSite.root().toAbsolutePath().normalize();
    List<Path> files = BuiltSite.htmlFiles();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path file : files) {
      Document doc = Jsoup.parse(file.toFile(), "UTF-8");
      for (Element element : doc.select("a[href], link[href], img[src], script[src], iframe[src]")) {
        String attribute = element.hasAttr("href") ? "href" : "src";
        String target = element.attr(attribute).strip();
        String problem = check(root, file.toAbsolutePath().normalize(), target);
        if (problem == null) {
          checked++;
        } else if (!problem.isEmpty()) {
          broken.add(root.relativize(file.toAbsolutePath().normalize()) + ": " + attribute + "=\""
              + target + "\": " + problem);
        }
      }
    }
    for (Path css : cssFiles(root)) {
      Matcher m = CSS_REFERENCE.matcher(Files.readString(css, StandardCharsets.UTF_8));
      while (m.find()) {
        String target = m.group(1) != null ? m.group(1) : m.group(2);
        String problem = check(root, css, target.strip());
        if (problem == null) {
          checked++;
        } else if (!problem.isEmpty()) {
          broken.add(root.relativize(css) + ": \"" + target + "\": " + problem);
        }
      }
    }
    assertThat(broken).as("broken links:\n" + String.join("\n", broken)).isEmpty();
    assertThat(files).as("pages rendered").hasSizeGreaterThan(13);
    assertThat(checked).as("internal links checked").isGreaterThan(500);
  }

  @Test
  void pagesOfTheMenuAndTheScreenshotExist() {
    Path root = BuiltSite.root();
    for (String page : List.of("index.html", "getting-started.html", "websocket-context.html",
        "publishing.html", "security.html", "http-streaming.html", "servlet-filter.html",
        "deploying.html", "scaling-out.html", "qa-sample.html", "configuration.html",
        "troubleshooting.html", "benchmarks.html", "apidocs/index.html",
        "apidocs/org/gripkit/WebSocketContext.html", "images/qa-room.png",
        "images/grip-architecture.svg")) {
      assertThat(root.resolve(page)).as(page).isRegularFile();
    }
  }

  /** Null when the link resolves, "" when it is not internal, else what is wrong. */
  private String check(Path root, Path from, String target) throws IOException {
    if (target.isEmpty() || target.startsWith("//") || target.startsWith("javascript:")) {
      return "";
    }
    URI uri;
    try {
      uri = URI.create(target.replace(" ", "%20").replace("|", "%7C"));
    } catch (IllegalArgumentException e) {
      return "not a URI: " + e.getMessage();
    }
    if (uri.getScheme() != null) {
      return ""; // https:, mailto:, data:: external
    }
    String path = uri.getRawPath() == null ? "" : URLDecoder.decode(
        uri.getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8);
    Path resolved = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
    if (!resolved.startsWith(root)) {
      return "points outside the site";
    }
    if (Files.isDirectory(resolved)) {
      resolved = resolved.resolve("index.html");
    }
    if (!Files.isRegularFile(resolved)) {
      return "no such file " + root.relativize(resolved);
    }
    String fragment = uri.getRawFragment();
    if (fragment == null || fragment.isEmpty() || !resolved.toString().endsWith(".html")) {
      return null;
    }
    String id = URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (!anchorsOf(resolved).contains(id)) {
      return "no anchor #" + id + " in " + root.relativize(resolved);
    }
    return null;
  }

  private Set<String> anchorsOf(Path file) throws IOException {
    Set<String> known = anchors.get(file);
    if (known == null) {
      known = new HashSet<>();
      Document doc = Jsoup.parse(file.toFile(), "UTF-8");
      for (Element e : doc.select("[id]")) {
        known.add(e.id());
      }
      for (Element e : doc.select("a[name]")) {
        known.add(e.attr("name"));
      }
      anchors.put(file, known);
    }
    return known;
  }
}
