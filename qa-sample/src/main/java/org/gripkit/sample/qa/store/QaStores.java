package org.gripkit.sample.qa.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.gripkit.sample.qa.store.StoreException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Opens a {@link QaStore}: on an embedded H2 database in a data folder (the default, for one
 * app instance) or on PostgreSQL (for several instances sharing the data).
 *
 * <p>Each store owns a connection pool of at most {@value #POOL_SIZE} connections; a call that
 * waits longer than {@link #CONNECTION_TIMEOUT} for one fails with {@link Kind#UNAVAILABLE}.
 * Opening migrates the schema to the latest version ({@code db/migration} on the class path,
 * the same scripts for both databases) and fails if that is impossible. Close the store to
 * release the pool.
 *
 * <p>Opening fails with {@link StoreException}: {@link Kind#UNAVAILABLE} if the database cannot
 * be reached (or, for H2, its file is in use by another process), {@link Kind#FAILED} if it
 * refuses the login or the migration fails.
 */
public final class QaStores {
  /** Connections per store. */
  public static final int POOL_SIZE = 10;

  /** How long a call waits for a free connection (or a new one) before it fails. */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  private static final String H2_PREFIX = "jdbc:h2:";
  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  /**
   * H2 settings that make it accept the shared PostgreSQL-style schema and statements, as H2's
   * documentation recommends for PostgreSQL compatibility.
   */
  private static final Map<String, String> H2_SETTINGS = h2Settings();

  private QaStores() {}

  /**
   * A store in an embedded H2 database, the file {@code qa.mv.db} in {@code dataDir} (created if
   * missing). Only one process at a time can open a data folder.
   */
  public static QaStore h2File(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir == null");
    Path dir = dataDir.toAbsolutePath().normalize();
    // ';' separates settings in an H2 URL, so such a path would be read as settings.
    if (dir.toString().indexOf(';') >= 0) {
      throw new IllegalArgumentException("dataDir must not contain ';'");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException(Kind.UNAVAILABLE, "data folder cannot be created", e);
    }
    // An absolute path: H2 refuses implicitly relative file URLs such as file:data/qa.
    return h2(H2_PREFIX + "file:" + dir.resolve("qa"));
  }

  /**
   * A store in a PostgreSQL database, such as {@code
   * jdbc:postgresql://127.0.0.1:5432/qa}. The tables live in the connection's current schema
   * (by default {@code public}; set {@code ?currentSchema=} to choose another, which must exist).
   */
  public static QaStore postgres(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
    Objects.requireNonNull(user, "user == null");
    Objects.requireNonNull(password, "password == null");
    if (!jdbcUrl.startsWith(POSTGRES_PREFIX)) {
      throw new IllegalArgumentException("jdbcUrl must start with " + POSTGRES_PREFIX);
    }
    return open(jdbcUrl, user, password, "org.postgresql.Driver", "qa-store-postgres");
  }

  /**
   * A store at a JDBC URL, as from configuration: {@code jdbc:postgresql:...} (user and password
   * as URL parameters, if needed) or {@code jdbc:h2:...}. An H2 URL gets the PostgreSQL
   * compatibility settings the schema needs ({@code MODE=PostgreSQL}, {@code
   * DATABASE_TO_LOWER=TRUE}, {@code DEFAULT_NULL_ORDERING=HIGH}) unless it sets them already.
   *
   * @throws IllegalArgumentException for any other URL, or an H2 URL that sets one of those
   *     settings to another value. The message does not repeat the URL, which may hold a
   *     password.
   */
  public static QaStore fromJdbcUrl(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
    if (jdbcUrl.startsWith(POSTGRES_PREFIX)) {
      return open(jdbcUrl, null, null, "org.postgresql.Driver", "qa-store-postgres");
    }
    if (jdbcUrl.startsWith(H2_PREFIX)) {
      return h2(jdbcUrl);
    }
    throw new IllegalArgumentException(
        "jdbcUrl must start with " + POSTGRES_PREFIX + " or " + H2_PREFIX);
  }

  private static QaStore h2(String jdbcUrl) {
    return open(withH2Settings(jdbcUrl), null, null, "org.h2.Driver", "qa-store-h2");
  }

  /** Appends each missing H2 compatibility setting; refuses one set to another value. */
  static String withH2Settings(String jdbcUrl) {
    Map<String, String> given = new LinkedHashMap<>();
    String[] parts = jdbcUrl.split(";", -1);
    for (int i = 1; i < parts.length; i++) {
      int equals = parts[i].indexOf('=');
      if (equals > 0) {
        given.put(
            parts[i].substring(0, equals).trim().toUpperCase(Locale.ROOT),
            parts[i].substring(equals + 1).trim());
      }
    }
    StringBuilder url = new StringBuilder(jdbcUrl);
    for (Map.Entry<String, String> setting : H2_SETTINGS.entrySet()) {
      String value = given.get(setting.getKey());
      if (value == null) {
        url.append(';').append(setting.getKey()).append('=').append(setting.getValue());
      } else if (!value.equalsIgnoreCase(setting.getValue())) {
        throw new IllegalArgumentException(
            "H2 URL must use " + setting.getKey() + "=" + setting.getValue());
      }
    }
    return url.toString();
  }

  private static Map<String, String> h2Settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("MODE", "PostgreSQL");
    settings.put("DATABASE_TO_LOWER", "TRUE");
    settings.put("DEFAULT_NULL_ORDERING", "HIGH");
    return settings;
  }

  private static QaStore open(
      String jdbcUrl,
      @Nullable String user,
      @Nullable String password,
      String driverClassName,
      String poolName) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    // Naming the driver loads it through the pool's class loader, which works inside a web
    // app's class loader where DriverManager may not see the driver.
    config.setDriverClassName(driverClassName);
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(POOL_SIZE);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());

    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw openFailure("open", e);
    }
    try {
      migrate(pool);
    } catch (FlywayException e) {
      pool.close();
      throw openFailure("migrate", e);
    }
    return new JdbcQaStore(pool);
  }

  private static void migrate(HikariDataSource pool) {
    Flyway.configure(QaStores.class.getClassLoader())
        .dataSource(pool)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  /** Classifies by the driver's exception in the cause chain, if there is one. */
  private static StoreException openFailure(String operation, RuntimeException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException) {
        StoreException failure = JdbcQaStore.sqlFailure(operation, (SQLException) cause);
        // Keep the whole chain for the server log.
        return new StoreException(failure.kind(), failure.getMessage(), e);
      }
    }
    return new StoreException(Kind.FAILED, "database error: " + operation + " failed", e);
  }
}
