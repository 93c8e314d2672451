package dev.trackway.store.jdbc.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * An SQL statement with {@code ?} placeholders and the values to bind, in order: SQL as data,
 * executed by {@link Jdbc}. Values are {@link String}, {@link Integer}, {@link Long}, {@link
 * Double}, {@link Boolean} or null; they are bound with {@code PreparedStatement.setObject}.
 */
public record SqlQuery(String sql, List<Object> params) {
  public SqlQuery {
    params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  public static SqlQuery of(String sql, Object... params) {
    return new SqlQuery(sql, Arrays.asList(params));
  }
}
