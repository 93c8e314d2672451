package dev.trackway.store.jdbc.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SELECT for the rows of many keys at once, as data: SQL with one {@code {keys}} marker where the
 * key condition goes (see {@link Keys}). It runs one statement per chunk of keys, so loading a page
 * of entities and each of their child tables costs a fixed number of queries whatever the page
 * size. Other bind values are given at run time, in the order of their {@code ?}s.
 */
public final class KeyedQuery<K> {
  private static final String MARKER = "{keys}";

  private final String before;
  private final String after;
  private final int paramsBefore;
  private final Keys<K> keys;

  private KeyedQuery(String sql, Keys<K> keys) {
    int at = sql.indexOf(MARKER);
    if (at < 0) {
      throw new IllegalArgumentException("no " + MARKER + " in " + sql);
    }
    this.before = sql.substring(0, at);
    this.after = sql.substring(at + MARKER.length());
    this.paramsBefore = (int) before.chars().filter(ch -> ch == '?').count();
    this.keys = keys;
  }

  public static <K> KeyedQuery<K> of(String sql, Keys<K> keys) {
    return new KeyedQuery<>(sql, keys);
  }

  /** The rows of all the keys, mapped, chunk after chunk. */
  public <R> List<R> list(Connection c, List<K> keyList, RowMapper<R> mapper, Object... params)
      throws SQLException {
    List<R> out = new ArrayList<>();
    for (List<K> chunk : keys.chunks(keyList)) {
      out.addAll(Jdbc.list(c, query(chunk, params), mapper));
    }
    return out;
  }

  /** Hands the rows of all the keys to {@code callback}, chunk after chunk. */
  public void forEach(Connection c, List<K> keyList, RowCallback callback, Object... params)
      throws SQLException {
    for (List<K> chunk : keys.chunks(keyList)) {
      Jdbc.forEach(c, query(chunk, params), 0, callback);
    }
  }

  /** The rows grouped by their owner's key (in row order within each group). */
  public <O, V> Map<O, List<V>> group(
      Connection c, List<K> keyList, RowMapper<O> owner, RowMapper<V> value, Object... params)
      throws SQLException {
    Map<O, List<V>> out = new HashMap<>();
    forEach(
        c,
        keyList,
        rs -> out.computeIfAbsent(owner.map(rs), k -> new ArrayList<>()).add(value.map(rs)),
        params);
    return out;
  }

  SqlQuery query(List<K> chunk, Object... params) {
    List<Object> values = Arrays.asList(params);
    SqlBuilder b = new SqlBuilder().sql(before);
    b.bind(values.subList(0, paramsBefore));
    keys.append(b, chunk);
    b.sql(after).bind(values.subList(paramsBefore, values.size()));
    return b.build();
  }
}
