package dev.trackway.domain;

/** MLflow's {@code MetricWithRunId} message. */
public record MetricWithRunId(String key, Double value, Long timestamp, Long step, String runId) {}
