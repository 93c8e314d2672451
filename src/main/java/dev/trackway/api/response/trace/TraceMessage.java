package dev.trackway.api.response.trace;

import java.util.List;

/** MLflow's {@code Trace}: the info and, for GetTrace and BatchGetTraces, the spans. */
public record TraceMessage(TraceInfoV3 traceInfo, List<OtelSpan> spans) {}
