package dev.trackway.store.jdbc;

import dev.trackway.compat.otlp.OtlpSpans;
import dev.trackway.compat.trace.SpanAggregation;
import dev.trackway.domain.trace.SpanNode;
import dev.trackway.domain.trace.SpanRow;
import dev.trackway.domain.trace.Trace;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.domain.trace.TraceSpanBatch;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TraceStore;
import dev.trackway.store.jdbc.TraceWrites.ExperimentRow;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The span part of {@link JdbcTraceStore}: MLflow's {@code log_spans} as one transaction with a
 * fixed number of statements per request, and the spans of traces for reads.
 *
 * <p>Statements of one export request: lock the existing trace rows; look up the experiment and
 * insert the missing trace rows and their artifact-location tags (batched); upsert every span
 * (batched); read the finalization markers (only if some trace carries token usage, cost or a
 * session); re-read the stored usage/cost of spans of pre-existing traces that need a recompute;
 * one batched UPDATE of the trace rows (with the payload-generation bump); move assessment
 * timestamps; insert the user metadata; upsert the tags. A concurrent StartTraceV3 that creates a
 * trace between the lock and the insert makes the whole transaction run again.
 */
interface JdbcSpanStore extends TraceStore, JdbcStorePart {
  int MAX_CREATE_ATTEMPTS = 10;
  List<String> SPAN_COLUMNS =
      List.of(
          "trace_id",
          "experiment_id",
          "span_id",
          "parent_span_id",
          "name",
          "type",
          "status",
          "start_time_unix_nano",
          "end_time_unix_nano",
          "content",
          "input_cost",
          "output_cost",
          "total_cost",
          "model_name",
          "model_provider");
  KeyedQuery<String> SPAN_CONTENTS =
      KeyedQuery.of(
          "SELECT trace_id, content, parent_span_id, start_time_unix_nano FROM spans"
              + " WHERE {keys}",
          Keys.in("trace_id"));

  /** Thrown inside the transaction when a concurrent writer created one of the traces. */
  final class CreateRace extends RuntimeException {
    CreateRace() {
      super(null, null, false, false);
    }
  }

  @Override
  default void logSpans(String experimentId, List<TraceSpanBatch> traces) {
    if (traces.isEmpty()) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        write(c -> logSpansOnce(c, experimentId, traces));
        return;
      } catch (CreateRace race) {
        if (attempt >= MAX_CREATE_ATTEMPTS) {
          throw MlflowException.internalError(
              "Could not create the traces of the span batch after %d attempts", attempt);
        }
      }
    }
  }

  private Void logSpansOnce(Connection c, String experimentId, List<TraceSpanBatch> traces)
      throws SQLException {
    SqlDialect d = db().dialect();
    List<String> ids = traces.stream().map(TraceSpanBatch::traceId).sorted().toList();
    Map<String, TraceSpanBatch> byId = new HashMap<>();
    traces.forEach(t -> byId.put(t.traceId(), t));

    // 1. lock the rows that exist (in id order, like MLflow, to avoid deadlocks)
    Map<String, TraceRows.Row> existing = new HashMap<>();
    for (List<String> chunk : Keys.chunks(ids, Keys.IN_CHUNK)) {
      SqlQuery q =
          new SqlBuilder()
              .sql("SELECT " + TraceRows.COLUMNS + " FROM trace_info WHERE request_id IN ")
              .paramList(chunk)
              .sql(" ORDER BY request_id" + d.forUpdate())
              .build();
      for (TraceRows.Row r : Jdbc.list(c, q, TraceRows.ROW)) {
        existing.put(r.requestId(), r);
      }
    }

    // 2. create the missing traces
    Set<String> created = new HashSet<>();
    List<String> missing = ids.stream().filter(id -> !existing.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      ExperimentRow e = TraceWrites.experiment(c, experimentId);
      List<Object[]> rows = new ArrayList<>();
      List<String[]> tags = new ArrayList<>();
      for (String id : missing) {
        TraceSpanBatch t = byId.get(id);
        Long exec =
            t.maxEndMs() == null || t.maxEndMs() == 0 ? null : t.maxEndMs() - t.minStartMs();
        String status = t.rootStatus() == null ? "IN_PROGRESS" : t.rootStatus();
        rows.add(new Object[] {id, e.id(), t.minStartMs(), exec, status});
        tags.add(
            new String[] {id, TraceKeys.ARTIFACT_LOCATION, TraceWrites.artifactLocation(e, id)});
      }
      try {
        Jdbc.batch(
            c,
            SqlDialect.insert(
                "trace_info",
                List.of(
                    "request_id", "experiment_id", "timestamp_ms", "execution_time_ms", "status")),
            rows,
            r -> r);
      } catch (SQLException ex) {
        if (d.isUniqueViolation(ex)) {
          throw new CreateRace();
        }
        throw ex;
      }
      TraceWrites.upsertPairs(d, c, "trace_tags", tags);
      for (Object[] r : rows) {
        String id = (String) r[0];
        created.add(id);
        existing.put(
            id,
            new TraceRows.Row(
                id,
                e.id(),
                (Long) r[2],
                (Long) r[3],
                (String) r[4],
                null,
                null,
                null,
                null,
                null,
                new Long[TraceKeys.TOKEN_COLUMNS.size()],
                new Double[TraceKeys.COST_COLUMNS.size()]));
      }
    }

    // 3. never write into a trace of another experiment
    for (String id : ids) {
      if (!String.valueOf(existing.get(id).experimentId()).equals(experimentId.strip())) {
        throw MlflowException.invalidParameterValue(
            "Trace with ID '%s' already exists in another experiment.", id);
      }
    }

    // 4. upsert the spans
    List<SpanRow> spans = new ArrayList<>();
    Set<String> batchSpanKeys = new HashSet<>();
    for (String id : ids) {
      for (SpanRow s : byId.get(id).spans()) {
        spans.add(s);
        batchSpanKeys.add(s.traceId() + "/" + s.spanId());
      }
    }
    List<String> updated =
        SPAN_COLUMNS.subList(1, SPAN_COLUMNS.size()).stream()
            .filter(col -> !col.equals("span_id"))
            .toList();
    Jdbc.batch(
        c,
        d.upsert("spans", SPAN_COLUMNS, List.of("trace_id", "span_id"), updated),
        spans,
        s ->
            new Object[] {
              s.traceId(),
              existing.get(s.traceId()).experimentId(),
              s.spanId(),
              s.parentSpanId(),
              s.name(),
              s.type(),
              s.status(),
              s.startTimeUnixNano(),
              s.endTimeUnixNano(),
              s.content(),
              s.inputCost(),
              s.outputCost(),
              s.totalCost(),
              s.modelName(),
              s.modelProvider()
            });

    // 5. traces whose info StartTraceV3 already finalized (looked up only where it matters)
    List<String> withAnalytics =
        ids.stream()
            .filter(
                id -> {
                  TraceSpanBatch t = byId.get(id);
                  return t.tokenUsage() != null || t.cost() != null || t.sessionId() != null;
                })
            .toList();
    Set<String> finalized = new HashSet<>();
    if (!withAnalytics.isEmpty()) {
      KeyedQuery.of(
              "SELECT request_id FROM trace_request_metadata WHERE `key` = ? AND {keys}",
              Keys.<String>in("request_id"))
          .forEach(
              c, withAnalytics, rs -> finalized.add(rs.getString(1)), TraceRows.INFO_FINALIZED);
    }

    // 6. token usage / cost of pre-existing traces: recomputed over all their stored spans
    Map<String, Boolean> recomputeUsage = new HashMap<>();
    Map<String, Boolean> recomputeCost = new HashMap<>();
    for (String id : ids) {
      if (created.contains(id)) {
        continue;
      }
      TraceSpanBatch t = byId.get(id);
      TraceRows.Row r = existing.get(id);
      boolean fin = finalized.contains(id);
      if (t.tokenUsage() != null && !(fin && anyNonNull(r.tokens()))) {
        recomputeUsage.put(id, true);
      }
      if (t.cost() != null && !(fin && anyNonNull(r.costs()))) {
        recomputeCost.put(id, true);
      }
    }
    Map<String, List<SpanNode>> storedNodes = new HashMap<>();
    Set<String> recompute = new HashSet<>(recomputeUsage.keySet());
    recompute.addAll(recomputeCost.keySet());
    if (!recompute.isEmpty()) {
      KeyedQuery.of(
              "SELECT trace_id, span_id, parent_span_id, content FROM spans WHERE {keys}",
              Keys.<String>in("trace_id"))
          .forEach(
              c,
              new ArrayList<>(recompute),
              rs -> {
                String traceId = rs.getString(1);
                String spanId = rs.getString(2);
                if (batchSpanKeys.contains(traceId + "/" + spanId)) {
                  return;
                }
                storedNodes
                    .computeIfAbsent(traceId, k -> new ArrayList<>())
                    .add(StoredSpans.node(spanId, rs.getString(3), rs.getString(4)));
              });
    }

    // 7. one UPDATE per trace, as one batch
    List<Object[]> updates = new ArrayList<>();
    List<Object[]> assessmentMoves = new ArrayList<>();
    List<String[]> userMetadata = new ArrayList<>();
    Map<String, Map<String, String>> tagWrites = new TreeMap<>();
    for (String id : ids) {
      TraceSpanBatch t = byId.get(id);
      TraceRows.Row r = existing.get(id);
      boolean fin = finalized.contains(id);
      boolean widen = !fin;
      boolean duration = widen && t.maxEndMs() != null;
      String status =
          (r.status().equals("IN_PROGRESS") || r.status().equals("STATE_UNSPECIFIED"))
                  && t.rootStatus() != null
              ? t.rootStatus()
              : null;
      String requestPreview =
          t.hasRootPreviews() && r.requestPreview() == null ? t.requestPreview() : null;
      String responsePreview =
          t.hasRootPreviews() && r.responsePreview() == null ? t.responsePreview() : null;
      boolean isNew = created.contains(id);
      Supplier<List<SpanNode>> all = () -> concat(t.nodes(), storedNodes.get(id));
      Map<String, Number> usage =
          aggregate(
              t.tokenUsage(), recomputeUsage.containsKey(id), isNew, all, SpanAggregation::usage);
      Map<String, Number> cost =
          aggregate(t.cost(), recomputeCost.containsKey(id), isNew, all, SpanAggregation::cost);
      String session = t.sessionId() != null && r.sessionId() == null ? t.sessionId() : null;
      List<Object> v = new ArrayList<>();
      // timestamp_ms, then execution_time_ms: on MySQL the second sees the first's new value,
      // exactly as in MLflow's statement
      v.add(widen ? 1 : 0);
      v.add(t.minStartMs());
      v.add(t.minStartMs());
      v.add(duration ? 1 : 0);
      v.add(t.maxEndMs());
      v.add(t.maxEndMs());
      v.add(t.minStartMs());
      v.add(t.minStartMs());
      v.add(status);
      v.add(requestPreview);
      v.add(responsePreview);
      v.add(t.traceName());
      for (String col : TraceKeys.TOKEN_COLUMNS) {
        v.add(usage == null ? null : SpanAggregation.tokenCount(usage.get(col)));
      }
      for (String col : TraceKeys.COST_COLUMNS) {
        v.add(cost == null ? null : SpanAggregation.finiteFloat(cost.get(col)));
      }
      v.add(session);
      v.add(id);
      v.add(TraceKeys.SPANS_LOCATION);
      v.add(TraceKeys.TRACKING_STORE);
      updates.add(v.toArray());
      if (widen && r.timestampMs() > t.minStartMs()) {
        assessmentMoves.add(new Object[] {t.minStartMs(), id});
      }
      if (t.userId() != null) {
        userMetadata.add(new String[] {id, "mlflow.trace.user", t.userId()});
      }
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put(TraceKeys.SPANS_LOCATION, TraceKeys.TRACKING_STORE);
      tags.putAll(t.tags());
      tagWrites.put(id, tags);
    }
    StringBuilder set = new StringBuilder("UPDATE trace_info SET ");
    set.append("timestamp_ms = CASE WHEN ? = 1 AND timestamp_ms > ? THEN ? ELSE timestamp_ms END");
    set.append(", execution_time_ms = CASE WHEN ? = 1 THEN (CASE WHEN timestamp_ms +")
        .append(" execution_time_ms > ? THEN timestamp_ms + execution_time_ms ELSE ? END) -")
        .append(" (CASE WHEN timestamp_ms > ? THEN ? ELSE timestamp_ms END)")
        .append(" ELSE execution_time_ms END");
    set.append(", status = COALESCE(?, status)");
    set.append(", request_preview = COALESCE(?, request_preview)");
    set.append(", response_preview = COALESCE(?, response_preview)");
    set.append(", trace_name = COALESCE(?, trace_name)");
    for (String col : TraceKeys.TOKEN_COLUMNS) {
      set.append(", ").append(col).append(" = COALESCE(?, ").append(col).append(")");
    }
    for (String col : TraceKeys.COST_COLUMNS) {
      set.append(", ").append(col).append(" = COALESCE(?, ").append(col).append(")");
    }
    set.append(", session_id = COALESCE(session_id, ?)");
    set.append(", db_payload_generation = db_payload_generation + 1");
    set.append(" WHERE request_id = ? AND NOT EXISTS (SELECT 1 FROM trace_tags t WHERE")
        .append(" t.request_id = trace_info.request_id AND t.`key` = ? AND t.value <> ?)");
    int[] counts = batchCounts(c, set.toString(), updates);
    for (int n : counts) {
      if (n == 0) {
        throw new MlflowException(
            dev.trackway.error.ErrorCode.INVALID_STATE,
            "Cannot log spans to traces that are no longer DB-backed.");
      }
    }
    Jdbc.batch(
        c,
        "UPDATE assessments SET trace_timestamp_ms = ? WHERE trace_id = ?",
        assessmentMoves,
        r -> r);
    Jdbc.batch(
        c,
        d.insertIgnoringDuplicates("trace_request_metadata", List.of("request_id", "key", "value")),
        userMetadata,
        r -> new Object[] {r[0], r[1], r[2]});
    List<String[]> tagRows = new ArrayList<>();
    tagWrites.forEach((id, tags) -> tagRows.addAll(TraceWrites.rows(id, tags, false)));
    TraceWrites.upsertPairs(d, c, "trace_tags", tagRows);
    return null;
  }

  private static boolean anyNonNull(Object[] values) {
    for (Object v : values) {
      if (v != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * A trace-level aggregate (token usage, cost) to write, if the batch has one: for a trace the
   * batch created, the batch's own; for one whose stored aggregate it changes, recomputed over the
   * stored and the new spans; else null (nothing to write).
   */
  private static Map<String, Number> aggregate(
      Map<String, Number> ofBatch,
      boolean changed,
      boolean created,
      Supplier<List<SpanNode>> all,
      Function<List<SpanNode>, Map<String, Number>> over) {
    if (ofBatch == null || !(changed || created)) {
      return null;
    }
    return created ? ofBatch : over.apply(all.get());
  }

  private static List<SpanNode> concat(List<SpanNode> a, List<SpanNode> b) {
    List<SpanNode> out = new ArrayList<>(a);
    if (b != null) {
      out.addAll(b);
    }
    return out;
  }

  /**
   * A batch of one statement; the update count of each item. MySQL reports {@code SUCCESS_NO_INFO}
   * for rewritten batches, which counts as one row.
   */
  private static int[] batchCounts(Connection c, String sql, List<Object[]> items)
      throws SQLException {
    if (items.isEmpty()) {
      return new int[0];
    }
    try (var ps = c.prepareStatement(sql)) {
      for (Object[] item : items) {
        for (int i = 0; i < item.length; i++) {
          ps.setObject(i + 1, item[i]);
        }
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
          counts[i] = 1;
        }
      }
      return counts;
    }
  }

  @Override
  default List<Trace> getTraces(List<String> traceIds, List<String> experimentIds) {
    if (traceIds.isEmpty()) {
      return List.of();
    }
    return read(
        c -> {
          List<TraceInfo> infos = TraceRows.load(c, new ArrayList<>(traceIds), experimentIds);
          List<String> ids = infos.stream().map(TraceInfo::traceId).toList();
          Map<String, List<Object[]>> spans = new HashMap<>();
          SPAN_CONTENTS.forEach(
              c,
              ids,
              rs ->
                  spans
                      .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                      .add(new Object[] {rs.getString(2), rs.getString(3) == null, rs.getLong(4)}));
          List<Trace> out = new ArrayList<>();
          for (TraceInfo info : infos) {
            List<Object[]> rows = spans.getOrDefault(info.traceId(), new ArrayList<>());
            rows.sort(
                (x, y) -> {
                  boolean rx = (Boolean) x[1];
                  boolean ry = (Boolean) y[1];
                  if (rx != ry) {
                    return rx ? -1 : 1;
                  }
                  return Long.compare((Long) x[2], (Long) y[2]);
                });
            out.add(new Trace(info, rows.stream().map(r -> (String) r[0]).toList()));
          }
          return out;
        });
  }

  /** Reading usage and cost back from stored span content. */
  final class StoredSpans {
    private StoredSpans() {}

    static SpanNode node(String spanId, String parentSpanId, String content) {
      var n = dev.trackway.compat.PyJsonText.tryLoads(content);
      var attrs = n == null ? null : n.get("attributes");
      if (attrs == null || !attrs.isObject()) {
        return new SpanNode(spanId, parentSpanId, null, null);
      }
      return new SpanNode(
          spanId,
          parentSpanId,
          numbers(attrs.get(OtlpSpans.CHAT_USAGE)),
          numbers(attrs.get(OtlpSpans.LLM_COST)));
    }

    private static Map<String, Number> numbers(com.fasterxml.jackson.databind.JsonNode v) {
      if (v == null) {
        return null;
      }
      return v.isTextual() ? SpanAggregation.numbers(v.textValue()) : SpanAggregation.numbers(v);
    }
  }
}
