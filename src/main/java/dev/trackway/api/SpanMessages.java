package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.response.trace.OtelSpan;
import dev.trackway.compat.PyJsonText;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Stored span content (MLflow's span dict as JSON) as OpenTelemetry span JSON on the wire ({@code
 * Span.to_otel_proto}), for {@link TraceMessages}.
 */
final class SpanMessages {
  private SpanMessages() {}

  /**
   * A stored span (MLflow's span dict as JSON) as OpenTelemetry span JSON: attribute values
   * JSON-decoded (raw text when not JSON) and typed, ids base64, root spans without a parent.
   */
  static OtelSpan span(String content) {
    JsonNode s = PyJsonText.tryLoads(content);
    if (s == null || !s.isObject()) {
      return new OtelSpan(null, null, null, null, null, null, null, null, null, null, null);
    }
    List<OtelSpan.KeyValue> attributes = new ArrayList<>();
    JsonNode attrs = s.get("attributes");
    if (attrs != null && attrs.isObject()) {
      attrs
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode raw = e.getValue();
                JsonNode decoded = raw.isTextual() ? PyJsonText.tryLoads(raw.textValue()) : raw;
                attributes.add(
                    new OtelSpan.KeyValue(e.getKey(), anyValue(decoded == null ? raw : decoded)));
              });
    }
    List<OtelSpan.Event> events = new ArrayList<>();
    for (JsonNode e : iter(s.get("events"))) {
      events.add(
          new OtelSpan.Event(
              longValue(e.get("time_unix_nano")),
              textOrNull(e.get("name")),
              keyValues(e.get("attributes"))));
    }
    List<OtelSpan.Link> links = new ArrayList<>();
    for (JsonNode l : iter(s.get("links"))) {
      String traceId = textOrNull(l.get("trace_id"));
      String hex =
          traceId == null ? "" : traceId.startsWith("tr-") ? traceId.substring(3) : traceId;
      links.add(
          new OtelSpan.Link(
              idBase64(hex, 16),
              idBase64(textOrNull(l.get("span_id")), 8),
              keyValues(l.get("attributes"))));
    }
    JsonNode status = s.get("status");
    String code = status == null ? null : textOrNull(status.get("code"));
    String message = status == null ? null : textOrNull(status.get("message"));
    Long end = longValue(s.get("end_time_unix_nano"));
    String kind = textOrNull(s.get("kind"));
    return new OtelSpan(
        textOrNull(s.get("trace_id")),
        textOrNull(s.get("span_id")),
        textOrNull(s.get("parent_span_id")),
        textOrNull(s.get("name")),
        kind == null ? "SPAN_KIND_INTERNAL" : kind,
        longValue(s.get("start_time_unix_nano")),
        end == null || end == 0 ? null : end,
        attributes.isEmpty() ? null : attributes,
        events.isEmpty() ? null : events,
        links.isEmpty() ? null : links,
        new OtelSpan.Status(
            message == null || message.isEmpty() ? null : message,
            code == null || code.equals("STATUS_CODE_UNSET") ? null : code));
  }

  private static List<OtelSpan.KeyValue> keyValues(JsonNode attrs) {
    if (attrs == null || !attrs.isObject() || attrs.isEmpty()) {
      return null;
    }
    List<OtelSpan.KeyValue> out = new ArrayList<>();
    attrs
        .fields()
        .forEachRemaining(e -> out.add(new OtelSpan.KeyValue(e.getKey(), anyValue(e.getValue()))));
    return out;
  }

  /** MLflow's {@code _set_otel_proto_anyvalue}: null leaves the value unset. */
  static OtelSpan.AnyValue anyValue(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return new OtelSpan.AnyValue(null, null, null, null, null, null, null);
    }
    if (v.isBoolean()) {
      return new OtelSpan.AnyValue(null, v.booleanValue(), null, null, null, null, null);
    }
    if (v.isTextual()) {
      return new OtelSpan.AnyValue(v.textValue(), null, null, null, null, null, null);
    }
    if (v.isIntegralNumber()) {
      if (v.canConvertToLong()) {
        return new OtelSpan.AnyValue(null, null, v.longValue(), null, null, null, null);
      }
      return new OtelSpan.AnyValue(v.asText(), null, null, null, null, null, null);
    }
    if (v.isNumber()) {
      return new OtelSpan.AnyValue(null, null, null, v.doubleValue(), null, null, null);
    }
    if (v.isArray()) {
      List<OtelSpan.AnyValue> items = new ArrayList<>();
      v.forEach(x -> items.add(anyValue(x)));
      return new OtelSpan.AnyValue(
          null,
          null,
          null,
          null,
          new OtelSpan.ArrayValue(items.isEmpty() ? null : items),
          null,
          null);
    }
    List<OtelSpan.KeyValue> kvs = new ArrayList<>();
    v.fields()
        .forEachRemaining(e -> kvs.add(new OtelSpan.KeyValue(e.getKey(), anyValue(e.getValue()))));
    return new OtelSpan.AnyValue(
        null, null, null, null, null, new OtelSpan.KeyValueList(kvs.isEmpty() ? null : kvs), null);
  }

  private static String idBase64(String hex, int bytes) {
    if (hex == null || hex.isEmpty()) {
      return null;
    }
    try {
      byte[] raw = new BigInteger(hex, 16).toByteArray();
      byte[] out = new byte[bytes];
      int copy = Math.min(raw.length, bytes);
      System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
      return Base64.getEncoder().encodeToString(out);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Iterable<JsonNode> iter(JsonNode n) {
    return n != null && n.isArray() ? n : List.of();
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Long longValue(JsonNode n) {
    return n == null || n.isNull() || !n.isNumber() ? null : n.longValue();
  }
}
