package dev.trackway.api.response;

import dev.trackway.domain.RunInfo;

/** MLflow's {@code UpdateRun.Response}. */
public record UpdateRunResponse(RunInfo runInfo) {}
