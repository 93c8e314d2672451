package dev.trackway.store.jdbc;

import dev.trackway.domain.trace.TraceMetricPoint;
import dev.trackway.domain.trace.TraceMetricsQuery;
import dev.trackway.store.TraceStore;
import dev.trackway.store.jdbc.search.TraceMetricsSql;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.SqliteFunctions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard part of {@link JdbcTraceStore}: MLflow's QueryTraceMetrics as one aggregate
 * statement ({@link TraceMetricsSql}); groups with a NULL dimension or only NULL values are left
 * out, time buckets are ISO-8601 UTC timestamps as Python's {@code datetime.isoformat()} writes
 * them.
 */
interface JdbcTraceMetricsStore extends TraceStore, JdbcStorePart {
  DateTimeFormatter ISO_SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  @Override
  default List<TraceMetricPoint> queryTraceMetrics(TraceMetricsQuery query) {
    List<Integer> ids = new ArrayList<>();
    for (String id : query.experimentIds()) {
      ids.add(JdbcExperimentStore.parseExperimentId(id));
    }
    TraceMetricsSql.Built built = TraceMetricsSql.build(query, ids, db().vendor());
    return read(
        c -> {
          SqliteFunctions.register(c, db().vendor());
          int dims = built.dimensions().size();
          List<TraceMetricPoint> out = new ArrayList<>();
          Jdbc.forEach(
              c,
              built.query(),
              0,
              rs -> {
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (int i = 0; i < dims; i++) {
                  Object v = rs.getObject(i + 1);
                  if (v == null) {
                    return;
                  }
                  String label = built.dimensions().get(i);
                  dimensions.put(
                      label,
                      label.equals(TraceMetricsSql.TIME_BUCKET)
                          ? isoTimestamp(((Number) v).doubleValue())
                          : String.valueOf(v));
                }
                Map<String, Double> values = new LinkedHashMap<>();
                for (int i = 0; i < built.values().size(); i++) {
                  Object v = rs.getObject(dims + i + 1);
                  if (v != null) {
                    values.put(built.values().get(i), ((Number) v).doubleValue());
                  }
                }
                if (!values.isEmpty()) {
                  out.add(new TraceMetricPoint(query.metricName(), dimensions, values));
                }
              });
          return out;
        });
  }

  /** Python's {@code datetime.fromtimestamp(ms / 1000, tz=utc).isoformat()}. */
  static String isoTimestamp(double epochMs) {
    long micros = Math.round(epochMs * 1000);
    long seconds = Math.floorDiv(micros, 1_000_000);
    long frac = Math.floorMod(micros, 1_000_000);
    String base = ISO_SECONDS.format(Instant.ofEpochSecond(seconds));
    return (frac == 0 ? base : base + String.format(".%06d", frac)) + "+00:00";
  }
}
