package dev.trackway.domain;

/** MLflow's {@code DatasetSummary} message (the UI's search-datasets). */
public record DatasetSummary(String experimentId, String name, String digest, String context) {}
