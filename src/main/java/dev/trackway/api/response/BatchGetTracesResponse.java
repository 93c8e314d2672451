package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceMessage;
import java.util.List;

/** MLflow's {@code BatchGetTraces.Response}. */
public record BatchGetTracesResponse(List<TraceMessage> traces) {}
