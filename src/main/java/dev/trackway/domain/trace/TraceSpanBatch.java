package dev.trackway.domain.trace;

import java.util.List;
import java.util.Map;

/**
 * The spans of one trace in one OTLP export request, with everything the store writes about the
 * trace computed beforehand (MLflow's {@code _TraceAggregate}).
 *
 * @param minStartMs earliest span start in the batch, ms
 * @param maxEndMs latest span end in the batch, ms (null if no span has ended)
 * @param rootStatus {@code OK} or {@code ERROR} when the batch has the root span, else null
 * @param tokenUsage tree-aware sum of the batch's token usage, null if no span has any
 * @param cost tree-aware sum of the batch's cost, null if no span has any
 * @param hasRootPreviews whether {@code requestPreview}/{@code responsePreview} were derived from
 *     the root span (written only where the trace has none yet)
 * @param traceName the root span's {@code mlflow.traceTag.mlflow.traceName}, or null
 * @param tags trace tags to upsert after {@code mlflow.trace.spansLocation}: resource attributes
 *     first, then the root span's {@code mlflow.traceTag.*} attributes
 */
public record TraceSpanBatch(
    String traceId,
    List<SpanRow> spans,
    List<SpanNode> nodes,
    long minStartMs,
    Long maxEndMs,
    String rootStatus,
    Map<String, Number> tokenUsage,
    Map<String, Number> cost,
    String sessionId,
    String userId,
    boolean hasRootPreviews,
    String requestPreview,
    String responsePreview,
    String traceName,
    Map<String, String> tags) {}
