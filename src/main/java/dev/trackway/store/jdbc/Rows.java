package dev.trackway.store.jdbc;

import dev.trackway.domain.KeyValue;
import dev.trackway.store.jdbc.sql.RowMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Row mappers and values every store uses. */
final class Rows {
  private Rows() {}

  /** A string key in column 1 (run ids, model ids, names). */
  static final RowMapper<String> STRING_1 = rs -> rs.getString(1);

  /** A new id: a random UUID's 32 hex digits, as MLflow makes run, input and dataset ids. */
  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The rows of these keys that exist, in the keys' order. */
  static <K, V> List<V> inKeyOrder(List<K> keys, Map<K, V> rows) {
    List<V> out = new ArrayList<>(keys.size());
    for (K k : keys) {
      V row = rows.get(k);
      if (row != null) {
        out.add(row);
      }
    }
    return out;
  }

  /** Tags with one value per key, the last given winning, in the order of first appearance. */
  static List<KeyValue> lastPerKey(List<KeyValue> tags) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (KeyValue t : tags) {
      byKey.put(t.key(), t.value());
    }
    List<KeyValue> out = new ArrayList<>(byKey.size());
    byKey.forEach((k, v) -> out.add(new KeyValue(k, v)));
    return out;
  }
}
