package dev.trackway.api.response;

import dev.trackway.domain.ModelVersion;

/** MLflow's {@code GetModelVersionByAlias.Response}. */
public record GetModelVersionByAliasResponse(ModelVersion modelVersion) {}
