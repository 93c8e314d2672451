package dev.trackway.api.response.trace;

import java.util.List;
import java.util.Map;

/**
 * MLflow's {@code TraceInfoV3} (fields in proto order). Times are protobuf JSON: {@code
 * requestTime} a Timestamp ({@code 2026-11-29T14:20:24.300Z}), {@code executionDuration} a Duration
 * ({@code 3.605s}).
 */
public record TraceInfoV3(
    String traceId,
    String clientRequestId,
    TraceLocation traceLocation,
    String requestPreview,
    String responsePreview,
    String requestTime,
    String executionDuration,
    String state,
    Map<String, String> traceMetadata,
    List<AssessmentMessage> assessments,
    Map<String, String> tags) {}
