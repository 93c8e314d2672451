package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceInfoV2;

/** MLflow's v2 {@code GetTraceInfo.Response}. */
public record GetTraceInfoResponse(TraceInfoV2 traceInfo) {}
