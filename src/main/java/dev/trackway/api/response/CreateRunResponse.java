package dev.trackway.api.response;

import dev.trackway.domain.Run;

/** MLflow's {@code CreateRun.Response}. */
public record CreateRunResponse(Run run) {}
