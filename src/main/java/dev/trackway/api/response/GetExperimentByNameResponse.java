package dev.trackway.api.response;

import dev.trackway.domain.Experiment;

/** MLflow's {@code GetExperimentByName.Response}. */
public record GetExperimentByNameResponse(Experiment experiment) {}
