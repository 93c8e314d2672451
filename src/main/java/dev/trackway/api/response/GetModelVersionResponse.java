package dev.trackway.api.response;

import dev.trackway.domain.ModelVersion;

/** MLflow's {@code GetModelVersion.Response}. */
public record GetModelVersionResponse(ModelVersion modelVersion) {}
