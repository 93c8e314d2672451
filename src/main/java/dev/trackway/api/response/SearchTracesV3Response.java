package dev.trackway.api.response;

import dev.trackway.api.response.trace.TraceInfoV3;
import java.util.List;

/** MLflow's {@code SearchTracesV3.Response}. */
public record SearchTracesV3Response(List<TraceInfoV3> traces, String nextPageToken) {}
