package dev.trackway.api.response.trace;

import java.util.Map;

/** MLflow's {@code MetricDataPoint}. */
public record MetricDataPoint(
    String metricName, Map<String, String> dimensions, Map<String, Double> values) {}
