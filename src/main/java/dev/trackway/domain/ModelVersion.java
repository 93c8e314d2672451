package dev.trackway.domain;

import java.util.List;

/**
 * MLflow's {@code ModelVersion} message (model_registry.proto). {@code status} is the enum name
 * ({@code READY}); {@code aliases} is a list of alias names.
 */
public record ModelVersion(
    String name,
    String version,
    Long creationTimestamp,
    Long lastUpdatedTimestamp,
    String userId,
    String currentStage,
    String description,
    String source,
    String runId,
    String status,
    String statusMessage,
    List<KeyValue> tags,
    String runLink,
    List<String> aliases) {
  public ModelVersion {
    tags = Lists.orNull(tags);
    aliases = Lists.orNull(aliases);
  }

  /** The same version with the given aliases. */
  public ModelVersion withAliases(List<String> newAliases) {
    return new ModelVersion(
        name,
        version,
        creationTimestamp,
        lastUpdatedTimestamp,
        userId,
        currentStage,
        description,
        source,
        runId,
        status,
        statusMessage,
        tags,
        runLink,
        newAliases);
  }
}
