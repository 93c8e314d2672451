package dev.trackway.store.jdbc;

import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MetricWithRunId;
import dev.trackway.domain.Page;
import dev.trackway.store.TrackingStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The metrics part of {@link JdbcTrackingStore}, log-batch included. Metrics: their history ({@code
 * metrics}), the latest value per key ({@code latest_metrics}) and the metrics logged for a logged
 * model ({@code logged_model_metrics}); the history reads of the UI.
 */
interface JdbcMetricStore extends TrackingStore, JdbcStorePart {
  List<String> METRIC_COLUMNS = List.of("key", "value", "timestamp", "step", "is_nan", "run_uuid");
  String POINT = "value, timestamp, step, is_nan";

  /** A metrics row: key, value, timestamp, step, is_nan. */
  RowMapper<Metric> METRIC =
      rs -> Metric.of(rs.getString(1), value(rs, 2, 5), rs.getLong(3), rs.getLong(4));

  /** One stored point of a history (value, timestamp, step, is_nan), as sampling sees it. */
  record Point(double value, long timestamp, long step, boolean nan) {
    static final RowMapper<Point> MAPPER =
        rs -> new Point(rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4));

    boolean same(Point o) {
      return timestamp == o.timestamp
          && step == o.step
          && nan == o.nan
          && (nan || Double.valueOf(value).equals(o.value));
    }

    MetricWithRunId withRunId(String key, String runId) {
      return new MetricWithRunId(key, nan ? Double.NaN : value, timestamp, step, runId);
    }
  }

  /** The value of a row whose NaN flag is in another column (NaN is stored as 0, is_nan 1). */
  static double value(ResultSet rs, int valueColumn, int isNanColumn) throws SQLException {
    return rs.getBoolean(isNanColumn) ? Double.NaN : rs.getDouble(valueColumn);
  }

  /** Stored form of a metric value: NaN as (0, is_nan), infinities clamped like MLflow. */
  static double storedValue(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    if (v == Double.POSITIVE_INFINITY) {
      return Double.MAX_VALUE;
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return -Double.MAX_VALUE;
    }
    return v;
  }

  private static long step(Metric m) {
    return m.step() == null ? 0 : m.step();
  }

  private static Object[] metricRow(Metric m, String runId) {
    return new Object[] {
      m.key(), storedValue(m.value()), m.timestamp(), step(m), Double.isNaN(m.value()), runId
    };
  }

  // ------------------------------------------------------------------ writes

  /** One transaction for the whole batch: params, metrics (and their models'), then tags. */
  @Override
  default void logBatch(
      String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
    SqlDialect d = db().dialect();
    write(
        c -> {
          JdbcRunStore.RunRow run = JdbcRunStore.activeRow(c, runId);
          JdbcRunStore.logParams(c, runId, params);
          log(c, d, runId, metrics);
          logForModels(
              c, d, runId, JdbcExperimentStore.parseExperimentId(run.experimentId()), metrics);
          JdbcRunStore.upsertTags(c, d, runId, tags);
          return null;
        });
  }

  /**
   * Appends the points to the history (exact duplicates of a stored point are its primary key and
   * are skipped, as in MLflow) and keeps latest_metrics in step; one JDBC batch each.
   */
  private static void log(Connection c, SqlDialect d, String runId, List<Metric> metrics)
      throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    Jdbc.batch(
        c,
        d.insertIgnoringDuplicates("metrics", METRIC_COLUMNS),
        metrics,
        m -> metricRow(m, runId));
    updateLatest(c, d, runId, metrics);
  }

  /**
   * Metrics logged with a {@code model_id} also belong to that logged model (MLflow's
   * logged_model_metrics); points already recorded under the table's key are skipped.
   */
  private static void logForModels(
      Connection c, SqlDialect d, String runId, int experimentId, List<Metric> metrics)
      throws SQLException {
    Jdbc.batch(
        c,
        d.insertIgnoringDuplicates(
            "logged_model_metrics",
            List.of(
                "model_id",
                "metric_name",
                "metric_timestamp_ms",
                "metric_step",
                "metric_value",
                "experiment_id",
                "run_id",
                "dataset_uuid",
                "dataset_name",
                "dataset_digest")),
        metrics.stream().filter(m -> m.modelId() != null && !m.modelId().isEmpty()).toList(),
        m ->
            new Object[] {
              m.modelId(),
              m.key(),
              m.timestamp(),
              step(m),
              storedValue(m.value()),
              experimentId,
              runId,
              null,
              m.datasetName(),
              m.datasetDigest()
            });
  }

  /** (step, timestamp, value) ordering of MLflow's latest-metric rule; NaN never wins on value. */
  static boolean newer(Metric a, Metric b) {
    long sa = step(a);
    long sb = step(b);
    if (sa != sb) {
      return sa > sb;
    }
    if (!a.timestamp().equals(b.timestamp())) {
      return a.timestamp() > b.timestamp();
    }
    return a.value() > b.value();
  }

  /**
   * Keeps latest_metrics in step with the batch. Keys are processed in sorted order and existing
   * rows are locked in that order, so concurrent batches cannot deadlock on each other (and a
   * transaction that still does is retried by {@link Database#write}).
   */
  private static void updateLatest(Connection c, SqlDialect d, String runId, List<Metric> metrics)
      throws SQLException {
    TreeMap<String, Metric> candidates = new TreeMap<>();
    for (Metric m : metrics) {
      double v = Double.isNaN(m.value()) ? m.value() : storedValue(m.value());
      Metric s = Metric.of(m.key(), v, m.timestamp(), step(m));
      Metric cur = candidates.get(m.key());
      if (cur == null || newer(s, cur)) {
        candidates.put(m.key(), s);
      }
    }
    Map<String, Metric> existing = new HashMap<>();
    KeyedQuery.of(
            "SELECT `key`, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ?"
                + " AND {keys} ORDER BY `key`"
                + d.forUpdate(),
            Keys.<String>in("`key`"))
        .forEach(
            c,
            new ArrayList<>(candidates.keySet()),
            rs -> existing.put(rs.getString(1), METRIC.map(rs)),
            runId);
    List<Metric> inserts = new ArrayList<>();
    List<Metric> updates = new ArrayList<>();
    for (Metric m : candidates.values()) {
      Metric old = existing.get(m.key());
      if (old == null) {
        inserts.add(m);
      } else if (newer(m, old)) {
        updates.add(m);
      }
    }
    Jdbc.batch(
        c, SqlDialect.insert("latest_metrics", METRIC_COLUMNS), inserts, m -> metricRow(m, runId));
    Jdbc.batch(
        c,
        "UPDATE latest_metrics SET value = ?, timestamp = ?, step = ?, is_nan = ? WHERE"
            + " run_uuid = ? AND `key` = ?",
        updates,
        m ->
            new Object[] {
              storedValue(m.value()),
              m.timestamp(),
              m.step(),
              Double.isNaN(m.value()),
              runId,
              m.key()
            });
  }

  // ------------------------------------------------------------------ reads

  @Override
  default Page<Metric> getMetricHistory(
      String runId, String key, Integer maxResults, String pageToken) {
    int offset = PageToken.decodeOffset(pageToken);
    SqlBuilder q =
        new SqlBuilder()
            .sql("SELECT `key`, " + POINT + " FROM metrics WHERE run_uuid = ")
            .param(runId)
            .sql(" AND `key` = ")
            .param(key)
            .sql(" ORDER BY timestamp, step, value");
    db().dialect().limit(q, maxResults == null ? null : maxResults + 1, offset);
    // like MLflow: an unknown run has an empty history, not an error
    return read(
        c ->
            Pages.trim(
                Jdbc.list(c, q.build(), 1000, METRIC),
                maxResults,
                () -> PageToken.encode((long) offset + maxResults)));
  }

  /**
   * Evenly sampled histories: NTILE buckets over each ordered history, first row of each bucket,
   * plus the overall last point (MLflow's rule), so memory stays about maxResults rows per run.
   */
  @Override
  default List<MetricWithRunId> getMetricHistoryBulkInterval(
      List<String> runIds, String key, int maxResults, Long startStep, Long endStep) {
    int n = Math.max(1, maxResults);
    String range = startStep != null ? " AND step >= ? AND step <= ?" : "";
    String history = " FROM metrics WHERE run_uuid = ? AND `key` = ?" + range;
    String order = "step, timestamp, value, is_nan";
    String sampled =
        "SELECT "
            + POINT
            + " FROM (SELECT "
            + POINT
            + ", ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY "
            + order
            + ") rn FROM (SELECT "
            + POINT
            + ", NTILE(?) OVER (ORDER BY "
            + order
            + ") bucket"
            + history
            + ") b) r WHERE rn = 1 ORDER BY "
            + order;
    String last =
        "SELECT "
            + POINT
            + history
            + " ORDER BY step DESC, timestamp DESC, value DESC, is_nan DESC LIMIT 1";
    return read(
        c -> {
          List<MetricWithRunId> out = new ArrayList<>();
          for (String runId : runIds) {
            List<Object> params = new ArrayList<>(List.of(runId, key));
            if (startStep != null) {
              params.add(startStep);
              params.add(endStep);
            }
            List<Object> sampledParams = new ArrayList<>(params);
            sampledParams.add(0, n);
            List<Point> rows = Jdbc.list(c, new SqlQuery(sampled, sampledParams), Point.MAPPER);
            Point lastRow = Jdbc.first(c, new SqlQuery(last, params), Point.MAPPER);
            if (lastRow != null && (rows.isEmpty() || !rows.get(rows.size() - 1).same(lastRow))) {
              if (rows.size() >= n) {
                rows.set(rows.size() - 1, lastRow);
              } else {
                rows.add(lastRow);
              }
            }
            rows.forEach(p -> out.add(p.withRunId(key, runId)));
          }
          return out;
        });
  }

  /** Histories of several runs, ordered by run id, timestamp, step, value; at most maxResults. */
  @Override
  default List<MetricWithRunId> getMetricHistoryBulk(
      List<String> runIds, String key, int maxResults) {
    SqlQuery q =
        new SqlBuilder()
            .sql("SELECT run_uuid, `key`, " + POINT + " FROM metrics WHERE `key` = ")
            .param(key)
            .sql(" AND run_uuid IN ")
            .paramList(new ArrayList<>(new TreeSet<>(runIds)))
            .sql(" ORDER BY run_uuid, timestamp, step, value LIMIT ")
            .param(maxResults)
            .build();
    return read(
        c ->
            Jdbc.list(
                c,
                q,
                rs ->
                    new MetricWithRunId(
                        rs.getString(2),
                        value(rs, 3, 6),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getString(1))));
  }
}
