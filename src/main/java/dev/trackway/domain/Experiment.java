package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code Experiment} message. */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    String lifecycleStage,
    Long lastUpdateTime,
    Long creationTime,
    List<KeyValue> tags,
    String workspace) {
  public Experiment {
    tags = Lists.orNull(tags);
  }
}
