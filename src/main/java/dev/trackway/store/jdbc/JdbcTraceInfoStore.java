package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.TraceWrites.traceNotFound;

import dev.trackway.domain.Page;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TraceStore;
import dev.trackway.store.jdbc.TraceWrites.ExperimentRow;
import dev.trackway.store.jdbc.search.TraceSearch;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqliteFunctions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace-row part of {@link JdbcTraceStore}: StartTraceV3 (insert or merge into the row the
 * spans created), the v2 start/end, reads and search ({@code trace_info}, {@code trace_tags},
 * {@code trace_request_metadata}).
 */
interface JdbcTraceInfoStore extends TraceStore, JdbcStorePart {
  List<String> TRACE_INFO_INSERT =
      List.of(
          "request_id",
          "experiment_id",
          "timestamp_ms",
          "execution_time_ms",
          "status",
          "client_request_id",
          "request_preview",
          "response_preview",
          "trace_name");

  @Override
  default TraceInfo startTrace(TraceInfo info) {
    return write(
        c -> {
          SqlDialect d = db().dialect();
          ExperimentRow e = TraceWrites.experiment(c, info.experimentId());
          TraceWrites.requireActive(e);
          String id = info.traceId();
          Map<String, String> metadata = new LinkedHashMap<>(info.metadata());
          Map<String, Object> analytics = TraceWrites.analyticsColumns(metadata);
          metadata = TraceWrites.withoutPromoted(metadata);
          metadata.put(TraceRows.INFO_FINALIZED, "true");
          Map<String, String> tags = new LinkedHashMap<>(info.tags());
          boolean hasName = tags.containsKey(TraceKeys.TRACE_NAME);
          String traceName = tags.remove(TraceKeys.TRACE_NAME);
          tags.put(TraceKeys.ARTIFACT_LOCATION, TraceWrites.artifactLocation(e, id));
          String requestPreview = TraceWrites.clipPreview(info.requestPreview());
          String responsePreview = TraceWrites.clipPreview(info.responsePreview());

          boolean inserted =
              insertTraceRow(
                  c,
                  d,
                  id,
                  e.id(),
                  info.requestTimeMs(),
                  info.executionTimeMs(),
                  info.state(),
                  info.clientRequestId(),
                  requestPreview,
                  responsePreview,
                  traceName,
                  analytics);
          if (!inserted) {
            mergeTraceRow(
                c,
                id,
                e.id(),
                info,
                hasName,
                traceName,
                analytics,
                requestPreview,
                responsePreview);
          }
          TraceWrites.upsertPairs(d, c, "trace_tags", TraceWrites.rows(id, tags, false));
          TraceWrites.upsertPairs(
              d, c, "trace_request_metadata", TraceWrites.rows(id, metadata, true));
          List<Assessment> assessments =
              info.assessments() == null ? List.of() : info.assessments();
          if (!assessments.isEmpty()) {
            List<String> ids = assessments.stream().map(Assessment::assessmentId).toList();
            String foreign =
                Jdbc.first(
                    c,
                    new SqlBuilder()
                        .sql("SELECT assessment_id FROM assessments WHERE assessment_id IN ")
                        .paramList(ids)
                        .sql(" AND trace_id <> ")
                        .param(id)
                        .build(),
                    rs -> rs.getString(1));
            if (foreign != null) {
              throw MlflowException.invalidParameterValue(
                  "Assessment with ID '%s' belongs to another trace.", foreign);
            }
            List<String> cols = TraceWrites.ASSESSMENT_INSERT_COLUMNS;
            Jdbc.batch(
                c,
                d.upsert(
                    "assessments", cols, List.of("assessment_id"), cols.subList(1, cols.size())),
                assessments,
                a -> TraceWrites.assessmentRow(a, e.id(), info.requestTimeMs()));
          }
          if (!inserted) {
            Jdbc.update(c, "UPDATE spans SET experiment_id = ? WHERE trace_id = ?", e.id(), id);
            Jdbc.update(
                c,
                "UPDATE assessments SET experiment_id = ?, trace_timestamp_ms = ?"
                    + " WHERE trace_id = ?",
                e.id(),
                info.requestTimeMs(),
                id);
          }
          return TraceRows.load(c, List.of(id)).get(0);
        });
  }

  /** Inserts the trace row; false when a row with this id exists already. */
  private boolean insertTraceRow(
      Connection c,
      SqlDialect d,
      String id,
      int experimentId,
      long timestampMs,
      Long executionTimeMs,
      String status,
      String clientRequestId,
      String requestPreview,
      String responsePreview,
      String traceName,
      Map<String, Object> analytics)
      throws SQLException {
    List<String> cols = new ArrayList<>(TRACE_INFO_INSERT);
    List<Object> values =
        new ArrayList<>(
            java.util.Arrays.asList(
                id,
                experimentId,
                timestampMs,
                executionTimeMs,
                status,
                clientRequestId,
                requestPreview,
                responsePreview,
                traceName));
    analytics.forEach(
        (col, v) -> {
          cols.add(col);
          values.add(v);
        });
    try {
      Jdbc.update(c, new SqlQuery(SqlDialect.insert("trace_info", cols), values));
      return true;
    } catch (SQLException ex) {
      if (d.isUniqueViolation(ex)) {
        return false;
      }
      throw ex;
    }
  }

  /** StartTraceV3 on a trace the spans created: overwrite the top-level fields MLflow does. */
  private void mergeTraceRow(
      Connection c,
      String id,
      int experimentId,
      TraceInfo info,
      boolean hasName,
      String traceName,
      Map<String, Object> analytics,
      String requestPreview,
      String responsePreview)
      throws SQLException {
    TraceRows.Row row = TraceRows.lockRow(c, db().dialect(), id);
    if (row == null) {
      throw MlflowException.resourceDoesNotExist("Trace with ID '%s' no longer exists.", id);
    }
    if (row.experimentId() != experimentId) {
      throw MlflowException.invalidParameterValue(
          "Trace with ID '%s' already exists in another experiment.", id);
    }
    if (!bumpGeneration(c, List.of(id))) {
      throw new MlflowException(
          dev.trackway.error.ErrorCode.INVALID_STATE,
          "Cannot update traces that are no longer DB-backed: '" + id + "'.");
    }
    SqlBuilder b = new SqlBuilder().sql("UPDATE trace_info SET timestamp_ms = ");
    b.param(info.requestTimeMs());
    b.sql(", execution_time_ms = ").param(info.executionTimeMs());
    b.sql(", status = ").param(info.state());
    b.sql(", client_request_id = ").param(info.clientRequestId());
    if (hasName) {
      b.sql(", trace_name = ").param(traceName);
    }
    for (Map.Entry<String, Object> a : analytics.entrySet()) {
      b.sql(", " + a.getKey() + " = ").param(a.getValue());
    }
    if (requestPreview != null) {
      b.sql(", request_preview = ").param(requestPreview);
    }
    if (responsePreview != null) {
      b.sql(", response_preview = ").param(responsePreview);
    }
    b.sql(" WHERE request_id = ").param(id);
    Jdbc.update(c, b.build());
  }

  /**
   * MLflow's payload-generation bump: +1 for each trace whose spans are kept in the database; false
   * when some trace is not (archived elsewhere).
   */
  static boolean bumpGeneration(Connection c, List<String> ids) throws SQLException {
    int n =
        Jdbc.update(
            c,
            new SqlBuilder()
                .sql(
                    "UPDATE trace_info SET db_payload_generation = db_payload_generation + 1"
                        + " WHERE request_id IN ")
                .paramList(ids)
                .sql(
                    " AND NOT EXISTS (SELECT 1 FROM trace_tags t WHERE t.request_id ="
                        + " trace_info.request_id AND t.`key` = ")
                .param(TraceKeys.SPANS_LOCATION)
                .sql(" AND t.value <> ")
                .param(TraceKeys.TRACKING_STORE)
                .sql(")")
                .build());
    return n == ids.size();
  }

  @Override
  default TraceInfo startTraceV2(
      String experimentId,
      long timestampMs,
      Map<String, String> metadata,
      Map<String, String> tags) {
    return write(
        c -> {
          SqlDialect d = db().dialect();
          ExperimentRow e = TraceWrites.experiment(c, experimentId);
          TraceWrites.requireActive(e);
          String id = Rows.newId();
          Map<String, String> t = new LinkedHashMap<>(tags);
          String traceName = t.remove(TraceKeys.TRACE_NAME);
          t.put(TraceKeys.ARTIFACT_LOCATION, TraceWrites.artifactLocation(e, id));
          insertTraceRow(
              c,
              d,
              id,
              e.id(),
              timestampMs,
              null,
              "IN_PROGRESS",
              null,
              null,
              null,
              traceName,
              TraceWrites.analyticsColumns(metadata));
          return upsertPairsAndLoad(d, c, id, metadata, t);
        });
  }

  @Override
  default TraceInfo endTraceV2(
      String requestId,
      long timestampMs,
      String status,
      Map<String, String> metadata,
      Map<String, String> tags) {
    return write(
        c -> {
          SqlDialect d = db().dialect();
          TraceRows.Row row = TraceRows.rows(c, List.of(requestId)).get(requestId);
          if (row == null) {
            throw traceNotFound(requestId);
          }
          SqlBuilder b = new SqlBuilder().sql("UPDATE trace_info SET execution_time_ms = ");
          b.param(timestampMs - row.timestampMs()).sql(", status = ").param(status);
          for (Map.Entry<String, Object> a : TraceWrites.analyticsColumns(metadata).entrySet()) {
            b.sql(", " + a.getKey() + " = ").param(a.getValue());
          }
          Map<String, String> t = new LinkedHashMap<>(tags);
          if (t.containsKey(TraceKeys.TRACE_NAME)) {
            b.sql(", trace_name = ").param(t.remove(TraceKeys.TRACE_NAME));
          }
          b.sql(" WHERE request_id = ").param(requestId);
          Jdbc.update(c, b.build());
          return upsertPairsAndLoad(d, c, requestId, metadata, t);
        });
  }

  /** The user metadata and the tags of a v2 start/end upserted, then the trace read back. */
  private static TraceInfo upsertPairsAndLoad(
      SqlDialect d, Connection c, String id, Map<String, String> metadata, Map<String, String> tags)
      throws SQLException {
    TraceWrites.upsertPairs(
        d,
        c,
        "trace_request_metadata",
        TraceWrites.rows(id, TraceWrites.withoutPromoted(metadata), true));
    TraceWrites.upsertPairs(d, c, "trace_tags", TraceWrites.rows(id, tags, false));
    return TraceRows.load(c, List.of(id)).get(0);
  }

  @Override
  default TraceInfo getTraceInfo(String traceId) {
    return read(
        c -> {
          List<TraceInfo> infos = TraceRows.load(c, List.of(traceId));
          return infos.isEmpty() ? null : infos.get(0);
        });
  }

  @Override
  default List<TraceInfo> getTraceInfos(List<String> traceIds, List<String> experimentIds) {
    if (traceIds.isEmpty()) {
      return List.of();
    }
    return read(c -> TraceRows.load(c, new ArrayList<>(traceIds), experimentIds));
  }

  @Override
  default Page<TraceInfo> searchTraces(
      List<String> experimentIds,
      String filter,
      List<String> orderBy,
      int maxResults,
      String pageToken) {
    List<Integer> ids = experimentIds(experimentIds);
    // MLflow checks order_by and filter before the page token
    TraceSearch.build(TraceRows.COLUMNS, ids, filter, orderBy, 0, 0, db().vendor());
    int offset = PageToken.decodeOffset(pageToken);
    SqlQuery q =
        TraceSearch.build(
            TraceRows.COLUMNS, ids, filter, orderBy, maxResults + 1, offset, db().vendor());
    return read(
        c -> {
          SqliteFunctions.register(c, db().vendor());
          List<TraceRows.Row> rows = Jdbc.list(c, q, TraceRows.ROW);
          boolean more = rows.size() > maxResults;
          List<TraceRows.Row> page = more ? rows.subList(0, maxResults) : rows;
          List<TraceInfo> infos = new ArrayList<>(TraceRows.infos(c, page).values());
          return new Page<>(infos, more ? PageToken.encode((long) offset + maxResults) : null);
        });
  }

  @Override
  default long countTraces(List<String> experimentIds, String filter) {
    SqlQuery q = TraceSearch.count(experimentIds(experimentIds), filter, db().vendor());
    return read(
        c -> {
          SqliteFunctions.register(c, db().vendor());
          return Jdbc.first(c, q, rs -> rs.getLong(1));
        });
  }

  /** Experiment ids as integers; ids that are not integers match nothing, as in MLflow. */
  private static List<Integer> experimentIds(List<String> experimentIds) {
    List<Integer> out = new ArrayList<>();
    for (String id : experimentIds) {
      try {
        out.add(Integer.parseInt(id.strip()));
      } catch (RuntimeException e) {
        throw MlflowException.invalidParameterValue(
            "Invalid experiment ID '%s'. Experiment ID must be a valid integer.", id);
      }
    }
    return out;
  }
}
