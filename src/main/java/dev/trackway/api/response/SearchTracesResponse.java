package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceInfoV2;
import java.util.List;

/** MLflow's v2 {@code SearchTraces.Response}. */
public record SearchTracesResponse(List<TraceInfoV2> traces, String nextPageToken) {}
