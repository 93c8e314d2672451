package dev.trackway.api.response.trace;

import dev.trackway.domain.KeyValue;
import java.util.List;

/** MLflow's v2 {@code TraceInfo}. */
public record TraceInfoV2(
    String requestId,
    String experimentId,
    long timestampMs,
    long executionTimeMs,
    String status,
    List<KeyValue> requestMetadata,
    List<KeyValue> tags) {}
