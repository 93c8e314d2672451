package dev.trackway.domain.trace;

import java.util.Map;

/**
 * What the tree-aware aggregation of token usage and cost needs of a span: its place in the tree
 * and the numbers of its {@code mlflow.chat.tokenUsage} and {@code mlflow.llm.cost} attributes
 * (null when the span has none).
 */
public record SpanNode(
    String spanId, String parentSpanId, Map<String, Number> usage, Map<String, Number> cost) {}
