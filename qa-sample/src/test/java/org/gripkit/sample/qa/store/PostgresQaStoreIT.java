package org.gripkit.sample.qa.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on a real PostgreSQL, by default the local one at 127.0.0.1:5432 (database
 * {@code test}, user {@code postgres}); {@code QA_PG_URL}, {@code QA_PG_USER} and {@code
 * QA_PG_PASSWORD} choose another. The class works in its own random schema, emptied before each
 * test and dropped at the end, so runs never collide.
 *
 * <p>If the server cannot be reached the tests are skipped with a loud message, or fail when
 * {@code CI=true}.
 */
class PostgresQaStoreIT extends QaStoreContract {
  private static final String URL =
      Objects.requireNonNullElse(System.getenv("QA_PG_URL"), "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER =
      Objects.requireNonNullElse(System.getenv("QA_PG_USER"), "postgres");
  private static final String PASSWORD =
      Objects.requireNonNullElse(System.getenv("QA_PG_PASSWORD"), "");

  /** Random, so parallel runs on one server never share tables. Lowercase: a plain identifier. */
  private static final String SCHEMA =
      "qa_it_" + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);

  /** Whether a test created the schema; @AfterAll runs even when the server was unreachable. */
  private static volatile boolean schemaCreated;

  /** Why the server cannot be used, or null if it can. */
  private static volatile @Nullable String unreachable;

  @BeforeAll
  static void checkPostgres() {
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
      assertThat(c.isValid(5)).isTrue();
    } catch (SQLException e) {
      String message =
          "PostgreSQL at " + URL + " (user " + USER + ") is unreachable: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(message + " CI=true, so the PostgreSQL store tests fail.", e);
      }
      System.err.println();
      System.err.println("*".repeat(78));
      System.err.println("* SKIPPING PostgresQaStoreIT: " + message);
      System.err.println("* The QaStore contract has NOT been checked on PostgreSQL.");
      System.err.println("* Start PostgreSQL 15 (pg_ctlcluster 15 main start) or set QA_PG_URL.");
      System.err.println("*".repeat(78));
      unreachable = message;
    }
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    if (schemaCreated) {
      admin("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }
  }

  @Override
  void prepareEmptyDatabase() throws SQLException {
    // Aborting each test, not the class, makes Maven report every one of them as skipped.
    Assumptions.assumeTrue(unreachable == null, () -> "SKIPPED: " + unreachable);
    admin("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    admin("CREATE SCHEMA " + SCHEMA);
    schemaCreated = true;
  }

  @Override
  QaStore openStore() {
    return QaStores.postgres(schemaUrl(), USER, PASSWORD);
  }

  private static String schemaUrl() {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Test
  void tablesLiveInTheSchemaOfTheUrl() throws SQLException {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + SCHEMA
                    + "' ORDER BY table_name")) {
      StringBuilder tables = new StringBuilder();
      while (rs.next()) {
        tables.append(rs.getString(1)).append(' ');
      }
      assertThat(tables.toString().trim())
          .isEqualTo("connections flyway_schema_history questions rooms upvotes users");
    }
  }

  @Test
  void fromJdbcUrlOpensTheSameDatabase() {
    store.addQuestion("alpha", qid(1), "bob", "Same database?", T0);
    store.close();

    String url = schemaUrl() + "&user=" + USER + (PASSWORD.isEmpty() ? "" : "&password=" + PASSWORD);
    store = QaStores.fromJdbcUrl(url);

    assertThat(store.questions("alpha")).extracting(QuestionInfo::questionText)
        .containsExactly("Same database?");
  }
}
