package dev.trackway.store.jdbc.sql;

import java.util.List;
import java.util.function.Function;

/**
 * How a list of keys selects rows: one column ({@code col IN (?, ...)}) or several ({@code ((a = ?
 * AND b = ?) OR ...)}), and how many keys go into one statement (SQLite allows 32766 bind
 * parameters, MySQL 65535; chunks keep statements far below that).
 */
public record Keys<K>(List<String> columns, Function<K, List<Object>> values, int chunkSize) {

  /** Keys per statement for a one-column key. */
  public static final int IN_CHUNK = 500;

  /** Keys per statement for a key of several columns. */
  public static final int COMPOSITE_CHUNK = 200;

  /** A one-column key: {@code column IN (?, ...)}. */
  public static <K> Keys<K> in(String column) {
    return new Keys<>(List.of(column), k -> List.of(k), IN_CHUNK);
  }

  /** A key of several columns, {@code values} giving a key's values in column order. */
  public static <K> Keys<K> of(Function<K, List<Object>> values, String... columns) {
    return new Keys<>(List.of(columns), values, COMPOSITE_CHUNK);
  }

  /** The keys in chunks of at most {@link #chunkSize()}. */
  public List<List<K>> chunks(List<K> keys) {
    return chunks(keys, chunkSize);
  }

  public static <T> List<List<T>> chunks(List<T> list, int size) {
    List<List<T>> out = new java.util.ArrayList<>();
    for (int i = 0; i < list.size(); i += size) {
      out.add(list.subList(i, Math.min(list.size(), i + size)));
    }
    return out;
  }

  /** Appends the condition selecting the rows of these keys. */
  public void append(SqlBuilder b, List<K> chunk) {
    if (columns.size() == 1) {
      b.sql(columns.get(0) + " IN ").paramList(chunk);
      return;
    }
    b.sql("(");
    for (int i = 0; i < chunk.size(); i++) {
      b.sql(i > 0 ? " OR (" : "(");
      List<Object> v = values.apply(chunk.get(i));
      for (int j = 0; j < columns.size(); j++) {
        b.sql((j > 0 ? " AND " : "") + columns.get(j) + " = ").param(v.get(j));
      }
      b.sql(")");
    }
    b.sql(")");
  }
}
