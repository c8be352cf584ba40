package org.gripkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BH-25: the codec gives the same results whatever the platform charset. */
class WebSocketEventsCharsetTest {
  /** What a correct codec gives, in {@link CharsetIndependenceMain}'s ASCII notation. */
  private static final List<String> EXPECTED = List.of(
      "decode \"TEXT b\\r\\nh\\xC3\\xA9llo \\xF0\\x9F\\x98\\x80\\r\\nTEXT 2\\r\\nok\\r\\n\""
          + " -> TEXT \"h\\u{e9}llo \\u{1f600}\", TEXT \"ok\"",
      "decode \"TEXT 9\\r\\n\\xE6\\x97\\xA5\\xE6\\x9C\\xAC\\xE8\\xAA\\x9E\\r\\n\""
          + " -> TEXT \"\\u{65e5}\\u{672c}\\u{8a9e}\"",
      "decode \"CLOSE 8\\r\\n\\x03\\xE8\\xC3\\xA7a va\\r\\n\" -> CLOSE 1000 \"\\u{e7}a va\"",
      "decode \"TEXT 2\\r\\n\\xC3(\\r\\n\" -> error invalid UTF-8 at offset 8",
      "decode \"T\\xC3\\x89XT 1\\r\\nx\\r\\n\""
          + " -> error unknown event type \"T\\u{5c}xC3\\u{5c}x89XT\" at offset 0",
      "encode TEXT \"h\\u{e9}llo \\u{1f600}\""
          + " -> \"TEXT b\\r\\nh\\xC3\\xA9llo \\xF0\\x9F\\x98\\x80\\r\\n\"",
      "encode TEXT \"\\u{65e5}\\u{672c}\\u{8a9e}\""
          + " -> \"TEXT 9\\r\\n\\xE6\\x97\\xA5\\xE6\\x9C\\xAC\\xE8\\xAA\\x9E\\r\\n\"",
      "encode CLOSE 4001 \"\\u{e7}a va\" -> \"CLOSE 8\\r\\n\\x0F\\xA1\\xC3\\xA7a va\\r\\n\"");

  @Test
  void resultsInThisJvmAreTheBh01Results() {
    assertThat(CharsetIndependenceMain.results()).isEqualTo(EXPECTED);
  }

  @ParameterizedTest(name = "-Dfile.encoding={0}")
  @ValueSource(strings = {"ISO-8859-1", "US-ASCII"})
  void childJvmWithAnotherDefaultCharsetGivesTheSameResults(String charset, @TempDir Path dir)
      throws Exception {
    List<String> lines = runChild(charset, dir);
    // The first line proves the child really ran with that default charset.
    assertThat(lines).first().isEqualTo("default charset " + charset);
    assertThat(lines.subList(1, lines.size())).isEqualTo(EXPECTED);
  }

  private static List<String> runChild(String charset, Path dir)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File stderr = dir.resolve("stderr.txt").toFile();
    List<String> command = new ArrayList<>(List.of(java, "-Dfile.encoding=" + charset,
        "-cp", System.getProperty("java.class.path"), CharsetIndependenceMain.class.getName()));
    Process child = new ProcessBuilder(command).redirectError(stderr).start();
    byte[] stdout;
    try {
      child.getOutputStream().close();
      stdout = child.getInputStream().readAllBytes();
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("child JVM did not finish in 60 s");
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue())
        .as("child exit status; stderr: %s", Files.readString(stderr.toPath()))
        .isZero();
    // The child prints ASCII only, so any charset reads it the same.
    return new String(stdout, StandardCharsets.US_ASCII).lines().toList();
  }
}
