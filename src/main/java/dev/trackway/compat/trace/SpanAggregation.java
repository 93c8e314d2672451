package dev.trackway.compat.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.compat.PyJsonText;
import dev.trackway.domain.trace.SpanNode;
import dev.trackway.domain.trace.TraceKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * MLflow's tree-aware aggregation of token usage and cost over a trace's spans ({@code
 * _aggregate_from_nodes}): a span's numbers count only if none of its ancestors has any (rollup
 * spans carry the sum of their children); spans whose parent is not among the nodes are roots.
 */
public final class SpanAggregation {
  public static final List<String> USAGE_KEYS =
      List.of("input_tokens", "output_tokens", "total_tokens");
  public static final List<String> CACHE_KEYS =
      List.of(
          "cache_read_input_tokens",
          "cache_creation_input_tokens",
          "cache_creation_input_tokens_above_1hr");

  private SpanAggregation() {}

  /** Token usage: input, output and total always (0 by default), cache keys when present. */
  public static Map<String, Number> usage(List<SpanNode> nodes) {
    return aggregate(nodes, SpanNode::usage, USAGE_KEYS, 0L, CACHE_KEYS);
  }

  /** Cost: input, output and total (0.0 by default). */
  public static Map<String, Number> cost(List<SpanNode> nodes) {
    return aggregate(nodes, SpanNode::cost, TraceKeys.COST_COLUMNS, 0.0, List.of());
  }

  static Map<String, Number> aggregate(
      List<SpanNode> nodes,
      Function<SpanNode, Map<String, Number>> data,
      List<String> keys,
      Number zero,
      List<String> optionalKeys) {
    Map<String, Number> totals = new LinkedHashMap<>();
    keys.forEach(k -> totals.put(k, zero));
    Set<String> ids = new HashSet<>();
    nodes.forEach(n -> ids.add(n.spanId()));
    Map<String, List<SpanNode>> children = new HashMap<>();
    List<SpanNode> roots = new ArrayList<>();
    for (SpanNode n : nodes) {
      if (n.parentSpanId() != null && ids.contains(n.parentSpanId())) {
        children.computeIfAbsent(n.parentSpanId(), k -> new ArrayList<>()).add(n);
      } else {
        roots.add(n);
      }
    }
    boolean hasData = false;
    record Item(SpanNode node, boolean ancestorHasData) {}
    Deque<Item> stack = new ArrayDeque<>();
    roots.forEach(r -> stack.push(new Item(r, false)));
    Set<SpanNode> visited = new HashSet<>();
    while (!stack.isEmpty()) {
      Item item = stack.pop();
      if (!visited.add(item.node())) {
        continue;
      }
      Map<String, Number> d = data.apply(item.node());
      boolean nodeHasData = d != null;
      if (nodeHasData && !item.ancestorHasData()) {
        for (String k : keys) {
          totals.put(k, add(totals.get(k), d.getOrDefault(k, zero)));
        }
        for (String k : optionalKeys) {
          if (d.containsKey(k)) {
            totals.put(k, add(totals.getOrDefault(k, zero), d.get(k)));
          }
        }
        hasData = true;
      }
      boolean next = item.ancestorHasData() || nodeHasData;
      for (SpanNode child : children.getOrDefault(item.node().spanId(), List.of())) {
        stack.push(new Item(child, next));
      }
    }
    return hasData ? totals : null;
  }

  static Number add(Number a, Number b) {
    if (b == null) {
      return a;
    }
    if (isIntegral(a) && isIntegral(b)) {
      return a.longValue() + b.longValue();
    }
    return a.doubleValue() + b.doubleValue();
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer;
  }

  /**
   * The numbers of a usage or cost attribute (JSON text of an object), as MLflow's {@code
   * _span_aggregation_node} reads it: null unless it is an object. Non-numeric values are left out.
   */
  public static Map<String, Number> numbers(String jsonText) {
    if (jsonText == null) {
      return null;
    }
    return numbers(PyJsonText.tryLoads(jsonText));
  }

  /** The numeric members of a JSON object, or null when it is not an object. */
  public static Map<String, Number> numbers(JsonNode n) {
    if (n == null || !n.isObject()) {
      return null;
    }
    Map<String, Number> out = new LinkedHashMap<>();
    n.fields()
        .forEachRemaining(
            e -> {
              JsonNode v = e.getValue();
              if (v.isIntegralNumber() && v.canConvertToLong()) {
                out.put(e.getKey(), v.longValue());
              } else if (v.isNumber()) {
                out.put(e.getKey(), v.doubleValue());
              }
            });
    return out;
  }

  /** MLflow's {@code token_count_or_none}: an integral value in BIGINT range, else null. */
  public static Long tokenCount(Number n) {
    if (n == null) {
      return null;
    }
    if (n instanceof Long || n instanceof Integer) {
      return n.longValue();
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d) || d != Math.rint(d) || Math.abs(d) > 9.2e18) {
      return null;
    }
    return (long) d;
  }

  /** MLflow's {@code finite_float_or_none}. */
  public static Double finiteFloat(Number n) {
    if (n == null) {
      return null;
    }
    double d = n.doubleValue();
    return Double.isFinite(d) ? d : null;
  }
}
