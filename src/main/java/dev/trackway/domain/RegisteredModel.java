package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code RegisteredModel} message (model_registry.proto). */
public record RegisteredModel(
    String name,
    Long creationTimestamp,
    Long lastUpdatedTimestamp,
    String userId,
    String description,
    List<ModelVersion> latestVersions,
    List<KeyValue> tags,
    List<RegisteredModelAlias> aliases) {
  public RegisteredModel {
    latestVersions = Lists.orNull(latestVersions);
    tags = Lists.orNull(tags);
    aliases = Lists.orNull(aliases);
  }
}
