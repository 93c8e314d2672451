package dev.trackway.api.response;

import dev.trackway.domain.ModelVersion;

/** MLflow's {@code CreateModelVersion.Response}. */
public record CreateModelVersionResponse(ModelVersion modelVersion) {}
