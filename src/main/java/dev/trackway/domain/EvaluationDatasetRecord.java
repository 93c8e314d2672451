package dev.trackway.domain;

/**
 * One record of an evaluation dataset as stored: the JSON columns as their text ({@code inputs},
 * {@code outputs}, {@code expectations}, {@code tags}, {@code source}; null when unset).
 */
public record EvaluationDatasetRecord(
    String datasetRecordId,
    String datasetId,
    String inputs,
    String outputs,
    String expectations,
    String tags,
    String source,
    String sourceId,
    Long createdTime,
    Long lastUpdateTime,
    String createdBy,
    String lastUpdatedBy) {}
