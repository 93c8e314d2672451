package dev.trackway.store.jdbc.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.domain.ViewType;
import dev.trackway.domain.auth.ReadScope;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.MlflowParityData.ExperimentCase;
import dev.trackway.store.jdbc.search.MlflowParityData.RunCase;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the generated SQL on a real database holding the rows of {@link MlflowParityData} and
 * compares the returned ids (and their order) with what MLflow 3.18.0's own store returned for the
 * same data and search. SQLite always runs (a temp file database); MySQL/MariaDB runs when {@code
 * -Dtrackway.search.mysql.url=jdbc:mysql://host:port/db?user=..&password=..} (or the environment
 * variable TRACKWAY_SEARCH_MYSQL_URL) names an empty scratch database with a case-insensitive
 * collation (its tables are dropped and recreated).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowParityTest {

  private Path dbFile;
  private Connection sqlite;
  private Connection mysql;

  @BeforeAll
  void setUp() throws Exception {
    dbFile = Files.createTempFile("trackway-search-", ".db");
    // drivers by class, not DriverManager: after @QuarkusTests the context class loader differs
    sqlite = new org.sqlite.JDBC().connect("jdbc:sqlite:" + dbFile, new java.util.Properties());
    createSchema(sqlite, SqlVendor.SQLITE);
    String url =
        System.getProperty("trackway.search.mysql.url", System.getenv("TRACKWAY_SEARCH_MYSQL_URL"));
    if (url == null || url.isBlank()) {
      // the local MariaDB of the test suite (scripts/mariadb.sh), with MLflow's default
      // case-insensitive collation, in a scratch database dropped afterwards
      scratchDb =
          "tw_search_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      try (Connection admin = dev.trackway.testing.MariaDbDatabase.admin();
          var st = admin.createStatement()) {
        st.execute(
            "CREATE DATABASE " + scratchDb + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
      }
      url = dev.trackway.testing.MariaDbDatabase.jdbcUrl(scratchDb);
    }
    mysql = new com.mysql.cj.jdbc.Driver().connect(url, new java.util.Properties());
    createSchema(mysql, SqlVendor.MYSQL);
  }

  private String scratchDb;

  @AfterAll
  void tearDown() throws Exception {
    if (sqlite != null) {
      sqlite.close();
    }
    if (mysql != null) {
      mysql.close();
    }
    if (scratchDb != null) {
      try (Connection admin = dev.trackway.testing.MariaDbDatabase.admin();
          var st = admin.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + scratchDb);
      }
    }
    Files.deleteIfExists(dbFile);
  }

  /** The tables of MLflow's schema that searches read (names and types as MLflow's). */
  static void createSchema(Connection c, SqlVendor vendor) throws SQLException {
    boolean my = vendor == SqlVendor.MYSQL;
    String text = "TEXT";
    try (Statement s = c.createStatement()) {
      for (String t :
          List.of(
              "input_tags",
              "inputs",
              "datasets",
              "latest_metrics",
              "params",
              "tags",
              "runs",
              "experiment_tags",
              "experiments")) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
      s.execute(
          "CREATE TABLE experiments (experiment_id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(256) NOT NULL,"
              + " artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT,"
              + " last_update_time BIGINT, workspace VARCHAR(63) DEFAULT 'default' NOT NULL,"
              + " CONSTRAINT uq_experiments_workspace_name UNIQUE (workspace, name))");
      s.execute(
          "CREATE TABLE experiment_tags (`key` VARCHAR(250) NOT NULL, value "
              + text
              + ","
              + " experiment_id INTEGER NOT NULL, PRIMARY KEY (`key`, experiment_id))");
      s.execute(
          "CREATE TABLE runs (run_uuid VARCHAR(32) NOT NULL PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20),"
              + " source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9),"
              + " start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20),"
              + " artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT)");
      s.execute(
          "CREATE TABLE params (`key` VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL,"
              + " run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (`key`, run_uuid))");
      s.execute(
          "CREATE TABLE tags (`key` VARCHAR(250) NOT NULL, value VARCHAR(8000),"
              + " run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (`key`, run_uuid))");
      s.execute(
          "CREATE TABLE latest_metrics (`key` VARCHAR(250) NOT NULL, value "
              + (my ? "DOUBLE" : "FLOAT")
              + " NOT NULL,"
              + " timestamp BIGINT, step BIGINT NOT NULL, is_nan "
              + (my ? "TINYINT(1)" : "BOOLEAN")
              + " NOT NULL,"
              + " run_uuid VARCHAR(32) NOT NULL, PRIMARY KEY (`key`, run_uuid))");
      s.execute(
          "CREATE TABLE datasets (dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL,"
              + " name VARCHAR(500) NOT NULL, digest VARCHAR(36) NOT NULL, dataset_source_type VARCHAR(36) NOT NULL,"
              + " dataset_source "
              + text
              + " NOT NULL, dataset_schema "
              + text
              + ", dataset_profile "
              + text
              + ","
              + " PRIMARY KEY (experiment_id, name, digest))");
      s.execute(
          "CREATE TABLE inputs (input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL,"
              + " source_id VARCHAR(36) NOT NULL, destination_type VARCHAR(36) NOT NULL,"
              + " destination_id VARCHAR(36) NOT NULL, step BIGINT DEFAULT 0 NOT NULL,"
              + " PRIMARY KEY (source_type, source_id, destination_type, destination_id))");
      s.execute(
          "CREATE TABLE input_tags (input_uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL,"
              + " value VARCHAR(500) NOT NULL, PRIMARY KEY (input_uuid, name))");
      for (String insert : MlflowParityData.INSERTS) {
        s.execute(insert);
      }
    }
  }

  static List<Object> query(Connection c, SqlQuery q) throws SQLException {
    List<Object> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
      for (int i = 0; i < q.params().size(); i++) {
        ps.setObject(i + 1, q.params().get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(1, rs.getMetaData().getColumnCount(), "exactly one column");
        while (rs.next()) {
          ids.add(rs.getObject(1));
        }
      }
    }
    return ids;
  }

  private Connection connection(SqlVendor vendor) {
    if (vendor == SqlVendor.MYSQL) {
      return mysql;
    }
    return sqlite;
  }

  static Stream<Arguments> runCases() {
    return Stream.of(SqlVendor.values())
        .flatMap(v -> MlflowParityData.RUN_CASES.stream().map(c -> Arguments.of(v, c)));
  }

  static Stream<Arguments> experimentCases() {
    return Stream.of(SqlVendor.values())
        .flatMap(v -> MlflowParityData.EXPERIMENT_CASES.stream().map(c -> Arguments.of(v, c)));
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("runCases")
  void searchRunsMatchesMlflow(SqlVendor vendor, RunCase c) throws SQLException {
    Connection conn = connection(vendor);
    ViewType view = ViewType.parse(c.view());
    if (c.error() != null) {
      MlflowException e =
          assertThrows(
              MlflowException.class,
              () ->
                  RunSearch.build(
                      c.experimentIds(),
                      new SearchPage(c.filter(), c.orderBy(), 1000, 0, vendor),
                      view));
      assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
      assertEquals(
          SearchTestSupport.normalizeMessage(c.error()),
          SearchTestSupport.normalizeMessage(e.getMessage()));
      return;
    }
    List<String> expected = vendor == SqlVendor.MYSQL ? c.mysql() : c.sqlite();
    SqlQuery q =
        RunSearch.build(
            c.experimentIds(), new SearchPage(c.filter(), c.orderBy(), 1000, 0, vendor), view);
    assertEquals(expected, query(conn, q), q.sql());
    // Pages are slices of the same order.
    if (expected.size() >= 3) {
      SqlQuery page =
          RunSearch.build(
              c.experimentIds(), new SearchPage(c.filter(), c.orderBy(), 2, 1, vendor), view);
      assertEquals(expected.subList(1, 3), query(conn, page));
    }
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("experimentCases")
  void searchExperimentsMatchesMlflow(SqlVendor vendor, ExperimentCase c) throws SQLException {
    Connection conn = connection(vendor);
    ViewType view = ViewType.parse(c.view());
    if (c.error() != null) {
      MlflowException e =
          assertThrows(
              MlflowException.class,
              () ->
                  ExperimentSearch.build(
                      new SearchPage(c.filter(), c.orderBy(), 1000, 0, vendor),
                      view,
                      ReadScope.ALL));
      assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
      assertEquals(
          SearchTestSupport.normalizeMessage(c.error()),
          SearchTestSupport.normalizeMessage(e.getMessage()));
      return;
    }
    List<Integer> expected = vendor == SqlVendor.MYSQL ? c.mysql() : c.sqlite();
    SqlQuery q =
        ExperimentSearch.build(
            new SearchPage(c.filter(), c.orderBy(), 1000, 0, vendor), view, ReadScope.ALL);
    List<Integer> actual = query(conn, q).stream().map(o -> ((Number) o).intValue()).toList();
    assertEquals(expected, actual, q.sql());
    if (expected.size() >= 3) {
      SqlQuery page =
          ExperimentSearch.build(
              new SearchPage(c.filter(), c.orderBy(), 2, 1, vendor), view, ReadScope.ALL);
      assertEquals(
          expected.subList(1, 3),
          query(conn, page).stream().map(o -> ((Number) o).intValue()).toList());
    }
  }

  /**
   * NaN and missing metrics sort last in both directions; ties fall back to start_time DESC,
   * run_uuid.
   */
  @Test
  void metricOrderPutsNanThenMissingLastInBothDirections() throws SQLException {
    List<Integer> exps = List.of(1, 2);
    List<Object> asc =
        query(
            sqlite,
            RunSearch.build(
                exps,
                new SearchPage(null, List.of("metrics.acc ASC"), 100, 0, SqlVendor.SQLITE),
                ViewType.ACTIVE_ONLY));
    List<Object> desc =
        query(
            sqlite,
            RunSearch.build(
                exps,
                new SearchPage(null, List.of("metrics.acc DESC"), 100, 0, SqlVendor.SQLITE),
                ViewType.ACTIVE_ONLY));
    // r00 and r02 have NaN (start_time 100 both: run_uuid breaks the tie), r04 has no "acc".
    assertEquals(List.of("r00", "r02", "r04"), asc.subList(asc.size() - 3, asc.size()));
    assertEquals(List.of("r00", "r02", "r04"), desc.subList(desc.size() - 3, desc.size()));
    // r06 (start 200) and r01 (start 100) tie on 0.9: start_time DESC decides, in both directions.
    assertTrue(asc.indexOf("r06") + 1 == asc.indexOf("r01"));
    assertTrue(desc.indexOf("r06") + 1 == desc.indexOf("r01"));
    assertEquals("r07", asc.get(0)); // -inf (stored as -MAX_VALUE) first
    assertEquals("r09", desc.get(0)); // +inf first when descending
  }

  @Test
  void missingParamsAndTagsSortLast() throws SQLException {
    List<Integer> exps = List.of(1, 2);
    for (String dir : List.of("ASC", "DESC")) {
      List<Object> ids =
          query(
              sqlite,
              RunSearch.build(
                  exps,
                  new SearchPage(null, List.of("params.lr " + dir), 100, 0, SqlVendor.SQLITE),
                  ViewType.ACTIVE_ONLY));
      // r04, r07 and r09 have no "lr" param: last, in default order (start_time DESC, run_uuid).
      assertEquals(List.of("r07", "r09", "r04"), ids.subList(ids.size() - 3, ids.size()), dir);
    }
  }

  @Test
  void valuesThatLookLikeSqlAreJustValues() throws SQLException {
    String evil = "x' OR '1'='1";
    SqlQuery q =
        RunSearch.build(
            List.of(1, 2),
            new SearchPage(
                "params.lr = \"" + evil + "\" AND tags.`a'b; DROP TABLE runs` = 'v'",
                List.of("params.`x'); DROP TABLE runs; --` DESC"),
                100,
                0,
                SqlVendor.SQLITE),
            ViewType.ALL);
    assertEquals(List.of(), query(sqlite, q));
    assertTrue(q.params().contains(evil));
    assertEquals(
        12,
        query(
                sqlite,
                RunSearch.build(
                    List.of(1, 2, 4),
                    new SearchPage(null, List.of(), 100, 0, SqlVendor.SQLITE),
                    ViewType.ALL))
            .size());
  }
}
