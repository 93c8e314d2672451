package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceMessage;

/** MLflow's {@code StartTraceV3.Response}. */
public record StartTraceV3Response(TraceMessage trace) {}
