package dev.trackway.api.response;

import dev.trackway.domain.RegisteredModel;

/** MLflow's {@code GetRegisteredModel.Response}. */
public record GetRegisteredModelResponse(RegisteredModel registeredModel) {}
