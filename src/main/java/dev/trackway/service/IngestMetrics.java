package dev.trackway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Rows written by successful log-batch calls, as {@code
 * trackway_log_batch_rows_total{kind="metric"|"param"|"tag"}} at {@code /q/metrics}.
 */
@ApplicationScoped
public class IngestMetrics {
  static final String NAME = "trackway.log_batch.rows";

  private final Counter metrics;
  private final Counter params;
  private final Counter tags;

  @Inject
  public IngestMetrics(MeterRegistry registry) {
    metrics = counter(registry, "metric");
    params = counter(registry, "param");
    tags = counter(registry, "tag");
  }

  private static Counter counter(MeterRegistry registry, String kind) {
    return Counter.builder(NAME)
        .description("Rows (metrics, params, tags) written by successful log-batch requests")
        .tag("kind", kind)
        .register(registry);
  }

  void logBatchWritten(int metricRows, int paramRows, int tagRows) {
    metrics.increment(metricRows);
    params.increment(paramRows);
    tags.increment(tagRows);
  }
}
