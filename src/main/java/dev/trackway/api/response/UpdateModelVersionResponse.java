package dev.trackway.api.response;

import dev.trackway.domain.ModelVersion;

/** MLflow's {@code UpdateModelVersion.Response}. */
public record UpdateModelVersionResponse(ModelVersion modelVersion) {}
