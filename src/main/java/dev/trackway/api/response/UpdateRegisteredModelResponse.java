package dev.trackway.api.response;

import dev.trackway.domain.RegisteredModel;

/** MLflow's {@code UpdateRegisteredModel.Response}. */
public record UpdateRegisteredModelResponse(RegisteredModel registeredModel) {}
