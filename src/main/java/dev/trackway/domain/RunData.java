package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code RunData} message: latest metrics, params and tags. */
public record RunData(List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
  public RunData {
    metrics = Lists.orNull(metrics);
    params = Lists.orNull(params);
    tags = Lists.orNull(tags);
  }
}
