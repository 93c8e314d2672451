package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceMessage;

/** MLflow's {@code GetTraceInfoV3.Response}. */
public record GetTraceInfoV3Response(TraceMessage trace) {}
