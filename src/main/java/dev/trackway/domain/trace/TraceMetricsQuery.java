package dev.trackway.domain.trace;

import java.util.List;

/**
 * MLflow's QueryTraceMetrics request (the UI's dashboard charts).
 *
 * @param viewType {@code TRACES}, {@code SPANS} or {@code ASSESSMENTS}
 * @param filters filter clauses such as {@code trace.status = "OK"}, AND-ed
 */
public record TraceMetricsQuery(
    List<String> experimentIds,
    String viewType,
    String metricName,
    List<Aggregation> aggregations,
    List<String> dimensions,
    List<String> filters,
    Long timeIntervalSeconds,
    Long startTimeMs,
    Long endTimeMs,
    int maxResults) {

  /**
   * @param type {@code COUNT}, {@code SUM}, {@code AVG}, {@code PERCENTILE}, {@code MIN}, {@code
   *     MAX}
   * @param percentileValue for PERCENTILE, in [0, 100]
   */
  public record Aggregation(String type, Double percentileValue) {}
}
