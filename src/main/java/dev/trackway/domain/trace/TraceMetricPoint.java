package dev.trackway.domain.trace;

import java.util.Map;

/**
 * One data point of a trace metrics query: the dimension values of its group ({@code time_bucket}
 * among them when bucketed) and one value per aggregation ({@code COUNT}, {@code P50.0}, ...).
 */
public record TraceMetricPoint(
    String metricName, Map<String, String> dimensions, Map<String, Double> values) {}
