package dev.trackway.domain;

import java.util.List;

/**
 * MLflow's {@code LoggedModelInfo} message. {@code status} is the enum name ({@code
 * LOGGED_MODEL_PENDING}, {@code LOGGED_MODEL_READY}, ...).
 */
public record LoggedModelInfo(
    String modelId,
    String experimentId,
    String name,
    Long creationTimestampMs,
    Long lastUpdatedTimestampMs,
    String artifactUri,
    String status,
    String modelType,
    String sourceRunId,
    String statusMessage,
    List<KeyValue> tags) {
  public LoggedModelInfo {
    tags = Lists.orNull(tags);
  }
}
