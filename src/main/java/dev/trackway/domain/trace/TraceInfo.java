package dev.trackway.domain.trace;

import java.util.List;
import java.util.Map;

/**
 * MLflow's TraceInfo (V3): one row of {@code trace_info} with its tags, metadata and assessments.
 *
 * <p>As read from the store, {@code tags} include {@code mlflow.traceName} (kept in the {@code
 * trace_name} column) and {@code metadata} include the values MLflow keeps in columns ({@code
 * mlflow.trace.session}, {@code mlflow.trace.tokenUsage}, {@code mlflow.trace.cost}). As given to
 * StartTraceV3 they are what the client sent.
 *
 * @param traceId {@code tr-<32 hex>} (v3) or a 32-hex request id (v2)
 * @param requestTimeMs the trace's start, milliseconds since the epoch
 * @param executionTimeMs its duration, null while unknown
 * @param state {@code OK}, {@code ERROR}, {@code IN_PROGRESS} or {@code STATE_UNSPECIFIED}
 */
public record TraceInfo(
    String traceId,
    String experimentId,
    long requestTimeMs,
    Long executionTimeMs,
    String state,
    String clientRequestId,
    String requestPreview,
    String responsePreview,
    Map<String, String> metadata,
    Map<String, String> tags,
    List<Assessment> assessments) {}
