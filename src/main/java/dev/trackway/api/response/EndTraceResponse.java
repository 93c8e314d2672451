package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceInfoV2;

/** MLflow's v2 {@code EndTrace.Response}. */
public record EndTraceResponse(TraceInfoV2 traceInfo) {}
