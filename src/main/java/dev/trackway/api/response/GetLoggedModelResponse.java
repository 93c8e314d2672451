package dev.trackway.api.response;

import dev.trackway.domain.LoggedModel;

/** MLflow's {@code GetLoggedModel.Response}. */
public record GetLoggedModelResponse(LoggedModel model) {}
