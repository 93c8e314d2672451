package dev.trackway.store.jdbc.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.compat.PyJsonText;
import dev.trackway.compat.trace.SpanAggregation;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters on the metadata MLflow keeps in {@code trace_info} columns ({@code
 * mlflow.trace.tokenUsage}, {@code mlflow.trace.cost}; MLflow's {@code
 * get_trace_analytics_metadata_filter}): {@code IS NULL} when every column of the group is NULL,
 * {@code =} / {@code !=} only against the exact JSON text the read path synthesizes.
 */
final class AnalyticsMetadata {
  private AnalyticsMetadata() {}

  static void filter(SqlBuilder b, String key, String comparator, String value) {
    boolean tokens = key.equals(TraceKeys.TOKEN_USAGE);
    List<String> columns = tokens ? TraceKeys.TOKEN_COLUMNS : TraceKeys.COST_COLUMNS;
    StringBuilder exists = new StringBuilder("(");
    for (int i = 0; i < columns.size(); i++) {
      exists.append(i > 0 ? " OR " : "").append("trace_info.").append(columns.get(i));
      exists.append(" IS NOT NULL");
    }
    exists.append(")");
    switch (comparator) {
      case "IS NULL" -> {
        b.sql("NOT " + exists);
        return;
      }
      case "IS NOT NULL" -> {
        b.sql(exists.toString());
        return;
      }
      case "=", "!=" -> {}
      default ->
          throw MlflowException.invalidParameterValue(
              "Comparator '%s' is not supported for reserved metadata '%s'. Only '=', '!=', 'IS"
                  + " NULL', and 'IS NOT NULL' are supported.",
              comparator, key);
    }
    Map<String, Object> normalized = new LinkedHashMap<>();
    JsonNode parsed = PyJsonText.tryLoads(value);
    boolean subset = parsed != null && parsed.isObject();
    if (subset) {
      var it = parsed.fieldNames();
      while (it.hasNext()) {
        subset &= columns.contains(it.next());
      }
    }
    if (subset) {
      for (String k : columns) {
        JsonNode v = parsed.get(k);
        Object converted = null;
        if (v != null && v.isNumber()) {
          Number n = v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : v.doubleValue();
          converted = tokens ? SpanAggregation.tokenCount(n) : SpanAggregation.finiteFloat(n);
        }
        if (converted != null) {
          normalized.put(k, converted);
        }
      }
    }
    ObjectNode canonical = JsonNodeFactory.instance.objectNode();
    normalized.forEach(
        (k, v) -> {
          if (v instanceof Long l) {
            canonical.put(k, l);
          } else {
            canonical.put(k, (Double) v);
          }
        });
    boolean isCanonical = !normalized.isEmpty() && value.equals(PyJsonText.dumps(canonical));
    SqlBuilder matches = new SqlBuilder();
    if (isCanonical) {
      matches.sql("(");
      for (int i = 0; i < columns.size(); i++) {
        String col = "trace_info." + columns.get(i);
        matches.sql(i > 0 ? " AND " : "");
        Object v = normalized.get(columns.get(i));
        if (v == null) {
          matches.sql(col + " IS NULL");
        } else {
          matches.sql("(" + col + " IS NOT NULL AND " + col + " = ").param(v).sql(")");
        }
      }
      matches.sql(")");
    } else {
      matches.sql("1 = 0");
    }
    if (comparator.equals("=")) {
      b.append(matches);
    } else {
      b.sql("(" + exists + " AND NOT ").append(matches).sql(")");
    }
  }
}
