package dev.trackway.store.jdbc;

import dev.trackway.domain.KeyValue;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlDialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table of key/value pairs owned by an entity (tags, params), described once as data: the owner's
 * key columns, an optional fixed scope column (the registry's {@code workspace}), the key and value
 * columns, and extra columns written with each row ({@code experiment_id} of logged models). It
 * writes the statements all such tables need and loads the pairs of a page of owners with one query
 * per chunk.
 *
 * @param <K> the owner's key (a run id, an experiment id, a model version's name and number...)
 */
final class KeyValueTable<K> {
  private final String table;
  private final Keys<K> owner;
  private final RowMapper<K> ownerOf;
  private final String scopeColumn;
  private final Object scope;
  private final String keyColumn;
  private final String valueColumn;
  private final List<String> extraColumns;
  private final KeyedQuery<K> load;

  private KeyValueTable(
      String table,
      Keys<K> owner,
      RowMapper<K> ownerOf,
      String scopeColumn,
      Object scope,
      String keyColumn,
      String valueColumn,
      List<String> extraColumns) {
    this.table = table;
    this.owner = owner;
    this.ownerOf = ownerOf;
    this.scopeColumn = scopeColumn;
    this.scope = scope;
    this.keyColumn = keyColumn;
    this.valueColumn = valueColumn;
    this.extraColumns = extraColumns;
    String owners = String.join(", ", owner.columns());
    this.load =
        KeyedQuery.of(
            "SELECT "
                + owners
                + ", "
                + SqlDialect.quote(keyColumn)
                + ", "
                + SqlDialect.quote(valueColumn)
                + " FROM "
                + table
                + " WHERE "
                + scopeCondition()
                + "{keys} ORDER BY "
                + owners
                + ", "
                + SqlDialect.quote(keyColumn),
            owner);
  }

  /** A table of the pairs of one owner column ({@code ownerOf} reads it from column 1). */
  static <K> KeyValueTable<K> of(
      String table,
      String ownerColumn,
      RowMapper<K> ownerOf,
      String keyColumn,
      String valueColumn) {
    return new KeyValueTable<>(
        table, Keys.in(ownerColumn), ownerOf, null, null, keyColumn, valueColumn, List.of());
  }

  /** The same table restricted to rows whose {@code column} holds {@code value}. */
  static <K> KeyValueTable<K> scoped(
      String table,
      Keys<K> owner,
      RowMapper<K> ownerOf,
      String column,
      Object value,
      String keyColumn,
      String valueColumn) {
    return new KeyValueTable<>(
        table, owner, ownerOf, column, value, keyColumn, valueColumn, List.of());
  }

  /** The same table with columns written alongside each row (values given to the writes). */
  KeyValueTable<K> withExtraColumns(String... columns) {
    return new KeyValueTable<>(
        table, owner, ownerOf, scopeColumn, scope, keyColumn, valueColumn, List.of(columns));
  }

  private String scopeCondition() {
    return scopeColumn == null ? "" : scopeColumn + " = ? AND ";
  }

  private Object[] scopeParams() {
    return scopeColumn == null ? new Object[0] : new Object[] {scope};
  }

  /** The pairs of each owner, ordered by key; owners without any are absent. */
  Map<K, List<KeyValue>> load(Connection c, List<K> owners) throws SQLException {
    int n = owner.columns().size();
    return load.group(
        c,
        owners,
        ownerOf,
        rs -> new KeyValue(rs.getString(n + 1), rs.getString(n + 2)),
        scopeParams());
  }

  /** Inserts the pairs in one batch (a key already stored is a unique-key violation). */
  void insert(Connection c, K ownerKey, List<Object> extra, List<KeyValue> pairs)
      throws SQLException {
    Jdbc.batch(c, SqlDialect.insert(table, columns()), pairs, kv -> row(ownerKey, extra, kv));
  }

  /** Inserts or updates the pairs in one batch. */
  void upsert(SqlDialect d, Connection c, K ownerKey, List<Object> extra, List<KeyValue> pairs)
      throws SQLException {
    List<String> key = new ArrayList<>(owner.columns());
    if (scopeColumn != null) {
      key.add(scopeColumn);
    }
    key.add(keyColumn);
    Jdbc.batch(
        c,
        d.upsert(table, columns(), key, List.of(valueColumn)),
        pairs,
        kv -> row(ownerKey, extra, kv));
  }

  /** Deletes one key of an owner; the number of rows deleted. */
  int delete(Connection c, K ownerKey, String key) throws SQLException {
    List<Object> params = new ArrayList<>(List.of(scopeParams()));
    StringBuilder sql = new StringBuilder("DELETE FROM " + table + " WHERE " + scopeCondition());
    for (String col : owner.columns()) {
      sql.append(col).append(" = ? AND ");
    }
    params.addAll(owner.values().apply(ownerKey));
    params.add(key);
    return Jdbc.update(c, sql + SqlDialect.quote(keyColumn) + " = ?", params.toArray());
  }

  /** Insert columns: owner, scope, extra, key, value. */
  private List<String> columns() {
    List<String> cols = new ArrayList<>(owner.columns());
    if (scopeColumn != null) {
      cols.add(scopeColumn);
    }
    cols.addAll(extraColumns);
    cols.add(keyColumn);
    cols.add(valueColumn);
    return cols;
  }

  private Object[] row(K ownerKey, List<Object> extra, KeyValue kv) {
    List<Object> values = new ArrayList<>(owner.values().apply(ownerKey));
    values.addAll(List.of(scopeParams()));
    values.addAll(extra);
    values.add(kv.key());
    values.add(kv.value());
    return values.toArray();
  }
}
