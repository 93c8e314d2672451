package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceMessage;

/** MLflow's {@code GetTrace.Response} (spans included). */
public record GetTraceResponse(TraceMessage trace) {}
