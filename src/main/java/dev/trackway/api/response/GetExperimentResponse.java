package dev.trackway.api.response;

import dev.trackway.domain.Experiment;

/** MLflow's {@code GetExperiment.Response}. */
public record GetExperimentResponse(Experiment experiment) {}
