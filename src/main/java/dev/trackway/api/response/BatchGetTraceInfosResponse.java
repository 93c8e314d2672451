package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceInfoV3;
import java.util.List;

/** MLflow's {@code BatchGetTraceInfos.Response}. */
public record BatchGetTraceInfosResponse(List<TraceInfoV3> traceInfos) {}
