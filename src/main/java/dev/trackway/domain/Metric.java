package dev.trackway.domain;

/** MLflow's {@code Metric} message (value may be NaN, written as "NaN"). */
public record Metric(
    String key,
    Double value,
    Long timestamp,
    Long step,
    String datasetName,
    String datasetDigest,
    String modelId,
    String runId) {
  public static Metric of(String key, double value, long timestamp, long step) {
    return new Metric(key, value, timestamp, step, null, null, null, null);
  }
}
