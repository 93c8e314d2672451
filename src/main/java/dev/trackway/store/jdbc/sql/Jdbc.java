package dev.trackway.store.jdbc.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Runs {@link SqlQuery}s on a connection: the one place that prepares statements, binds values and
 * walks result sets. Transactions are the caller's (the connection's).
 */
public final class Jdbc {
  private Jdbc() {}

  /** Every row, mapped. */
  public static <T> List<T> list(Connection c, SqlQuery q, RowMapper<T> mapper)
      throws SQLException {
    return list(c, q, 0, mapper);
  }

  /** Every row, mapped, fetched {@code fetchSize} rows at a time (0: the driver's default). */
  public static <T> List<T> list(Connection c, SqlQuery q, int fetchSize, RowMapper<T> mapper)
      throws SQLException {
    List<T> out = new ArrayList<>();
    forEach(c, q, fetchSize, rs -> out.add(mapper.map(rs)));
    return out;
  }

  /** Hands every row to {@code callback}. */
  public static void forEach(Connection c, SqlQuery q, int fetchSize, RowCallback callback)
      throws SQLException {
    try (PreparedStatement ps = prepare(c, q)) {
      if (fetchSize > 0) {
        ps.setFetchSize(fetchSize);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          callback.accept(rs);
        }
      }
    }
  }

  /** The first row, mapped, or null when there is none. */
  public static <T> T first(Connection c, SqlQuery q, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = prepare(c, q);
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? mapper.map(rs) : null;
    }
  }

  /** True when the query returns a row. */
  public static boolean exists(Connection c, SqlQuery q) throws SQLException {
    return first(c, q, rs -> Boolean.TRUE) != null;
  }

  /** Runs an INSERT, UPDATE or DELETE; the number of rows it changed. */
  public static int update(Connection c, SqlQuery q) throws SQLException {
    try (PreparedStatement ps = prepare(c, q)) {
      return ps.executeUpdate();
    }
  }

  /** {@link #update(Connection, SqlQuery)} of {@code SqlQuery.of(sql, params)}. */
  public static int update(Connection c, String sql, Object... params) throws SQLException {
    return update(c, SqlQuery.of(sql, params));
  }

  /** Runs an INSERT and returns the key the database generated for the row. */
  public static long insertReturningKey(Connection c, SqlQuery q) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(q.sql(), Statement.RETURN_GENERATED_KEYS)) {
      bind(ps, q.params());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /**
   * Runs one statement for every item as a JDBC batch (one round trip; multi-row INSERTs on MySQL
   * with {@code rewriteBatchedStatements}); {@code values} gives an item's bind values. Nothing
   * happens for no items.
   */
  public static <T> void batch(
      Connection c, String sql, Collection<T> items, Function<T, Object[]> values)
      throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (T item : items) {
        bind(ps, Arrays.asList(values.apply(item)));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A nullable BIGINT column. */
  public static Long getLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static PreparedStatement prepare(Connection c, SqlQuery q) throws SQLException {
    PreparedStatement ps = c.prepareStatement(q.sql());
    try {
      bind(ps, q.params());
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private static void bind(PreparedStatement ps, List<?> values) throws SQLException {
    int i = 1;
    for (Object v : values) {
      ps.setObject(i++, v);
    }
  }
}
