package dev.trackway.store.jdbc.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * SQL functions SQLite lacks and MLflow registers on its SQLite connections: {@code REGEXP} (for
 * the {@code X REGEXP Y} operator of {@code RLIKE} filters: a regular-expression search anywhere in
 * the value, false for NULL or an invalid pattern) and the aggregate {@code percentile(value, p)}
 * (linear interpolation between the closest ranks, as numpy's default). Registered once per
 * physical connection, when a statement needs them.
 */
public final class SqliteFunctions {
  private static final Map<SQLiteConnection, Boolean> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private SqliteFunctions() {}

  /** Registers the functions on the connection if it is SQLite and has not got them yet. */
  public static void register(Connection c, SqlVendor vendor) throws SQLException {
    if (vendor != SqlVendor.SQLITE) {
      return;
    }
    SQLiteConnection conn = c.unwrap(SQLiteConnection.class);
    if (REGISTERED.containsKey(conn)) {
      return;
    }
    Function.create(conn, "REGEXP", new Regexp(), 2, Function.FLAG_DETERMINISTIC);
    Function.create(conn, "percentile", new Percentile(), 2, 0);
    REGISTERED.put(conn, Boolean.TRUE);
  }

  /** {@code regexp(pattern, value)}: 1 when the pattern is found in the value. */
  static final class Regexp extends Function {
    @Override
    protected void xFunc() throws SQLException {
      String pattern = value_text(0);
      String value = value_text(1);
      if (pattern == null || value == null) {
        result(0);
        return;
      }
      try {
        result(Pattern.compile(pattern).matcher(value).find() ? 1 : 0);
      } catch (PatternSyntaxException e) {
        result(0);
      }
    }
  }

  /** {@code percentile(value, p)} over the non-NULL values, p in [0, 100]. */
  static final class Percentile extends Function.Aggregate {
    private List<Double> values = new ArrayList<>();
    private double p = 50;

    @Override
    protected void xStep() throws SQLException {
      if (value_type(0) != 5) { // SQLITE_NULL
        values.add(value_double(0));
      }
      p = value_double(1);
    }

    @Override
    protected void xFinal() throws SQLException {
      Double r = interpolate(values, p);
      values.clear();
      if (r == null) {
        result();
      } else {
        result(r);
      }
    }

    /** sqlite-jdbc clones the registered instance for each group. */
    @Override
    public Object clone() throws CloneNotSupportedException {
      Percentile copy = (Percentile) super.clone();
      copy.values = new ArrayList<>();
      return copy;
    }
  }

  /** Linear interpolation between closest ranks (numpy's "linear"); null for no values. */
  public static Double interpolate(List<Double> values, double percentile) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double idx = percentile / 100.0 * (sorted.size() - 1);
    int lo = (int) Math.floor(idx);
    int hi = Math.min(lo + 1, sorted.size() - 1);
    double frac = idx - lo;
    return sorted.get(lo) + frac * (sorted.get(hi) - sorted.get(lo));
  }
}
