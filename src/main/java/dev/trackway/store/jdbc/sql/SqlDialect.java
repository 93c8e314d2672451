package dev.trackway.store.jdbc.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Everything Trackway's SQL does differently per database, in one place: upserts, inserts that skip
 * duplicates, row locks, limits, the string comparisons of search filters and the classification of
 * database errors. One instance per vendor ({@link #of}).
 *
 * <p>String comparisons follow MLflow's semantics: {@code =}, {@code !=}, {@code LIKE} and {@code
 * IN} are case-sensitive, {@code ILIKE} is case-insensitive ({@code LOWER(col) LIKE LOWER(?)}, as
 * SQLAlchemy renders it). How each vendor gets there is described on {@link MysqlDialect} and
 * {@link SqliteDialect}.
 */
public abstract sealed class SqlDialect permits MysqlDialect, SqliteDialect {
  private static final SqlDialect SQLITE = new SqliteDialect();
  private static final SqlDialect MYSQL = new MysqlDialect();

  private final SqlVendor vendor;
  private final Syntax syntax;
  private final Map<SqlFailure, SqlFailure.Signature> failures;

  /**
   * The words a vendor's SQL spells differently.
   *
   * @param forUpdate the suffix that locks selected rows
   * @param noLimit the LIMIT that means none
   * @param integerDivision the operator that divides integers, truncating
   * @param percentileAggregate whether {@code percentile(value, p)} exists as an aggregate
   */
  record Syntax(
      String forUpdate, String noLimit, String integerDivision, boolean percentileAggregate) {}

  /**
   * @param failures the vendor's error codes and messages of each failure
   */
  SqlDialect(SqlVendor vendor, Syntax syntax, Map<SqlFailure, SqlFailure.Signature> failures) {
    this.vendor = vendor;
    this.syntax = syntax;
    this.failures = failures;
  }

  public static SqlDialect of(SqlVendor vendor) {
    if (vendor == null) {
      throw new IllegalArgumentException("vendor is required");
    }
    return vendor == SqlVendor.MYSQL ? MYSQL : SQLITE;
  }

  public SqlVendor vendor() {
    return vendor;
  }

  // ------------------------------------------------------------------ statements

  /**
   * {@code INSERT ... VALUES (?, ...)} that updates {@code updateColumns} of the row whose {@code
   * keyColumns} match; columns in bind order.
   */
  public abstract String upsert(
      String table, List<String> columns, List<String> keyColumns, List<String> updateColumns);

  /** {@code INSERT ... VALUES (?, ...)} that silently skips a row whose key is already stored. */
  public abstract String insertIgnoringDuplicates(String table, List<String> columns);

  /** The suffix that locks the selected rows until the end of the transaction ("" if none). */
  public String forUpdate() {
    return syntax.forUpdate();
  }

  /**
   * Appends {@code LIMIT ? OFFSET ?} for a page, {@code OFFSET ?} alone (with the vendor's "no
   * limit") when there is no limit but an offset, nothing when neither.
   */
  public void limit(SqlBuilder b, Integer limit, int offset) {
    if (limit != null) {
      b.sql(" LIMIT ").param(limit).sql(" OFFSET ").param(offset);
    } else if (offset > 0) {
      // the LIMIT that means "no limit": an OFFSET cannot stand alone
      b.sql(" LIMIT " + syntax.noLimit() + " OFFSET ").param(offset);
    }
  }

  /** {@code INSERT INTO table (`a`, `b`) VALUES (?, ?)}. */
  public static String insert(String table, List<String> columns) {
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns.stream().map(SqlDialect::quote).toList())
        + ") VALUES ("
        + SqlBuilder.placeholders(columns.size())
        + ")";
  }

  /**
   * Quotes a column name (backticks work on MySQL and SQLite; {@code key} is reserved on MySQL).
   */
  public static String quote(String column) {
    return "`" + column + "`";
  }

  static String assignments(List<String> columns, String format) {
    return String.join(
        ", ", columns.stream().map(c -> String.format(format, quote(c), quote(c))).toList());
  }

  // ------------------------------------------------------------------ search comparisons

  /**
   * Appends a case-sensitive string comparison of {@code column} (a qualified column name, never
   * user input) against a bound value. {@code comparator} is upper-case: {@code = != LIKE ILIKE IN
   * NOT IN}, or an ordering comparator. For IN/NOT IN the value is a {@code List<String>}.
   */
  public void compareString(SqlBuilder b, String column, String comparator, Object value) {
    switch (comparator) {
      case "=", "!=", "LIKE", "IN", "NOT IN" -> caseSensitive(b, column, comparator, value);
      case "ILIKE" -> b.sql("LOWER(" + column + ") LIKE LOWER(").param(value).sql(")");
      case "<", "<=", ">", ">=" -> b.sql(column + " " + comparator + " ").param(value);
      default -> throw new IllegalArgumentException("Unsupported comparator " + comparator);
    }
  }

  /** {@code = != LIKE IN NOT IN}, case-sensitive whatever the column's collation. */
  abstract void caseSensitive(SqlBuilder b, String column, String comparator, Object value);

  /** {@code col REGEXP ?}: a case-sensitive regular-expression search anywhere in the value. */
  public abstract void regexp(SqlBuilder b, String column, Object value);

  /** Integer division of two integer expressions, truncated as MLflow's SQL does it. */
  public String integerDivide(String dividend, String divisor) {
    return "(" + dividend + " " + syntax.integerDivision() + " " + divisor + ")";
  }

  /**
   * Whether {@code percentile(value, p)} exists as an aggregate (on SQLite, {@link
   * SqliteFunctions}); otherwise percentiles are interpolated over {@code PERCENT_RANK()}.
   */
  public boolean hasPercentileAggregate() {
    return syntax.percentileAggregate();
  }

  /**
   * Appends a numeric comparison ({@code = != < <= > >= IN NOT IN}); no BINARY needed.
   *
   * <p>A value that overflows to infinity (e.g. {@code 1e400}) is not bound: MySQL rejects infinite
   * values, and stored values are always finite (MLflow clamps infinite metrics to &plusmn;{@link
   * Double#MAX_VALUE}), so the comparison is decided here, giving on both vendors what SQLite gives
   * MLflow: {@code x > -inf} holds for every non-NULL x, {@code x = inf} for none.
   */
  public void compareNumber(SqlBuilder b, String column, String comparator, Object value) {
    if (value instanceof Double v && v.isInfinite()) {
      boolean holds =
          switch (comparator) {
            case "!=" -> true;
            case ">", ">=" -> v < 0;
            case "<", "<=" -> v > 0;
            default -> false;
          };
      b.sql(holds ? column + " IS NOT NULL" : "1 = 0");
      return;
    }
    switch (comparator) {
      case "=", "!=", "<", "<=", ">", ">=" -> b.sql(column + " " + comparator + " ").param(value);
      case "IN", "NOT IN" -> inList(b, "", column, comparator, value);
      default -> throw new IllegalArgumentException("Unsupported comparator " + comparator);
    }
  }

  /** {@code (prefix col op (?, ...))}. */
  static void inList(SqlBuilder b, String prefix, String column, String op, Object values) {
    b.sql("(" + prefix + column + " " + op + " ").paramList((List<?>) values).sql(")");
  }

  /**
   * Case-sensitive key match, as MLflow does for filter keys ({@code (k = ? AND BINARY k = ?)}).
   */
  public void keyEquals(SqlBuilder b, String column, String key) {
    compareString(b, column, "=", key);
  }

  /**
   * Translates a LIKE pattern (no escape character: {@code %} any run, {@code _} one character) to
   * a GLOB pattern with the same meaning.
   */
  public static String likeToGlob(String like) {
    StringBuilder glob = new StringBuilder(like.length() + 8);
    like.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '%' -> glob.append('*');
                case '_' -> glob.append('?');
                case '*' -> glob.append("[*]");
                case '?' -> glob.append("[?]");
                case '[' -> glob.append("[[]");
                default -> glob.appendCodePoint(cp);
              }
            });
    return glob.toString();
  }

  // ------------------------------------------------------------------ errors

  /** Whether the exception (or one of its causes) is this failure. */
  public boolean is(SqlFailure failure, SQLException e) {
    return failure.matches(e, failures.getOrDefault(failure, SqlFailure.Signature.NONE));
  }

  public boolean isUniqueViolation(SQLException e) {
    return is(SqlFailure.UNIQUE_VIOLATION, e);
  }

  public boolean isDataTooLong(SQLException e) {
    return is(SqlFailure.DATA_TOO_LONG, e);
  }

  /** The failure of those that Trackway reacts to which this exception is, or null. */
  public SqlFailure classify(SQLException e) {
    for (SqlFailure f : SqlFailure.values()) {
      if (is(f, e)) {
        return f;
      }
    }
    return null;
  }
}
