package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.TraceWrites.traceNotFound;

import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TraceStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The edits of existing traces in {@link JdbcTraceStore}: tags ({@code trace_tags}, the trace name
 * in {@code trace_info}), deletes, and the links to runs and prompt versions ({@code
 * entity_associations}).
 */
interface JdbcTraceEditStore extends TraceStore, JdbcStorePart {
  @Override
  default void setTraceTag(String traceId, String key, String value) {
    write(
        c -> {
          requireTrace(c, traceId);
          if (key.equals(TraceKeys.TRACE_NAME)) {
            Jdbc.update(
                c, "UPDATE trace_info SET trace_name = ? WHERE request_id = ?", value, traceId);
          } else {
            TraceWrites.upsertPairs(
                db().dialect(),
                c,
                "trace_tags",
                List.<String[]>of(new String[] {traceId, key, value}));
          }
          return null;
        });
  }

  private static void requireTrace(Connection c, String traceId) throws SQLException {
    if (!Jdbc.exists(c, SqlQuery.of("SELECT 1 FROM trace_info WHERE request_id = ?", traceId))) {
      throw traceNotFound(traceId);
    }
  }

  @Override
  default void deleteTraceTag(String traceId, String key) {
    write(
        c -> {
          int n;
          if (key.equals(TraceKeys.TRACE_NAME)) {
            n =
                Jdbc.update(
                    c,
                    "UPDATE trace_info SET trace_name = NULL WHERE request_id = ?"
                        + " AND trace_name IS NOT NULL",
                    traceId);
          } else {
            n =
                Jdbc.update(
                    c, "DELETE FROM trace_tags WHERE request_id = ? AND `key` = ?", traceId, key);
          }
          if (n == 0) {
            throw MlflowException.resourceDoesNotExist(
                "No trace tag with key '%s' for trace with ID '%s'", key, traceId);
          }
          return null;
        });
  }

  @Override
  default int deleteTraces(
      String experimentId, Long maxTimestampMillis, Integer maxTraces, List<String> traceIds) {
    int experiment = JdbcExperimentStore.parseExperimentId(experimentId);
    return write(
        c -> {
          SqlBuilder where = new SqlBuilder().sql(" WHERE experiment_id = ").param(experiment);
          if (maxTimestampMillis != null) {
            where.sql(" AND timestamp_ms <= ").param(maxTimestampMillis);
          }
          if (traceIds != null && !traceIds.isEmpty()) {
            where
                .sql(" AND request_id IN ")
                .paramList(new ArrayList<>(new LinkedHashSet<>(traceIds)));
          }
          SqlBuilder select =
              new SqlBuilder().sql("SELECT request_id FROM trace_info").append(where);
          select.sql(" ORDER BY timestamp_ms, request_id");
          if (maxTraces != null) {
            select.sql(" LIMIT ").param(maxTraces);
          }
          select.sql(db().dialect().forUpdate());
          List<String> ids = Jdbc.list(c, select.build(), Rows.STRING_1);
          if (ids.isEmpty()) {
            return 0;
          }
          int deleted = 0;
          for (List<String> chunk : Keys.chunks(ids, 500)) {
            deleted +=
                Jdbc.update(
                    c,
                    new SqlBuilder()
                        .sql("DELETE FROM trace_info WHERE request_id IN ")
                        .paramList(chunk)
                        .build());
            Jdbc.update(
                c,
                new SqlBuilder()
                    .sql("DELETE FROM review_queue_items WHERE item_type = 'trace' AND item_id IN ")
                    .paramList(chunk)
                    .build());
          }
          return deleted;
        });
  }

  @Override
  default void linkTracesToRun(List<String> traceIds, String runId) {
    if (traceIds.isEmpty()) {
      return;
    }
    write(
        c -> {
          insertAssociations(
              c, new ArrayList<>(new LinkedHashSet<>(traceIds)), "run", List.of(runId));
          return null;
        });
  }

  @Override
  default void linkPromptsToTrace(String traceId, List<String> promptVersions) {
    write(
        c -> {
          requireTrace(c, traceId);
          insertAssociations(
              c,
              List.of(traceId),
              "prompt_version",
              new ArrayList<>(new LinkedHashSet<>(promptVersions)));
          return null;
        });
  }

  /** Associations trace → destination that do not exist yet (existing ones kept as they are). */
  private void insertAssociations(
      Connection c, List<String> traceIds, String destinationType, List<String> destinations)
      throws SQLException {
    long now = System.currentTimeMillis();
    List<Object[]> rows = new ArrayList<>();
    for (String t : traceIds) {
      for (String dest : destinations) {
        rows.add(new Object[] {Rows.newId(), "trace", t, destinationType, dest, now});
      }
    }
    Jdbc.batch(
        c,
        db().dialect()
            .insertIgnoringDuplicates(
                "entity_associations",
                List.of(
                    "source_type",
                    "association_id",
                    "source_id",
                    "destination_type",
                    "destination_id",
                    "created_time")),
        rows,
        r -> new Object[] {r[1], r[0], r[2], r[3], r[4], r[5]});
  }
}
