package dev.trackway.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.compat.PyJsonText;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reading traces: the columns of {@code trace_info}, and the infos of many traces built with one
 * query per child table (tags, metadata, assessments) whatever their number, as MLflow's {@code
 * SqlTraceInfo.to_mlflow_entity} builds one: the trace name column is the tag {@code
 * mlflow.traceName}; session, token usage and cost columns are the metadata MLflow synthesizes.
 */
final class TraceRows {
  private TraceRows() {}

  static final String INFO_FINALIZED = "mlflow.trace.infoFinalized";
  static final Set<String> PROMOTED_METADATA =
      Set.of(TraceKeys.SESSION, TraceKeys.TOKEN_USAGE, TraceKeys.COST);

  /** The select list of {@link #ROW}, qualified. */
  static final String COLUMNS =
      "trace_info.request_id, trace_info.experiment_id, trace_info.timestamp_ms,"
          + " trace_info.execution_time_ms, trace_info.status, trace_info.client_request_id,"
          + " trace_info.request_preview, trace_info.response_preview, trace_info.trace_name,"
          + " trace_info.session_id, trace_info.input_tokens, trace_info.output_tokens,"
          + " trace_info.total_tokens, trace_info.cache_read_input_tokens,"
          + " trace_info.cache_creation_input_tokens,"
          + " trace_info.cache_creation_input_tokens_above_1hr, trace_info.input_cost,"
          + " trace_info.output_cost, trace_info.total_cost";

  /** One {@code trace_info} row. */
  record Row(
      String requestId,
      int experimentId,
      long timestampMs,
      Long executionTimeMs,
      String status,
      String clientRequestId,
      String requestPreview,
      String responsePreview,
      String traceName,
      String sessionId,
      Long[] tokens,
      Double[] costs) {}

  static final RowMapper<Row> ROW =
      rs -> {
        Long[] tokens = new Long[TraceKeys.TOKEN_COLUMNS.size()];
        for (int i = 0; i < tokens.length; i++) {
          tokens[i] = Jdbc.getLong(rs, 11 + i);
        }
        Double[] costs = new Double[TraceKeys.COST_COLUMNS.size()];
        for (int i = 0; i < costs.length; i++) {
          costs[i] = getDouble(rs, 17 + i);
        }
        return new Row(
            rs.getString(1),
            rs.getInt(2),
            rs.getLong(3),
            Jdbc.getLong(rs, 4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            rs.getString(9),
            rs.getString(10),
            tokens,
            costs);
      };

  static Double getDouble(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  static final KeyedQuery<String> ROWS =
      KeyedQuery.of(
          "SELECT " + COLUMNS + " FROM trace_info WHERE {keys}", Keys.in("trace_info.request_id"));
  private static final KeyedQuery<String> TAGS =
      KeyedQuery.of(
          "SELECT request_id, `key`, value FROM trace_tags WHERE {keys} ORDER BY request_id, `key`",
          Keys.in("request_id"));
  private static final KeyedQuery<String> METADATA =
      KeyedQuery.of(
          "SELECT request_id, `key`, value FROM trace_request_metadata WHERE {keys}"
              + " ORDER BY request_id, `key`",
          Keys.in("request_id"));
  static final String ASSESSMENT_COLUMNS =
      "assessment_id, trace_id, name, assessment_type, value, error, created_timestamp,"
          + " last_updated_timestamp, source_type, source_id, run_id, span_id, rationale,"
          + " overrides, valid, assessment_metadata";
  private static final KeyedQuery<String> ASSESSMENTS =
      KeyedQuery.of(
          "SELECT "
              + ASSESSMENT_COLUMNS
              + " FROM assessments WHERE {keys} ORDER BY trace_id, created_timestamp,"
              + " assessment_id",
          Keys.in("trace_id"));

  static final RowMapper<Assessment> ASSESSMENT =
      rs ->
          new Assessment(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getString(6),
              rs.getLong(7),
              rs.getLong(8),
              rs.getString(9),
              rs.getString(10),
              rs.getString(11),
              rs.getString(12),
              rs.getString(13),
              rs.getString(14),
              rs.getBoolean(15),
              metadata(rs.getString(16)));

  private static Map<String, String> metadata(String json) {
    if (json == null) {
      return null;
    }
    JsonNode n = PyJsonText.tryLoads(json);
    if (n == null || !n.isObject()) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    n.fields()
        .forEachRemaining(
            e ->
                out.put(
                    e.getKey(),
                    e.getValue().isTextual()
                        ? e.getValue().textValue()
                        : PyJsonText.dumps(e.getValue())));
    return out;
  }

  /** The rows of these traces (absent ones left out). */
  static Map<String, Row> rows(Connection c, List<String> ids) throws SQLException {
    Map<String, Row> out = new HashMap<>();
    for (Row r : ROWS.list(c, ids, ROW)) {
      out.put(r.requestId(), r);
    }
    return out;
  }

  /** The infos of these rows, by id, with one query per child table. */
  static Map<String, TraceInfo> infos(Connection c, List<Row> rows) throws SQLException {
    List<String> ids = rows.stream().map(Row::requestId).toList();
    Map<String, Map<String, String>> tags = pairs(c, TAGS, ids);
    Map<String, Map<String, String>> metadata = pairs(c, METADATA, ids);
    Map<String, List<Assessment>> assessments =
        ASSESSMENTS.group(c, ids, rs -> rs.getString(2), ASSESSMENT);
    Map<String, TraceInfo> out = new LinkedHashMap<>();
    for (Row r : rows) {
      out.put(
          r.requestId(),
          info(
              r,
              tags.getOrDefault(r.requestId(), Map.of()),
              metadata.getOrDefault(r.requestId(), Map.of()),
              assessments.getOrDefault(r.requestId(), List.of())));
    }
    return out;
  }

  private static Map<String, Map<String, String>> pairs(
      Connection c, KeyedQuery<String> q, List<String> ids) throws SQLException {
    Map<String, Map<String, String>> out = new HashMap<>();
    q.forEach(
        c,
        ids,
        rs ->
            out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                .put(rs.getString(2), rs.getString(3)));
    return out;
  }

  static TraceInfo info(
      Row r,
      Map<String, String> tagRows,
      Map<String, String> metadataRows,
      List<Assessment> assessments) {
    Map<String, String> tags = new LinkedHashMap<>();
    tagRows.forEach(
        (k, v) -> {
          if (!k.equals(TraceKeys.TRACE_NAME)) {
            tags.put(k, v);
          }
        });
    if (r.traceName() != null) {
      tags.put(TraceKeys.TRACE_NAME, r.traceName());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadataRows.forEach(
        (k, v) -> {
          if (!PROMOTED_METADATA.contains(k)) {
            metadata.put(k, v);
          }
        });
    metadata.putAll(columnMetadata(r));
    return new TraceInfo(
        r.requestId(),
        Integer.toString(r.experimentId()),
        r.timestampMs(),
        r.executionTimeMs(),
        r.status(),
        r.clientRequestId(),
        r.requestPreview(),
        r.responsePreview(),
        metadata,
        tags,
        assessments);
  }

  /** {@code key}: the JSON object of the columns' values that are set, unless none is. */
  private static void putColumns(
      Map<String, String> out, String key, List<String> columns, Number[] values) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < columns.size(); i++) {
      if (values[i] instanceof Long l) {
        json.put(columns.get(i), l);
      } else if (values[i] instanceof Double d) {
        json.put(columns.get(i), d);
      }
    }
    if (!json.isEmpty()) {
      out.put(key, PyJsonText.dumps(json));
    }
  }

  /** MLflow's {@code compatibility_metadata_from_columns}. */
  static Map<String, String> columnMetadata(Row r) {
    Map<String, String> out = new LinkedHashMap<>();
    if (r.sessionId() != null) {
      out.put(TraceKeys.SESSION, r.sessionId());
    }
    putColumns(out, TraceKeys.TOKEN_USAGE, TraceKeys.TOKEN_COLUMNS, r.tokens());
    putColumns(out, TraceKeys.COST, TraceKeys.COST_COLUMNS, r.costs());
    return out;
  }

  /** The trace row, locked for update in the current transaction; null when there is none. */
  static Row lockRow(Connection c, SqlDialect d, String id) throws SQLException {
    return Jdbc.first(
        c,
        SqlQuery.of(
            "SELECT " + COLUMNS + " FROM trace_info WHERE request_id = ?" + d.forUpdate(), id),
        ROW);
  }

  /**
   * The traces of these ids that exist, in the ids' order; with {@code experimentIds}, those in
   * these experiments only.
   */
  static List<TraceInfo> load(Connection c, List<String> ids, List<String> experimentIds)
      throws SQLException {
    List<TraceInfo> infos = load(c, ids);
    return experimentIds == null
        ? infos
        : infos.stream().filter(i -> experimentIds.contains(i.experimentId())).toList();
  }

  /** The infos of these traces in the order given (absent ones left out). */
  static List<TraceInfo> load(Connection c, List<String> ids) throws SQLException {
    return new ArrayList<>(infos(c, Rows.inKeyOrder(ids, rows(c, ids))).values());
  }
}
