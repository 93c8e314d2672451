package dev.trackway.store.jdbc.sql;

import java.util.List;

/**
 * Vendor-specific SQL for the comparisons of a search filter, with MLflow's semantics: comparisons
 * on strings ({@code =}, {@code !=}, {@code LIKE}, {@code IN}) are case-sensitive, {@code ILIKE} is
 * case-insensitive.
 *
 * <ul>
 *   <li><b>MySQL/MariaDB</b>: the database may use a case-insensitive collation, so like MLflow
 *       ({@code SearchUtils.get_sql_comparison_func}) each string comparison is paired with its
 *       {@code BINARY} form, the plain one first so indexes can still be used: {@code (col = ? AND
 *       BINARY col = ?)}, {@code (col != ? OR BINARY col != ?)}, {@code (col LIKE ? AND BINARY col
 *       LIKE ?)}, {@code (BINARY col IN (...))}. {@code ILIKE} is {@code LOWER(col) LIKE LOWER(?)}
 *       as SQLAlchemy renders it.
 *   <li><b>SQLite</b>: {@code =} and {@code IN} are already case-sensitive (BINARY collation).
 *       {@code LIKE} is case-insensitive for ASCII by default; MLflow makes it case-sensitive by
 *       running {@code PRAGMA case_sensitive_like = true} on every session. A generated query
 *       cannot rely on how the caller's connection is configured, so instead we translate the LIKE
 *       pattern to the equivalent {@code GLOB} pattern ({@code %}&rarr;{@code *}, {@code
 *       _}&rarr;{@code ?}, and GLOB's own metacharacters {@code * ? [} bracket-escaped). GLOB is
 *       always case-sensitive, and MLflow's LIKE has no ESCAPE character, so the results are the
 *       same as MLflow's with the pragma, whatever the connection's pragma. {@code ILIKE} is {@code
 *       LOWER(col) LIKE LOWER(?)}, as SQLAlchemy renders it (same result with or without the
 *       pragma, since both sides are lower-cased).
 * </ul>
 */
public final class SqlDialect {
  private final SqlVendor vendor;

  private SqlDialect(SqlVendor vendor) {
    this.vendor = vendor;
  }

  private static final SqlDialect SQLITE = new SqlDialect(SqlVendor.SQLITE);
  private static final SqlDialect MYSQL = new SqlDialect(SqlVendor.MYSQL);

  public static SqlDialect of(SqlVendor vendor) {
    if (vendor == null) {
      throw new IllegalArgumentException("vendor is required");
    }
    return vendor == SqlVendor.MYSQL ? MYSQL : SQLITE;
  }

  public SqlVendor vendor() {
    return vendor;
  }

  /**
   * Appends a case-sensitive string comparison of {@code column} (a qualified column name, never
   * user input) against a bound value. {@code comparator} is upper-case: {@code = != LIKE ILIKE IN
   * NOT IN}, or an ordering comparator. For IN/NOT IN the value is a {@code List<String>}.
   */
  public void compareString(SqlBuilder b, String column, String comparator, Object value) {
    boolean mysql = vendor == SqlVendor.MYSQL;
    switch (comparator) {
      case "=" -> {
        if (mysql) {
          withBinary(b, column, "=", "AND", value);
        } else {
          b.sql(column + " = ").param(value);
        }
      }
      case "!=" -> {
        if (mysql) {
          withBinary(b, column, "!=", "OR", value);
        } else {
          b.sql(column + " != ").param(value);
        }
      }
      case "LIKE" -> {
        if (mysql) {
          withBinary(b, column, "LIKE", "AND", value);
        } else {
          b.sql(column + " GLOB ").param(likeToGlob((String) value));
        }
      }
      case "ILIKE" -> b.sql("LOWER(" + column + ") LIKE LOWER(").param(value).sql(")");
      case "IN", "NOT IN" -> {
        List<?> values = (List<?>) value;
        b.sql("(" + (mysql ? "BINARY " : "") + column + " " + comparator + " ");
        b.paramList(values).sql(")");
      }
      case "<", "<=", ">", ">=" -> b.sql(column + " " + comparator + " ").param(value);
      default -> throw new IllegalArgumentException("Unsupported comparator " + comparator);
    }
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
      case "IN", "NOT IN" -> {
        b.sql("(" + column + " " + comparator + " ").paramList((List<?>) value).sql(")");
      }
      default -> throw new IllegalArgumentException("Unsupported comparator " + comparator);
    }
  }

  /** {@code (col op ? joiner BINARY col op ?)}: the plain comparison first, so indexes apply. */
  private static void withBinary(
      SqlBuilder b, String column, String op, String joiner, Object value) {
    b.sql("(" + column + " " + op + " ").param(value);
    b.sql(" " + joiner + " BINARY " + column + " " + op + " ").param(value).sql(")");
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
}
