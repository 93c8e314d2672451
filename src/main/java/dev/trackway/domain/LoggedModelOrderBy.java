package dev.trackway.domain;

/** One {@code SearchLoggedModels.OrderBy}: a field, its direction and an optional dataset. */
public record LoggedModelOrderBy(
    String fieldName, boolean ascending, String datasetName, String datasetDigest) {}
