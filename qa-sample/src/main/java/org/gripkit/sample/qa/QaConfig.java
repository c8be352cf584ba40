package org.gripkit.sample.qa;

import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How the sample runs, from the environment or system properties (system properties win, so
 * {@code mvn jetty:run -Dgrip.url=...} works):
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>environment</th><th>system property</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code GRIP_URL}</td><td>{@code grip.url}</td><td>none: the embedded development
 *       proxy</td><td>the GRIP proxy (Pushpin or Fanout) in front of the app; several URLs
 *       separated by commas publish to every proxy</td></tr>
 *   <tr><td>{@code GRIP_VERIFY_KEY}</td><td>{@code grip.verify-key}</td><td>the key in the GRIP
 *       URL</td><td>the key that verifies {@code Grip-Sig}</td></tr>
 *   <tr><td>{@code QA_JDBC_URL}</td><td>{@code qa.jdbc.url}</td><td>embedded H2 under the data
 *       folder</td><td>a {@code jdbc:postgresql:} URL selects PostgreSQL</td></tr>
 *   <tr><td>{@code QA_JDBC_USER}, {@code QA_JDBC_PASSWORD}</td><td>{@code qa.jdbc.user},
 *       {@code qa.jdbc.password}</td><td>none</td><td>PostgreSQL credentials</td></tr>
 *   <tr><td>{@code QA_DATA_DIR}</td><td>{@code qa.data.dir}</td><td>{@code data} (in the
 *       working directory)</td><td>where the embedded H2 keeps its files</td></tr>
 * </table>
 */
record QaConfig(@Nullable String gripUrl, @Nullable String verifyKey, @Nullable String jdbcUrl,
    @Nullable String jdbcUser, @Nullable String jdbcPassword, Path dataDir) {

  static QaConfig fromEnvironment() {
    return from(System::getProperty, System::getenv);
  }

  static QaConfig from(Function<String, @Nullable String> properties,
      Function<String, @Nullable String> env) {
    Function<String[], @Nullable String> get = names -> {
      String value = properties.apply(names[0]);
      if (value == null || value.isBlank()) {
        value = env.apply(names[1]);
      }
      return value == null || value.isBlank() ? null : value.strip();
    };
    String dataDir = get.apply(new String[] {"qa.data.dir", "QA_DATA_DIR"});
    return new QaConfig(
        get.apply(new String[] {"grip.url", "GRIP_URL"}),
        get.apply(new String[] {"grip.verify-key", "GRIP_VERIFY_KEY"}),
        get.apply(new String[] {"qa.jdbc.url", "QA_JDBC_URL"}),
        get.apply(new String[] {"qa.jdbc.user", "QA_JDBC_USER"}),
        get.apply(new String[] {"qa.jdbc.password", "QA_JDBC_PASSWORD"}),
        Path.of(dataDir == null ? "data" : dataDir));
  }
}
