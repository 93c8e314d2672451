package dev.trackway.domain;

/**
 * One {@code SearchLoggedModels.Dataset}; as in MLflow's server, a missing digest matches only
 * metrics logged without a digest.
 */
public record LoggedModelDatasetFilter(String datasetName, String datasetDigest) {}
