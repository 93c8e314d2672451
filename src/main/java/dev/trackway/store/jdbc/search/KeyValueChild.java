package dev.trackway.store.jdbc.search;

import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import java.util.List;

/**
 * A key/value table owned by a searched entity (its tags or params), and the {@code EXISTS}
 * subqueries that filter on it: {@code EXISTS (SELECT 1 FROM <table> a WHERE a.<owner> =
 * <entity>.<owner> AND <key> ...)}. Value comparisons match the key case-sensitively where MLflow
 * does ({@code exactKey}); {@code IS [NOT] NULL} always uses a plain {@code =}, as MLflow.
 */
record KeyValueChild(
    String table,
    String entity,
    List<String> ownerColumns,
    String keyColumn,
    String valueColumn,
    boolean exactKey) {

  static final KeyValueChild EXPERIMENT_TAGS =
      new KeyValueChild(
          "experiment_tags", "experiments", List.of("experiment_id"), "key", "value", true);
  static final KeyValueChild RUN_TAGS =
      new KeyValueChild("tags", "runs", List.of("run_uuid"), "key", "value", true);
  static final KeyValueChild RUN_PARAMS =
      new KeyValueChild("params", "runs", List.of("run_uuid"), "key", "value", true);
  static final KeyValueChild RUN_LATEST_METRICS =
      new KeyValueChild("latest_metrics", "runs", List.of("run_uuid"), "key", "value", true);
  static final KeyValueChild LOGGED_MODEL_TAGS =
      new KeyValueChild(
          "logged_model_tags", "logged_models", List.of("model_id"), "tag_key", "tag_value", false);
  static final KeyValueChild LOGGED_MODEL_PARAMS =
      new KeyValueChild(
          "logged_model_params",
          "logged_models",
          List.of("model_id"),
          "param_key",
          "param_value",
          false);

  /** The tags of a registry table, joined on the workspace and the given owner columns. */
  static KeyValueChild registryTags(String tagTable, String entity, List<String> ownerColumns) {
    return new KeyValueChild(tagTable, entity, ownerColumns, "`key`", "value", true);
  }

  /**
   * {@code EXISTS (SELECT 1 FROM table a WHERE <owner join> AND <key>}: the caller adds the value
   * conditions and the closing parenthesis.
   */
  void open(SqlDialect d, SqlBuilder b, String a, String key) {
    b.sql("EXISTS (SELECT 1 FROM " + table + " " + a + " WHERE ");
    for (String col : ownerColumns) {
      b.sql(a + "." + col + " = " + entity + "." + col + " AND ");
    }
    if (exactKey) {
      d.keyEquals(b, a + "." + keyColumn, key);
    } else {
      b.sql(a + "." + keyColumn + " = ").param(key);
    }
  }

  /** A row with this key whose value compares as asked. */
  void matches(SqlDialect d, SqlBuilder b, String a, String key, String comparator, Object value) {
    open(d, b, a, key);
    b.sql(" AND ");
    d.compareString(b, a + "." + valueColumn, comparator, value);
    b.sql(")");
  }

  /** MLflow's {@code IS NULL} ({@code present} false) and {@code IS NOT NULL} on a key. */
  void presence(SqlBuilder b, String a, String key, boolean present) {
    b.sql(present ? "EXISTS" : "NOT EXISTS");
    b.sql(" (SELECT 1 FROM " + table + " " + a + " WHERE ");
    for (String col : ownerColumns) {
      b.sql(a + "." + col + " = " + entity + "." + col + " AND ");
    }
    b.sql(a + "." + keyColumn + " = ").param(key).sql(")");
  }
}
