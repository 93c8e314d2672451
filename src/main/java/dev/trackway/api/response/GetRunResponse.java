package dev.trackway.api.response;

import dev.trackway.domain.Run;

/** MLflow's {@code GetRun.Response}. */
public record GetRunResponse(Run run) {}
