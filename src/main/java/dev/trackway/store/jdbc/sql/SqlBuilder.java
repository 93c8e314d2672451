package dev.trackway.store.jdbc.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Accumulates SQL text and its bind parameters in order. Values are only ever bound. */
public final class SqlBuilder {
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();

  public SqlBuilder sql(String text) {
    sql.append(text);
    return this;
  }

  /** Appends a {@code ?} placeholder bound to the value. */
  public SqlBuilder param(Object value) {
    sql.append('?');
    params.add(value);
    return this;
  }

  /** Appends {@code (?, ?, ...)}. */
  public SqlBuilder paramList(List<?> values) {
    sql.append('(');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      param(values.get(i));
    }
    sql.append(')');
    return this;
  }

  /** Adds bind values for {@code ?}s already in the SQL text. */
  public SqlBuilder bind(List<?> values) {
    params.addAll(values);
    return this;
  }

  public SqlBuilder append(SqlBuilder other) {
    sql.append(other.sql);
    params.addAll(other.params);
    return this;
  }

  public boolean isEmpty() {
    return sql.length() == 0;
  }

  public SqlQuery build() {
    return new SqlQuery(sql.toString(), params);
  }

  /** {@code ?, ?, ...}: n placeholders. */
  public static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  @Override
  public String toString() {
    return sql.toString();
  }
}
