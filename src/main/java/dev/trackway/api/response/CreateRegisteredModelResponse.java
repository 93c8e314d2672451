package dev.trackway.api.response;

import dev.trackway.domain.RegisteredModel;

/** MLflow's {@code CreateRegisteredModel.Response}. */
public record CreateRegisteredModelResponse(RegisteredModel registeredModel) {}
