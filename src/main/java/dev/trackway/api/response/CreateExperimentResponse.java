package dev.trackway.api.response;

/** MLflow's {@code CreateExperiment.Response}. */
public record CreateExperimentResponse(String experimentId) {}
