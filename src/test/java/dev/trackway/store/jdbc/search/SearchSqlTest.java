package dev.trackway.store.jdbc.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.domain.ViewType;
import dev.trackway.domain.auth.ReadScope;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shape of the generated SQL: one statement, bound values, vendor-specific comparisons. */
class SearchSqlTest {

  private static SqlQuery runs(String filter, List<String> orderBy, SqlVendor vendor) {
    return RunSearch.build(
        List.of(1, 2), new SearchPage(filter, orderBy, 10, 20, vendor), ViewType.ACTIVE_ONLY);
  }

  private static int placeholders(String sql) {
    return (int) sql.chars().filter(c -> c == '?').count();
  }

  @Test
  void runQuerySelectsRunUuidWithDefaultOrderAndBoundLimitOffset() {
    SqlQuery q = runs(null, List.of(), SqlVendor.SQLITE);
    assertTrue(q.sql().startsWith("SELECT runs.run_uuid FROM runs WHERE "), q.sql());
    assertTrue(
        q.sql().endsWith(" ORDER BY runs.start_time DESC, runs.run_uuid LIMIT ? OFFSET ?"),
        q.sql());
    assertEquals(List.of(1, 2, "active", 10, 20), q.params());
    assertEquals(placeholders(q.sql()), q.params().size());
  }

  @Test
  void experimentQuerySelectsExperimentIdInDefaultWorkspace() {
    SqlQuery q =
        ExperimentSearch.build(
            new SearchPage(null, null, 5, 0, SqlVendor.MYSQL), ViewType.ALL, ReadScope.ALL);
    assertTrue(
        q.sql()
            .startsWith(
                "SELECT experiments.experiment_id FROM experiments WHERE experiments.workspace = ?"),
        q.sql());
    assertTrue(
        q.sql()
            .endsWith(
                " ORDER BY experiments.creation_time DESC, experiments.experiment_id LIMIT ? OFFSET ?"),
        q.sql());
    assertEquals(List.of("default", "active", "deleted", 5, 0), q.params());
  }

  @Test
  void experimentTieBreakerIsExperimentIdDescendingWhenNotOrdered() {
    SqlQuery q =
        ExperimentSearch.build(
            new SearchPage(null, List.of("name"), 5, 0, SqlVendor.SQLITE), null, ReadScope.ALL);
    assertTrue(
        q.sql().contains("ORDER BY experiments.name, experiments.experiment_id DESC LIMIT"),
        q.sql());
    q =
        ExperimentSearch.build(
            new SearchPage(null, List.of("experiment_id DESC", "name ASC"), 5, 0, SqlVendor.SQLITE),
            null,
            ReadScope.ALL);
    assertTrue(
        q.sql().contains("ORDER BY experiments.experiment_id DESC, experiments.name LIMIT"),
        q.sql());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "status = 'X'|(runs.status = ? AND BINARY runs.status = ?)",
        "status != 'X'|(runs.status != ? OR BINARY runs.status != ?)",
        "status LIKE 'X%'|(runs.status LIKE ? AND BINARY runs.status LIKE ?)",
        "status ILIKE 'x%'|LOWER(runs.status) LIKE LOWER(?)",
        "run_id IN ('a', 'b')|(BINARY runs.run_uuid IN (?, ?))",
        "run_id NOT IN ('a')|(BINARY runs.run_uuid NOT IN (?))",
        "start_time > 5|runs.start_time > ?",
        "tags.t = 'v'|(f1.key = ? AND BINARY f1.key = ?) AND (f1.value = ? AND BINARY f1.value = ?)",
        "metrics.m > 1|f1.value > ? AND f1.is_nan = 0",
        "metrics.m != 1|(f1.value != ? OR f1.is_nan = 1)",
        "params.p IS NULL|NOT EXISTS (SELECT 1 FROM params f1 WHERE f1.run_uuid = runs.run_uuid AND f1.key = ?)",
        "datasets.name IN ('a')|(BINARY f1d.name IN (?))",
      })
  void mysqlComparisonsAreCaseSensitiveLikeMlflow(String filter, String fragment) {
    SqlQuery q = runs(filter, List.of(), SqlVendor.MYSQL);
    assertTrue(q.sql().contains(fragment), q.sql());
    assertEquals(placeholders(q.sql()), q.params().size());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "status = 'X'|runs.status = ?",
        "status LIKE 'X%'|runs.status GLOB ?",
        "status ILIKE 'x%'|LOWER(runs.status) LIKE LOWER(?)",
        "run_id IN ('a', 'b')|(runs.run_uuid IN (?, ?))",
        "tags.t LIKE '%'|f1.key = ? AND f1.value GLOB ?",
      })
  void sqliteComparisons(String filter, String fragment) {
    SqlQuery q = runs(filter, List.of(), SqlVendor.SQLITE);
    assertTrue(q.sql().contains(fragment), q.sql());
    assertFalse(q.sql().contains("BINARY"), q.sql());
  }

  @Test
  void sqliteLikePatternIsBoundAsGlob() {
    SqlQuery q = runs("params.p LIKE 'a_b%[x]*'", List.of(), SqlVendor.SQLITE);
    assertTrue(q.params().contains("a?b*[[]x][*]"), q.params().toString());
  }

  @Test
  void orderingJoinsAreLeftJoinsOnKeyAndSortMissingLast() {
    SqlQuery q =
        runs(null, List.of("metrics.acc DESC", "params.`p q`", "start_time"), SqlVendor.SQLITE);
    String sql = q.sql();
    assertTrue(
        sql.contains(
            "LEFT OUTER JOIN latest_metrics ob1 ON ob1.run_uuid = runs.run_uuid AND ob1.key = ?"),
        sql);
    assertTrue(
        sql.contains("LEFT OUTER JOIN params ob2 ON ob2.run_uuid = runs.run_uuid AND ob2.key = ?"),
        sql);
    assertTrue(
        sql.contains(
            "ORDER BY CASE WHEN ob1.is_nan = 1 THEN 1 WHEN ob1.value IS NULL THEN 2 ELSE 0 END, ob1.value DESC,"
                + " CASE WHEN ob2.value IS NULL THEN 1 ELSE 0 END, ob2.value,"
                + " CASE WHEN runs.start_time IS NULL THEN 1 ELSE 0 END, runs.start_time, runs.run_uuid LIMIT"),
        sql);
    assertEquals(List.of("acc", "p q", 1, 2, "active", 10, 20), q.params());
  }

  @Test
  void userTextNeverReachesSqlText() {
    String value = "v'); DELETE FROM runs; --";
    String key = "k'; DROP TABLE tags";
    SqlQuery q =
        runs(
            "params.\"" + key + "\" = \"" + value + "\" AND run_name LIKE '%\\'%'",
            List.of("tags.`" + key + "` DESC"),
            SqlVendor.MYSQL);
    assertTrue(q.params().contains(key));
    assertFalse(q.sql().contains("DELETE"), q.sql());
    assertFalse(q.sql().contains("DROP"), q.sql());
    assertTrue(q.params().contains(value));
    assertEquals(placeholders(q.sql()), q.params().size());
  }

  @Test
  void emptyExperimentListMatchesNothing() {
    SqlQuery q =
        RunSearch.build(
            List.of(), new SearchPage(null, null, 10, 0, SqlVendor.SQLITE), ViewType.ALL);
    assertTrue(q.sql().contains("WHERE 1 = 0 AND runs.lifecycle_stage IN (?, ?)"), q.sql());
  }

  @Test
  void infiniteNumbersAreNotBound() {
    SqlQuery q =
        runs(
            "metrics.m > -1e400 AND start_time < 1e999 AND metrics.m = 1e400",
            List.of(),
            SqlVendor.MYSQL);
    assertTrue(q.sql().contains("f1.value IS NOT NULL AND f1.is_nan = 0"), q.sql());
    assertTrue(q.sql().contains("runs.start_time IS NOT NULL"), q.sql());
    assertTrue(q.sql().contains("1 = 0 AND f3.is_nan = 0"), q.sql());
    assertFalse(q.params().stream().anyMatch(p -> p instanceof Double d && d.isInfinite()));
  }

  @Test
  void errorPrecedenceFollowsMlflow() {
    // Filter syntax errors come before order_by errors, which come before comparator errors.
    MlflowException e =
        assertThrows(
            MlflowException.class, () -> runs("foo = 'x'", List.of("bad.key"), SqlVendor.SQLITE));
    assertTrue(e.getMessage().startsWith("Invalid attribute key 'foo'"), e.getMessage());
    e =
        assertThrows(
            MlflowException.class,
            () -> runs("params.p > 'x'", List.of("bad.key"), SqlVendor.SQLITE));
    assertTrue(e.getMessage().startsWith("Invalid entity type 'bad'"), e.getMessage());
    e =
        assertThrows(
            MlflowException.class,
            () ->
                ExperimentSearch.build(
                    new SearchPage("name > 'x'", List.of("bad"), 1, 0, SqlVendor.SQLITE),
                    null,
                    ReadScope.ALL));
    assertTrue(e.getMessage().startsWith("Invalid comparator '>'"), e.getMessage());
  }

  @Test
  void duplicateOrderByKeysAreRejected() {
    MlflowException e =
        assertThrows(
            MlflowException.class,
            () -> runs(null, List.of("tags.a", "tags.`a` DESC"), SqlVendor.SQLITE));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
    assertEquals(
        "`order_by` contains duplicate fields: ['tags.a', 'tags.`a` DESC']", e.getMessage());
    // Different entity types with the same key are not duplicates.
    runs(null, List.of("tags.a", "params.a", "metrics.a"), SqlVendor.SQLITE);
  }

  @Test
  void negativeLimitOrOffsetIsInvalid() {
    assertThrows(
        MlflowException.class,
        () ->
            RunSearch.build(List.of(1), new SearchPage(null, null, -1, 0, SqlVendor.SQLITE), null));
    assertThrows(
        MlflowException.class,
        () ->
            ExperimentSearch.build(
                new SearchPage(null, null, 1, -1, SqlVendor.SQLITE), null, ReadScope.ALL));
  }
}
