package dev.trackway.store.jdbc.sql;

import dev.trackway.store.jdbc.sql.SqlFailure.Signature;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQLite. {@code =} and {@code IN} are already case-sensitive (BINARY collation). {@code LIKE} is
 * case-insensitive for ASCII by default; MLflow makes it case-sensitive by running {@code PRAGMA
 * case_sensitive_like = true} on every session. A generated query cannot rely on how the caller's
 * connection is configured, so instead the LIKE pattern becomes the equivalent {@code GLOB} pattern
 * ({@link #likeToGlob}). GLOB is always case-sensitive, and MLflow's LIKE has no ESCAPE character,
 * so the results are the same as MLflow's with the pragma, whatever the connection's pragma.
 * Upserts are {@code ON CONFLICT (key) DO UPDATE}; errors are recognised by the driver's result
 * codes and messages (SQLITE_CONSTRAINT_*, SQLITE_BUSY = 5, SQLITE_LOCKED = 6).
 */
final class SqliteDialect extends SqlDialect {
  SqliteDialect() {
    // no row locks: SQLite locks the whole database for a write transaction
    super(
        SqlVendor.SQLITE,
        new Syntax("", "-1", "/", true),
        Map.of(
            SqlFailure.UNIQUE_VIOLATION,
            new Signature(
                Set.of(),
                List.of(
                    "SQLITE_CONSTRAINT_PRIMARYKEY",
                    "SQLITE_CONSTRAINT_UNIQUE",
                    "UNIQUE constraint failed")),
            SqlFailure.DEADLOCK,
            new Signature(Set.of(6), List.of("SQLITE_LOCKED")),
            SqlFailure.LOCK_TIMEOUT,
            new Signature(Set.of(5), List.of("SQLITE_BUSY", "database is locked"))));
  }

  @Override
  public String upsert(
      String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
    return insert(table, columns)
        + " ON CONFLICT ("
        + String.join(", ", keyColumns.stream().map(SqlDialect::quote).toList())
        + ") DO UPDATE SET "
        + assignments(updateColumns, "%s = excluded.%s");
  }

  @Override
  public String insertIgnoringDuplicates(String table, List<String> columns) {
    return insert(table, columns) + " ON CONFLICT DO NOTHING";
  }

  @Override
  void caseSensitive(SqlBuilder b, String column, String comparator, Object value) {
    switch (comparator) {
      case "=", "!=" -> b.sql(column + " " + comparator + " ").param(value);
      case "LIKE" -> b.sql(column + " GLOB ").param(likeToGlob((String) value));
      default -> inList(b, "", column, comparator, value);
    }
  }

  @Override
  public void regexp(SqlBuilder b, String column, Object value) {
    b.sql(column + " REGEXP ").param(value);
  }
}
