package dev.trackway.api.response;

import dev.trackway.domain.RegisteredModel;

/** MLflow's {@code RenameRegisteredModel.Response}. */
public record RenameRegisteredModelResponse(RegisteredModel registeredModel) {}
