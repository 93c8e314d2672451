package dev.trackway.api.response;

import dev.trackway.domain.ModelVersion;

/** MLflow's {@code TransitionModelVersionStage.Response}. */
public record TransitionModelVersionStageResponse(ModelVersion modelVersion) {}
