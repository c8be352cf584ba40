package org.gripkit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The site as the build rendered it, for the integration tests. */
final class BuiltSite {
  /** Where {@code maven-site-plugin:site} (bound to prepare-package) renders the site. */
  static final Path ROOT = Path.of("target/site");

  private BuiltSite() {}

  /** The rendered site, or an error saying how to build it. */
  static Path root() {
    if (!Files.isRegularFile(ROOT.resolve("index.html"))) {
      throw new IllegalStateException(ROOT.toAbsolutePath() + "/index.html is missing: the site"
          + " is rendered in the prepare-package phase; run `mvn -pl docs -am verify`");
    }
    return ROOT;
  }

  static List<Path> htmlFiles() {
    try (Stream<Path> files = Files.walk(root())) {
      return files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
