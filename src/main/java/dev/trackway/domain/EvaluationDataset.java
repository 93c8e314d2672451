package dev.trackway.domain;

import java.util.Map;

/**
 * MLflow's evaluation dataset ({@code datasets.proto} {@code Dataset}): a GenAI dataset of records
 * (not a run input's {@link Dataset}); {@code tags} ordered by key.
 */
public record EvaluationDataset(
    String datasetId,
    String name,
    Map<String, String> tags,
    String schema,
    String profile,
    String digest,
    Long createdTime,
    Long lastUpdateTime,
    String createdBy,
    String lastUpdatedBy) {}
