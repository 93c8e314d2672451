package dev.trackway.api.response;

import dev.trackway.domain.LoggedModel;

/** MLflow's {@code CreateLoggedModel.Response}. */
public record CreateLoggedModelResponse(LoggedModel model) {}
