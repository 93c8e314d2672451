package dev.trackway.domain.trace;

/**
 * One row of MLflow's {@code spans} table: the span's columns and its JSON {@code content} (the
 * span dict MLflow stores, in Python's JSON layout).
 *
 * @param spanId 16 lowercase hex digits
 * @param parentSpanId 16 hex digits, null for a root span
 * @param type the span's own {@code mlflow.spanType}, null if it has none
 * @param status {@code OK}, {@code ERROR} or {@code UNSET}
 */
public record SpanRow(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String type,
    String status,
    long startTimeUnixNano,
    Long endTimeUnixNano,
    String content,
    Double inputCost,
    Double outputCost,
    Double totalCost,
    String modelName,
    String modelProvider) {}
