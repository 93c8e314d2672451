package dev.trackway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.compat.PyJsonText;
import dev.trackway.compat.otlp.OtlpSpans;
import dev.trackway.compat.trace.Previews;
import dev.trackway.compat.trace.SpanAggregation;
import dev.trackway.domain.trace.SpanNode;
import dev.trackway.domain.trace.SpanRow;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.domain.trace.TraceSpanBatch;
import dev.trackway.error.MlflowException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * OTLP spans of one trace as the store writes them: MLflow's per-trace aggregate ({@code
 * _TraceAggregate}) with its time range, root status, session and user, token usage and cost,
 * previews, trace name and tags (root span attributes and resource attributes).
 */
final class TraceSpanBatches {
  private static final Logger LOG = Logger.getLogger(TraceSpanBatches.class);

  private TraceSpanBatches() {}

  /** MLflow's per-trace aggregate of a span batch ({@code _TraceAggregate}). */
  static TraceSpanBatch batch(String traceId, List<OtlpSpans.Converted> spans) {
    List<SpanRow> rows = new ArrayList<>(spans.size());
    List<SpanNode> nodes = new ArrayList<>(spans.size());
    long minStart = Long.MAX_VALUE;
    Long maxEnd = null;
    String rootStatus = null;
    String sessionId = null;
    String userId = null;
    OtlpSpans.Converted root = null;
    Map<String, String> rootTags = new LinkedHashMap<>();
    String traceName = null;
    for (OtlpSpans.Converted s : spans) {
      SpanRow r = s.row();
      rows.add(r);
      minStart = Math.min(minStart, Math.floorDiv(r.startTimeUnixNano(), 1_000_000L));
      if (r.endTimeUnixNano() != null) {
        long end = Math.floorDiv(r.endTimeUnixNano(), 1_000_000L);
        maxEnd = maxEnd == null ? end : Math.max(maxEnd, end);
      }
      Map<String, String> a = s.attributes();
      nodes.add(
          new SpanNode(
              r.spanId(),
              r.parentSpanId(),
              SpanAggregation.numbers(a.get(OtlpSpans.CHAT_USAGE)),
              SpanAggregation.numbers(a.get(OtlpSpans.LLM_COST))));
      if (sessionId == null) {
        String raw = firstNonEmpty(a.get("session.id"), a.get("gen_ai.conversation.id"));
        if (raw != null) {
          sessionId =
              Validation.lengthLimit(
                  "Session ID",
                  TracingService.MAX_SESSION_ID_LENGTH,
                  OtlpSpans.stringValue(raw),
                  false);
        }
      }
      if (userId == null) {
        String raw = a.get("user.id");
        if (raw != null && !raw.isEmpty()) {
          userId = OtlpSpans.stringValue(raw);
        }
      }
      if (s.isRoot()) {
        if (rootStatus == null) {
          rootStatus = r.status().equals("ERROR") ? "ERROR" : "OK";
        }
        root = s;
        for (Map.Entry<String, String> attr : a.entrySet()) {
          if (!attr.getKey().startsWith(OtlpSpans.TRACE_TAG_PREFIX)) {
            continue;
          }
          String key = attr.getKey().substring(OtlpSpans.TRACE_TAG_PREFIX.length());
          String value = OtlpSpans.stringValue(attr.getValue());
          String[] tag = validTag(key, value);
          if (tag == null) {
            continue;
          }
          if (tag[0].equals(TraceKeys.TRACE_NAME)) {
            traceName =
                Validation.lengthLimit(
                    "Trace name", TracingService.MAX_TRACE_NAME_LENGTH, tag[1], false);
          } else {
            rootTags.put(tag[0], tag[1]);
          }
        }
      }
    }
    boolean previews = false;
    String requestPreview = null;
    String responsePreview = null;
    if (root != null) {
      try {
        String inputs = root.attributes().get(OtlpSpans.INPUTS);
        String outputs = root.attributes().get(OtlpSpans.OUTPUTS);
        requestPreview =
            inputs == null || inputs.isEmpty() ? null : Previews.preview(inputs, "user");
        responsePreview =
            outputs == null || outputs.isEmpty() ? null : Previews.preview(outputs, "assistant");
        previews = true;
      } catch (Previews.PreviewFailure e) {
        LOG.debugf("No previews for trace %s: %s", traceId, e.getMessage());
      }
    }
    Map<String, String> tags = new LinkedHashMap<>(resourceTags(spans));
    tags.putAll(rootTags);
    return new TraceSpanBatch(
        traceId,
        rows,
        nodes,
        minStart,
        maxEnd,
        rootStatus,
        SpanAggregation.usage(nodes),
        SpanAggregation.cost(nodes),
        sessionId,
        userId,
        previews,
        requestPreview,
        responsePreview,
        traceName,
        tags);
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b != null && !b.isEmpty() ? b : null;
  }

  /**
   * The resource attributes of the first span that has any, as trace tags: {@code telemetry.sdk.*}
   * and {@code mlflow.*} left out, non-string values JSON-encoded, invalid tags skipped.
   */
  static Map<String, String> resourceTags(List<OtlpSpans.Converted> spans) {
    Map<String, String> out = new LinkedHashMap<>();
    for (OtlpSpans.Converted s : spans) {
      if (s.resourceAttributes().isEmpty()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> e : s.resourceAttributes().entrySet()) {
        String key = e.getKey();
        if (key.startsWith("telemetry.sdk.") || key.startsWith("mlflow.")) {
          continue;
        }
        JsonNode v = e.getValue();
        String value = v.isTextual() ? v.textValue() : PyJsonText.dumps(v);
        String[] tag = validTag(key, value);
        if (tag != null) {
          out.put(tag[0], tag[1]);
        }
      }
      break;
    }
    return out;
  }

  /** MLflow's {@code _validate_trace_tag}: {key, value cut to 8000}, or null when invalid. */
  static String[] validTag(String key, String value) {
    try {
      Validation.tagName(key, "key");
      Validation.lengthLimit("key", TracingService.MAX_TAG_KEY_LENGTH, key, false);
    } catch (MlflowException e) {
      return null;
    }
    return new String[] {
      key, Validation.lengthLimit("value", TracingService.MAX_TAG_VALUE_LENGTH, value, true)
    };
  }
}
