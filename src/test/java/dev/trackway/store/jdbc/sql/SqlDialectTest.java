package dev.trackway.store.jdbc.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each vendor's dialect writes and how it reads database errors. */
class SqlDialectTest {
  static final SqlDialect MYSQL = SqlDialect.of(SqlVendor.MYSQL);
  static final SqlDialect SQLITE = SqlDialect.of(SqlVendor.SQLITE);

  @Test
  void upsertsAndInsertsThatSkipDuplicates() {
    List<String> cols = List.of("key", "value", "run_uuid");
    assertEquals(
        "INSERT INTO tags (`key`, `value`, `run_uuid`) VALUES (?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE `value` = VALUES(`value`)",
        MYSQL.upsert("tags", cols, List.of("key", "run_uuid"), List.of("value")));
    assertEquals(
        "INSERT INTO tags (`key`, `value`, `run_uuid`) VALUES (?, ?, ?)"
            + " ON CONFLICT (`key`, `run_uuid`) DO UPDATE SET `value` = excluded.`value`",
        SQLITE.upsert("tags", cols, List.of("key", "run_uuid"), List.of("value")));
    assertEquals(
        "INSERT INTO metrics (`key`, `value`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `key` = `key`",
        MYSQL.insertIgnoringDuplicates("metrics", List.of("key", "value")));
    assertEquals(
        "INSERT INTO metrics (`key`, `value`) VALUES (?, ?) ON CONFLICT DO NOTHING",
        SQLITE.insertIgnoringDuplicates("metrics", List.of("key", "value")));
    assertEquals(" FOR UPDATE", MYSQL.forUpdate());
    assertEquals("", SQLITE.forUpdate());
  }

  @Test
  void limitsWithAndWithoutALimit() {
    assertEquals(" LIMIT ? OFFSET ?", limit(SQLITE, 5, 10).sql());
    assertEquals(List.of(5, 10), limit(SQLITE, 5, 10).params());
    assertEquals(" LIMIT -1 OFFSET ?", limit(SQLITE, null, 10).sql());
    assertEquals(" LIMIT 18446744073709551615 OFFSET ?", limit(MYSQL, null, 10).sql());
    assertEquals("", limit(MYSQL, null, 0).sql());
  }

  private static SqlQuery limit(SqlDialect d, Integer limit, int offset) {
    SqlBuilder b = new SqlBuilder();
    d.limit(b, limit, offset);
    return b.build();
  }

  @Test
  void failuresAreClassifiedPerDialect() {
    // MySQL / MariaDB: vendor codes, the standard SQL states, Agroal's words
    assertEquals(SqlFailure.DEADLOCK, MYSQL.classify(new SQLException("x", "HY000", 1213)));
    assertEquals(SqlFailure.LOCK_TIMEOUT, MYSQL.classify(new SQLException("x", "HY000", 1205)));
    assertEquals(
        SqlFailure.CONNECTION_LOST, MYSQL.classify(new SQLException("gone", "HY000", 2006)));
    assertEquals(
        SqlFailure.CONNECTION_LOST,
        MYSQL.classify(
            new SQLException(
                "wrapped", new SQLException("Communications link failure", "08S01", 0))),
        "the cause chain is searched");
    assertEquals(
        SqlFailure.CONNECTION_LOST,
        MYSQL.classify(new SQLException("No operations allowed after connection closed", "08003")));
    // SQLite: result codes and message fragments; MySQL's codes mean nothing to it
    assertEquals(SqlFailure.LOCK_TIMEOUT, SQLITE.classify(new SQLException("busy", null, 5)));
    assertEquals(
        SqlFailure.DEADLOCK,
        SQLITE.classify(new SQLException("[SQLITE_LOCKED] A table in the database is locked")));
    assertNull(SQLITE.classify(new SQLException("x", "HY000", 1205)));
    assertNull(SQLITE.classify(new SQLException("x", "HY000", 2006)));
    // what each answers: lock conflicts are retried; those and the rest of "cannot answer now"
    // are 503 TEMPORARILY_UNAVAILABLE; constraint and data errors are not
    assertFalse(SqlFailure.UNIQUE_VIOLATION.unavailable());
    assertFalse(SqlFailure.DATA_TOO_LONG.unavailable());
    assertTrue(SqlFailure.ACQUISITION_TIMEOUT.unavailable());
    assertFalse(SqlFailure.CONNECTION_LOST.transientLock());
  }

  @Test
  void errorsAreClassifiedByStateCodeAndMessageThroughTheCauseChain() {
    SQLException duplicate = new SQLException("Duplicate entry", "23000", 1062);
    assertTrue(MYSQL.isUniqueViolation(new SQLException("wrapped", duplicate)));
    assertFalse(SQLITE.isUniqueViolation(duplicate), "a MySQL code means nothing to SQLite");
    assertTrue(
        SQLITE.isUniqueViolation(
            new SQLException("[SQLITE_CONSTRAINT_PRIMARYKEY] A PRIMARY KEY constraint failed")));
    assertTrue(MYSQL.isDataTooLong(new SQLException("Data too long", "22001", 1406)));
    assertEquals(
        SqlFailure.DEADLOCK, MYSQL.classify(new SQLException("Deadlock found", "40001", 1213)));
    assertEquals(
        SqlFailure.LOCK_TIMEOUT,
        MYSQL.classify(new SQLException("Lock wait timeout", "HY000", 1205)));
    assertEquals(
        SqlFailure.LOCK_TIMEOUT,
        SQLITE.classify(new SQLException("[SQLITE_BUSY] The database file is locked")));
    assertEquals(
        SqlFailure.CONNECTION_LOST,
        MYSQL.classify(new SQLTransientConnectionException("gone", "08S01")));
    assertEquals(
        SqlFailure.CONNECTION_LOST,
        MYSQL.classify(new SQLException("Lost connection", "HY000", 2013)));
    assertEquals(
        SqlFailure.ACQUISITION_TIMEOUT,
        SQLITE.classify(new SQLException("Sorry, acquisition timeout!")));
    assertEquals(
        SqlFailure.ACQUISITION_TIMEOUT,
        MYSQL.classify(new SQLException("Acquisition timeout while waiting for new connection")));
    for (SqlFailure f : SqlFailure.values()) {
      assertEquals(
          f == SqlFailure.DEADLOCK || f == SqlFailure.LOCK_TIMEOUT, f.transientLock(), f.name());
      assertEquals(
          f.transientLock()
              || f == SqlFailure.CONNECTION_LOST
              || f == SqlFailure.ACQUISITION_TIMEOUT,
          f.unavailable(),
          f.name());
    }
    SQLException other = new SQLException("syntax", "42000", 1064);
    assertNull(MYSQL.classify(other));
    for (SqlFailure f : SqlFailure.values()) {
      assertFalse(MYSQL.is(f, other), f.name());
      assertFalse(SQLITE.is(f, other), f.name());
    }
  }

  @Test
  void keyedQueriesBindAroundTheKeysAndChunkThem() {
    KeyedQuery<String> q =
        KeyedQuery.of(
            "SELECT name FROM t WHERE workspace = ? AND {keys} AND stage != ?", Keys.in("name"));
    SqlQuery sql = q.query(List.of("a", "b"), "default", "Deleted");
    assertEquals(
        "SELECT name FROM t WHERE workspace = ? AND name IN (?, ?) AND stage != ?", sql.sql());
    assertEquals(List.of("default", "a", "b", "Deleted"), sql.params());

    Keys<List<Object>> pairs = Keys.of(k -> k, "name", "version");
    SqlBuilder b = new SqlBuilder();
    pairs.append(b, List.of(List.of("m", 1L), List.of("n", 2L)));
    assertEquals("((name = ? AND version = ?) OR (name = ? AND version = ?))", b.build().sql());
    assertEquals(List.of(List.of(1, 2), List.of(3)), Keys.chunks(List.of(1, 2, 3), 2));
    assertEquals(3, Keys.<Integer>in("id").chunks(java.util.Collections.nCopies(1001, 1)).size());
  }
}
