package dev.trackway.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.store.jdbc.sql.SqlVendor;
import dev.trackway.testing.MariaDbDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** The baseline runner on its own (the @QuarkusTest suites create every database through it). */
class SchemaBaselineTest {
  @TempDir Path tmp;

  @Test
  void splitsAtLineEndingSemicolonsAndDropsComments() {
    String sql =
        "-- a comment; with a semicolon;\nCREATE TABLE a (\n  x INT\n);\n\nINSERT INTO a VALUES ('p;q');\n";
    assertEquals(
        List.of("CREATE TABLE a (\n  x INT\n)", "INSERT INTO a VALUES ('p;q')"),
        SchemaBaseline.split(SchemaBaseline.withoutComments(sql)));
  }

  @Test
  void theManifestRunsTablesThenTheTriggerAsOneStatementThenAlembicVersionLast() {
    for (SqlVendor vendor : SqlVendor.values()) {
      List<String> statements = SchemaBaseline.statements(vendor);
      String last = statements.get(statements.size() - 1);
      assertTrue(last.startsWith("INSERT INTO alembic_version"), vendor + ": " + last);
      assertTrue(last.contains(SchemaVersion.ALEMBIC_HEAD));
      long triggers = statements.stream().filter(s -> s.startsWith("CREATE TRIGGER")).count();
      assertEquals(1, triggers, vendor.toString());
      String trigger =
          statements.stream().filter(s -> s.startsWith("CREATE TRIGGER")).findFirst().get();
      assertTrue(trigger.strip().endsWith("END"), trigger);
      assertTrue(statements.stream().noneMatch(s -> s.startsWith("--")));
    }
  }

  @Test
  void createsMlflowsSchemaOnAFreshSqliteDatabaseOnce() throws Exception {
    String location = "file:///data/it's \"here\"/0";
    try (Connection c = sqlite(tmp.resolve("fresh.db"))) {
      assertFalse(SchemaBaseline.exists(c));
      assertTrue(SchemaBaseline.create(c, SqlVendor.SQLITE, location));
      assertTrue(SchemaBaseline.exists(c));
      assertEquals(SchemaVersion.ALEMBIC_HEAD, Database.alembicHead(c));
      assertEquals(location, defaultExperimentLocation(c));
      assertEquals(71, tables(c, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"));
      assertFalse(SchemaBaseline.create(c, SqlVendor.SQLITE, "other"), "runs only once");
      assertEquals(location, defaultExperimentLocation(c));
    }
  }

  @Test
  void replicasStartingTogetherOnAFreshMariaDbDatabaseTakeTurns() throws Exception {
    String db = "tw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = MariaDbDatabase.admin();
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Boolean>> starts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Callable<Boolean> start =
            () -> {
              try (Connection c = mysql(db)) {
                return SchemaBaseline.createUnderLock(c, "mlflow-artifacts:/0");
              }
            };
        starts.add(pool.submit(start));
      }
      int created = 0;
      for (Future<Boolean> f : starts) {
        created += f.get() ? 1 : 0;
      }
      assertEquals(1, created, "one start creates the schema, the others find it");
      try (Connection c = mysql(db)) {
        assertEquals(SchemaVersion.ALEMBIC_HEAD, Database.alembicHead(c));
        assertEquals("mlflow-artifacts:/0", defaultExperimentLocation(c));
        assertEquals(
            71,
            tables(
                c,
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + db
                    + "'"));
      }
    } finally {
      pool.shutdownNow();
      try (Connection admin = MariaDbDatabase.admin();
          Statement st = admin.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + db);
      }
    }
  }

  private static Connection sqlite(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    return config.createConnection("jdbc:sqlite:" + file);
  }

  private static Connection mysql(String db) throws SQLException {
    return new com.mysql.cj.jdbc.Driver()
        .connect(MariaDbDatabase.jdbcUrl(db), new java.util.Properties());
  }

  private static String defaultExperimentLocation(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT artifact_location FROM experiments WHERE experiment_id = 0")) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  private static int tables(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
