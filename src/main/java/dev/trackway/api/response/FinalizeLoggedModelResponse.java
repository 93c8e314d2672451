package dev.trackway.api.response;

import dev.trackway.domain.LoggedModel;

/** MLflow's {@code FinalizeLoggedModel.Response}. */
public record FinalizeLoggedModelResponse(LoggedModel model) {}
