package dev.trackway.store.jdbc.sql;

import dev.trackway.store.jdbc.sql.SqlFailure.Signature;
import java.util.List;
import java.util.Map;

/**
 * MySQL and MariaDB. The database may use a case-insensitive collation, so like MLflow ({@code
 * SearchUtils.get_sql_comparison_func}) each string comparison is paired with its {@code BINARY}
 * form, the plain one first so indexes can still be used: {@code (col = ? AND BINARY col = ?)},
 * {@code (col != ? OR BINARY col != ?)}, {@code (col LIKE ? AND BINARY col LIKE ?)}, {@code (BINARY
 * col IN (...))}. Upserts are {@code ON DUPLICATE KEY UPDATE}; error codes are the server's (1062
 * duplicate key, 1406 data too long, 1213 deadlock, 1205 lock wait timeout, 2006/2013 connection
 * gone).
 */
final class MysqlDialect extends SqlDialect {
  MysqlDialect() {
    super(
        SqlVendor.MYSQL,
        new Syntax(" FOR UPDATE", "18446744073709551615", "DIV", false),
        Map.of(
            SqlFailure.UNIQUE_VIOLATION, Signature.codes(1062),
            SqlFailure.DATA_TOO_LONG, Signature.codes(1406),
            SqlFailure.DEADLOCK, Signature.codes(1213),
            SqlFailure.LOCK_TIMEOUT, Signature.codes(1205),
            SqlFailure.CONNECTION_LOST, Signature.codes(2006, 2013)));
  }

  @Override
  public String upsert(
      String table, List<String> columns, List<String> keyColumns, List<String> updateColumns) {
    return insert(table, columns)
        + " ON DUPLICATE KEY UPDATE "
        + assignments(updateColumns, "%s = VALUES(%s)");
  }

  /** A no-op update rather than INSERT IGNORE, which would also turn errors into warnings. */
  @Override
  public String insertIgnoringDuplicates(String table, List<String> columns) {
    return insert(table, columns)
        + " ON DUPLICATE KEY UPDATE "
        + assignments(columns.subList(0, 1), "%s = %s");
  }

  @Override
  void caseSensitive(SqlBuilder b, String column, String comparator, Object value) {
    switch (comparator) {
      case "=", "LIKE" -> withBinary(b, column, comparator, "AND", value);
      case "!=" -> withBinary(b, column, comparator, "OR", value);
      default -> inList(b, "BINARY ", column, comparator, value);
    }
  }

  /** {@code (col op ? joiner BINARY col op ?)}: the plain comparison first, so indexes apply. */
  private static void withBinary(
      SqlBuilder b, String column, String op, String joiner, Object value) {
    b.sql("(" + column + " " + op + " ").param(value);
    b.sql(" " + joiner + " BINARY " + column + " " + op + " ").param(value).sql(")");
  }

  @Override
  public void regexp(SqlBuilder b, String column, Object value) {
    b.sql("(CAST(" + column + " AS BINARY) REGEXP BINARY ").param(value).sql(")");
  }
}
