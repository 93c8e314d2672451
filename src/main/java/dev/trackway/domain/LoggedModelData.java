package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code LoggedModelData} message: params and metrics ({} when both are empty). */
public record LoggedModelData(List<KeyValue> params, List<Metric> metrics) {
  public LoggedModelData {
    params = Lists.orNull(params);
    metrics = Lists.orNull(metrics);
  }
}
