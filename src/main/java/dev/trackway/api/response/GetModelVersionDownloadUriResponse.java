package dev.trackway.api.response;

/** MLflow's {@code GetModelVersionDownloadUri.Response}. */
public record GetModelVersionDownloadUriResponse(String artifactUri) {}
