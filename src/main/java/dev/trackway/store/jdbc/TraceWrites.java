package dev.trackway.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.compat.MlflowUris;
import dev.trackway.compat.PyJsonText;
import dev.trackway.compat.trace.Previews;
import dev.trackway.compat.trace.SpanAggregation;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes the trace parts share: experiment checks, key/value rows, assessment rows. */
final class TraceWrites {
  private TraceWrites() {}

  /** What a trace needs of its experiment. */
  record ExperimentRow(int id, String artifactLocation, String lifecycleStage) {}

  /** The experiment, or MLflow's errors for an id that is not an integer or not found. */
  static ExperimentRow experiment(Connection c, String experimentId) throws SQLException {
    int id = JdbcExperimentStore.parseExperimentId(experimentId);
    ExperimentRow row =
        Jdbc.first(
            c,
            SqlQuery.of(
                "SELECT experiment_id, artifact_location, lifecycle_stage FROM experiments"
                    + " WHERE experiment_id = ?",
                id),
            rs -> new ExperimentRow(rs.getInt(1), rs.getString(2), rs.getString(3)));
    if (row == null) {
      throw StoreErrors.experimentNotFound(experimentId);
    }
    return row;
  }

  static void requireActive(ExperimentRow e) {
    StoreErrors.requireActive("experiment", e.id(), e.lifecycleStage());
  }

  /** {@code <experiment artifact location>/traces/<trace id>/artifacts}. */
  static String artifactLocation(ExperimentRow e, String traceId) {
    return MlflowUris.appendToUri(e.artifactLocation(), "traces", traceId, "artifacts");
  }

  static MlflowException traceNotFound(String traceId) {
    return MlflowException.resourceDoesNotExist("Trace with ID '%s' not found.", traceId);
  }

  /** Upserts key/value rows of a trace (trace_tags or trace_request_metadata) in one batch. */
  static void upsertPairs(
      SqlDialect d, Connection c, String table, List<String[]> rows /* request_id, key, value */)
      throws SQLException {
    Jdbc.batch(
        c,
        d.upsert(
            table,
            List.of("request_id", "key", "value"),
            List.of("key", "request_id"),
            List.of("value")),
        rows,
        r -> new Object[] {r[0], r[1], r[2]});
  }

  /** The rows of one trace's pairs, keys sorted (MLflow writes metadata in key order). */
  static List<String[]> rows(String traceId, Map<String, String> pairs, boolean sorted) {
    Map<String, String> m = sorted ? new TreeMap<>(pairs) : pairs;
    List<String[]> out = new ArrayList<>(m.size());
    m.forEach((k, v) -> out.add(new String[] {traceId, k, v}));
    return out;
  }

  /**
   * MLflow's {@code analytics_columns_from_metadata}: the columns that hold the session, token
   * usage and cost metadata; a present key whose value is not a valid number sets its column NULL.
   */
  static Map<String, Object> analyticsColumns(Map<String, String> metadata) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (metadata.containsKey(TraceKeys.SESSION)) {
      out.put("session_id", metadata.get(TraceKeys.SESSION));
    }
    if (metadata.containsKey(TraceKeys.TOKEN_USAGE)) {
      JsonNode usage = object(metadata.get(TraceKeys.TOKEN_USAGE));
      for (String col : TraceKeys.TOKEN_COLUMNS) {
        if (usage != null && usage.has(col)) {
          out.put(col, SpanAggregation.tokenCount(number(usage.get(col))));
        }
      }
    }
    if (metadata.containsKey(TraceKeys.COST)) {
      JsonNode cost = object(metadata.get(TraceKeys.COST));
      for (String col : TraceKeys.COST_COLUMNS) {
        if (cost != null && cost.has(col)) {
          out.put(col, SpanAggregation.finiteFloat(number(cost.get(col))));
        }
      }
    }
    return out;
  }

  private static JsonNode object(String json) {
    JsonNode n = PyJsonText.tryLoads(json);
    return n != null && n.isObject() ? n : null;
  }

  private static Number number(JsonNode v) {
    if (v == null || !v.isNumber()) {
      if (v != null && v.isTextual()) {
        try {
          return new java.math.BigDecimal(v.textValue().strip()).doubleValue();
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }
    return v.isIntegralNumber() && v.canConvertToLong() ? v.longValue() : v.doubleValue();
  }

  /** Metadata without the keys MLflow keeps in columns. */
  static Map<String, String> withoutPromoted(Map<String, String> metadata) {
    Map<String, String> out = new LinkedHashMap<>(metadata);
    TraceRows.PROMOTED_METADATA.forEach(out::remove);
    return out;
  }

  static String clipPreview(String preview) {
    return Previews.clip(preview);
  }

  // ------------------------------------------------------------------ assessments

  static final List<String> ASSESSMENT_INSERT_COLUMNS =
      List.of(
          "assessment_id",
          "trace_id",
          "name",
          "assessment_type",
          "value",
          "error",
          "created_timestamp",
          "last_updated_timestamp",
          "source_type",
          "source_id",
          "run_id",
          "span_id",
          "rationale",
          "overrides",
          "valid",
          "assessment_metadata",
          "experiment_id",
          "trace_timestamp_ms",
          "aggregate_value",
          "is_numeric_value");

  /** The insert values of an assessment row (columns of {@link #ASSESSMENT_INSERT_COLUMNS}). */
  static Object[] assessmentRow(Assessment a, int experimentId, long traceTimestampMs) {
    Object[] agg = aggregate(a.value());
    return new Object[] {
      a.assessmentId(),
      a.traceId(),
      a.name(),
      a.type(),
      a.value(),
      a.error(),
      a.createdTimestampMs(),
      a.lastUpdatedTimestampMs(),
      a.sourceType(),
      a.sourceId(),
      a.runId(),
      a.spanId(),
      a.rationale(),
      a.overrides(),
      a.valid(),
      metadataJson(a.metadata()),
      experimentId,
      traceTimestampMs,
      agg[0],
      agg[1]
    };
  }

  static String metadataJson(Map<String, String> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return null;
    }
    var obj = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    metadata.forEach(obj::put);
    return PyJsonText.dumps(obj);
  }

  /**
   * MLflow's {@code assessment_aggregate}: booleans 1.0/0.0 (not numeric), finite numbers
   * (numeric), "yes"/"no" 1.0/0.0; returns {aggregate_value, is_numeric_value}.
   */
  static Object[] aggregate(String valueJson) {
    JsonNode v = PyJsonText.tryLoads(valueJson);
    if (v != null) {
      if (v.isBoolean()) {
        return new Object[] {v.booleanValue() ? 1.0 : 0.0, false};
      }
      if (v.isNumber()) {
        double d = v.doubleValue();
        return Double.isFinite(d) ? new Object[] {d, true} : new Object[] {null, false};
      }
      if (v.isTextual()) {
        String s = v.textValue().strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("yes") || s.equals("no")) {
          return new Object[] {s.equals("yes") ? 1.0 : 0.0, false};
        }
      }
    }
    return new Object[] {null, false};
  }
}
