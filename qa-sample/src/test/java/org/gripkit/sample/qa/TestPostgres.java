package org.gripkit.sample.qa;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, randomly named schema on the local PostgreSQL for one test (or test class), dropped
 * by {@link #close()}. The server is the one at 127.0.0.1:5432 (database {@code test}, user
 * {@code postgres}) unless {@code QA_PG_URL}, {@code QA_PG_USER} and {@code QA_PG_PASSWORD} say
 * otherwise, as for {@code PostgresQaStoreIT}.
 *
 * <p>If the server cannot be reached, {@link #create()} fails the test when {@code CI=true} and
 * aborts it (reported as skipped) with a banner on standard error otherwise.
 */
final class TestPostgres implements AutoCloseable {
  private static final String URL =
      Objects.requireNonNullElse(System.getenv("QA_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER =
      Objects.requireNonNullElse(System.getenv("QA_PG_USER"), "postgres");
  private static final String PASSWORD =
      Objects.requireNonNullElse(System.getenv("QA_PG_PASSWORD"), "");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String schema;
  private boolean dropped;

  private TestPostgres(String schema) {
    this.schema = schema;
  }

  /** Creates the schema, or ends the calling test if PostgreSQL is unreachable. */
  static TestPostgres create() {
    requireServer();
    // Lowercase hex: a plain identifier, safe to splice into DDL.
    String schema = "qa_" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    try {
      admin("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create schema " + schema, e);
    }
    return new TestPostgres(schema);
  }

  private static void requireServer() {
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      if (c.isValid(5)) {
        return;
      }
      unreachable("connection is not valid", null);
    } catch (SQLException e) {
      unreachable(e.getMessage(), e);
    }
  }

  private static void unreachable(String why, @Nullable Throwable cause) {
    String message = "PostgreSQL at " + URL + " (user " + USER + ") is unreachable: " + why;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: PostgreSQL tests must run on CI)", cause);
    }
    System.err.println();
    System.err.println("*".repeat(78));
    System.err.println("*** SKIPPING POSTGRESQL TESTS: " + message);
    System.err.println("*** Start PostgreSQL 15 (pg_ctlcluster 15 main start) or set QA_PG_URL.");
    System.err.println("*".repeat(78));
    System.err.println();
    Assumptions.abort("SKIPPED: " + message);
  }

  String schema() {
    return schema;
  }

  String jdbcUrl() {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The app's settings on this schema; {@code dataDir} is unused by a PostgreSQL store. */
  QaConfig config(@Nullable String gripUrl, Path dataDir) {
    return new QaConfig(gripUrl, null, jdbcUrl(), USER, PASSWORD, dataDir);
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Drops the schema and everything in it. Idempotent. */
  @Override
  public synchronized void close() throws SQLException {
    if (!dropped) {
      admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      dropped = true;
    }
  }

  @Override
  public String toString() {
    return "TestPostgres[" + jdbcUrl() + "]";
  }
}
