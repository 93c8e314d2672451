package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceInfoV2;

/** MLflow's v2 {@code StartTrace.Response}. */
public record StartTraceResponse(TraceInfoV2 traceInfo) {}
