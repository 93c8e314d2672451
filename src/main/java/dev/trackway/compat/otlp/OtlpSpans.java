package dev.trackway.compat.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.trackway.compat.PyJsonText;
import dev.trackway.domain.trace.SpanRow;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts the spans of an OTLP export request into MLflow's stored form, as MLflow's server does
 * ({@code Span.from_otel_proto}, {@code strip_otlp_double_encoding}, the root-span rules of {@code
 * otel_api.py} and {@code Span.to_dict}): ids become hex ({@code tr-<32 hex>} traces), attribute
 * values become JSON text (one level of double encoding removed), and the span dict is written with
 * Python's JSON layout into {@link SpanRow#content()}.
 *
 * <p>MLflow's third-party translators (GenAI semantic conventions, OpenInference, ...) and its
 * model price catalog are not applied; the one translation the stock client's spans can trigger,
 * the model name taken from a {@code "model"} field of the inputs or outputs, is.
 */
public final class OtlpSpans {
  public static final String REQUEST_ID = "mlflow.traceRequestId";
  public static final String SPAN_TYPE = "mlflow.spanType";
  public static final String INPUTS = "mlflow.spanInputs";
  public static final String OUTPUTS = "mlflow.spanOutputs";
  public static final String CHAT_USAGE = "mlflow.chat.tokenUsage";
  public static final String LLM_COST = "mlflow.llm.cost";
  public static final String MODEL = "mlflow.llm.model";
  public static final String MODEL_PROVIDER = "mlflow.llm.provider";
  public static final String TRACE_TAG_PREFIX = "mlflow.traceTag.";

  /** service.name values MLflow copies onto root spans (its known coding agents). */
  static final Set<String> KNOWN_SERVICE_NAMES =
      Set.of("claude-code", "codex_cli_rs", "codex_vscode", "gemini-cli", "qwen-code");

  /** Tags a client may not set through root-span attributes (MLflow's handler-blocked tags). */
  public static final Set<String> BLOCKED_TAGS =
      Set.of(
          "mlflow.artifactLocation",
          "mlflow.trace.spansLocation",
          "mlflow.trace.archiveLocation",
          "mlflow.trace.archivalFailure");

  private static final String[] KIND_NAMES = {
    "SPAN_KIND_UNSPECIFIED",
    "SPAN_KIND_INTERNAL",
    "SPAN_KIND_SERVER",
    "SPAN_KIND_CLIENT",
    "SPAN_KIND_PRODUCER",
    "SPAN_KIND_CONSUMER"
  };
  private static final int MODEL_DIMENSION_MAX_LENGTH = 500;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private OtlpSpans() {}

  /**
   * A converted span: its row, its attributes (name to JSON text, in order) and the attributes of
   * the resource it came with (name to decoded value, for resource tags).
   */
  public record Converted(
      SpanRow row, Map<String, String> attributes, Map<String, JsonNode> resourceAttributes) {
    public boolean isRoot() {
      return row.parentSpanId() == null;
    }
  }

  /** Every span of the request; a span that cannot be converted fails the request (422). */
  public static List<Converted> convert(ExportTraceServiceRequest request) {
    List<Converted> out = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Resource resource = rs.getResource();
      String serviceName = knownServiceName(resource);
      Map<String, JsonNode> resourceAttributes = new LinkedHashMap<>();
      for (KeyValue kv : resource.getAttributesList()) {
        resourceAttributes.put(kv.getKey(), decode(kv.getValue(), false));
      }
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          try {
            out.add(convert(span, serviceName, resourceAttributes));
          } catch (RuntimeException e) {
            throw new OtlpRequestException(422, "Cannot convert OpenTelemetry span to MLflow span");
          }
        }
      }
    }
    return out;
  }

  private static String knownServiceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        JsonNode v = decode(kv.getValue(), false);
        String s = v.isNull() ? null : (v.isTextual() ? v.textValue() : pyStr(v));
        return s != null && KNOWN_SERVICE_NAMES.contains(s) ? s : null;
      }
    }
    return null;
  }

  static Converted convert(
      Span span, String serviceName, Map<String, JsonNode> resourceAttributes) {
    if (span.getTraceId().isEmpty()) {
      throw new IllegalArgumentException("trace_id is required but was empty");
    }
    if (span.getSpanId().isEmpty()) {
      throw new IllegalArgumentException("span_id is required but was empty");
    }
    BigInteger traceIdValue = new BigInteger(1, span.getTraceId().toByteArray());
    BigInteger spanIdValue = new BigInteger(1, span.getSpanId().toByteArray());
    BigInteger parentValue =
        span.getParentSpanId().isEmpty()
            ? null
            : new BigInteger(1, span.getParentSpanId().toByteArray());
    if (traceIdValue.bitLength() > 128
        || spanIdValue.bitLength() > 64
        || (parentValue != null && parentValue.bitLength() > 64)) {
      throw new IllegalArgumentException("id out of range");
    }
    String traceHex = hex(traceIdValue, 32);
    String traceId = "tr-" + traceHex;
    String spanId = hex(spanIdValue, 16);
    String parentId = parentValue == null ? null : hex(parentValue, 16);

    Map<String, String> attributes = new LinkedHashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      attributes.put(kv.getKey(), PyJsonText.dumps(decode(kv.getValue(), false), false));
    }
    // MLflow derives the request id from the OTel trace id; a client-sent one is not trusted
    attributes.put(REQUEST_ID, PyJsonText.dumpsString(traceId, false));
    stripDoubleEncoding(attributes);
    if (parentId == null) {
      if (serviceName != null) {
        attributes.put("service.name", PyJsonText.dumpsString(serviceName, false));
      }
      for (String blocked : BLOCKED_TAGS) {
        attributes.remove(TRACE_TAG_PREFIX + blocked);
      }
    }
    String spanType = stringValue(attributes.get(SPAN_TYPE));
    addModelFromInputsOrOutputs(attributes);

    String status =
        switch (span.getStatus().getCode()) {
          case STATUS_CODE_OK -> "OK";
          case STATUS_CODE_ERROR -> "ERROR";
          default -> "UNSET";
        };
    // OpenTelemetry keeps a status description only on errors
    String statusMessage = status.equals("ERROR") ? span.getStatus().getMessage() : "";
    int kind = span.getKindValue();
    String kindName = kind >= 1 && kind < KIND_NAMES.length ? KIND_NAMES[kind] : KIND_NAMES[1];
    long start = span.getStartTimeUnixNano();
    long end = span.getEndTimeUnixNano();

    StringBuilder c = new StringBuilder(512);
    c.append("{\"trace_id\": ");
    PyJsonText.string(c, base64(traceIdValue, 16), false);
    c.append(", \"span_id\": ");
    PyJsonText.string(c, base64(spanIdValue, 8), false);
    c.append(", \"parent_span_id\": ");
    if (parentValue == null) {
      c.append("null");
    } else {
      PyJsonText.string(c, base64(parentValue, 8), false);
    }
    c.append(", \"name\": ");
    PyJsonText.string(c, span.getName(), false);
    c.append(", \"kind\": \"").append(kindName).append('"');
    c.append(", \"start_time_unix_nano\": ").append(Long.toUnsignedString(start));
    c.append(", \"end_time_unix_nano\": ").append(Long.toUnsignedString(end));
    c.append(", \"events\": [");
    for (int i = 0; i < span.getEventsCount(); i++) {
      Span.Event e = span.getEvents(i);
      c.append(i > 0 ? ", " : "").append("{\"name\": ");
      PyJsonText.string(c, e.getName(), false);
      c.append(", \"time_unix_nano\": ").append(Long.toUnsignedString(e.getTimeUnixNano()));
      c.append(", \"attributes\": ");
      ObjectNode attrs = JSON.objectNode();
      for (KeyValue kv : e.getAttributesList()) {
        attrs.set(kv.getKey(), decode(kv.getValue(), false));
      }
      PyJsonText.write(c, attrs, false);
      c.append('}');
    }
    c.append("], \"status\": {\"code\": \"STATUS_CODE_").append(status).append("\", \"message\": ");
    PyJsonText.string(c, statusMessage, false);
    c.append("}, \"attributes\": {");
    boolean first = true;
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      c.append(first ? "" : ", ");
      first = false;
      PyJsonText.string(c, a.getKey(), false);
      c.append(": ");
      PyJsonText.string(c, a.getValue(), false);
    }
    c.append("}, \"links\": [");
    for (int i = 0; i < span.getLinksCount(); i++) {
      Span.Link l = span.getLinks(i);
      c.append(i > 0 ? ", " : "").append("{\"trace_id\": ");
      PyJsonText.string(c, "tr-" + hex(new BigInteger(1, l.getTraceId().toByteArray()), 32), false);
      c.append(", \"span_id\": ");
      PyJsonText.string(c, hex(new BigInteger(1, l.getSpanId().toByteArray()), 16), false);
      c.append(", \"attributes\": ");
      if (l.getAttributesCount() == 0) {
        c.append("null");
      } else {
        ObjectNode attrs = JSON.objectNode();
        for (KeyValue kv : l.getAttributesList()) {
          attrs.set(kv.getKey(), decode(kv.getValue(), true));
        }
        PyJsonText.write(c, attrs, false);
      }
      c.append('}');
    }
    c.append("]}");

    Map<String, Double> cost = costValues(attributes.get(LLM_COST));
    SpanRow row =
        new SpanRow(
            traceId,
            spanId,
            parentId,
            span.getName(),
            spanType,
            status,
            start,
            end,
            c.toString(),
            cost.get("input_cost"),
            cost.get("output_cost"),
            cost.get("total_cost"),
            modelDimension(attributes.get(MODEL)),
            modelDimension(attributes.get(MODEL_PROVIDER)));
    return new Converted(row, attributes, resourceAttributes);
  }

  // ------------------------------------------------------------------ values

  /**
   * An AnyValue as the value MLflow decodes it to: nothing set is null, arrays are lists, kvlists
   * are ordered objects. Bytes become Python's {@code str(bytes)} (what MLflow's JSON encoder falls
   * back to), or base64 for link attributes.
   */
  static JsonNode decode(AnyValue v, boolean bytesAsBase64) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> JSON.textNode(v.getStringValue());
      case BOOL_VALUE -> JSON.booleanNode(v.getBoolValue());
      case INT_VALUE -> JSON.numberNode(v.getIntValue());
      case DOUBLE_VALUE -> JSON.numberNode(v.getDoubleValue());
      case BYTES_VALUE ->
          JSON.textNode(
              bytesAsBase64
                  ? Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray())
                  : bytesRepr(v.getBytesValue()));
      case ARRAY_VALUE -> {
        ArrayNode arr = JSON.arrayNode();
        for (AnyValue item : v.getArrayValue().getValuesList()) {
          arr.add(decode(item, bytesAsBase64));
        }
        yield arr;
      }
      case KVLIST_VALUE -> {
        ObjectNode obj = JSON.objectNode();
        for (KeyValue kv : v.getKvlistValue().getValuesList()) {
          obj.set(kv.getKey(), decode(kv.getValue(), bytesAsBase64));
        }
        yield obj;
      }
      default -> JSON.nullNode();
    };
  }

  /**
   * MLflow's {@code strip_otlp_double_encoding}: a JSON string whose text is itself JSON for a
   * string, object or array loses its outer encoding.
   */
  static void stripDoubleEncoding(Map<String, String> attributes) {
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      JsonNode outer = PyJsonText.tryLoads(e.getValue());
      if (outer != null && outer.isTextual()) {
        JsonNode inner = PyJsonText.tryLoads(outer.textValue());
        if (inner != null && (inner.isTextual() || inner.isObject() || inner.isArray())) {
          e.setValue(outer.textValue());
        }
      }
    }
  }

  /** MLflow's model-name fallback: a string {@code model} field of the inputs, else outputs. */
  private static void addModelFromInputsOrOutputs(Map<String, String> attributes) {
    if (attributes.containsKey(MODEL)) {
      return;
    }
    for (String key : new String[] {INPUTS, OUTPUTS}) {
      String raw = attributes.get(key);
      if (raw == null || raw.isEmpty()) {
        continue;
      }
      JsonNode parsed = PyJsonText.tryLoads(raw);
      if (parsed != null && parsed.isObject()) {
        JsonNode model = parsed.get("model");
        if (model != null && truthy(model)) {
          if (model.isTextual()) {
            attributes.put(MODEL, PyJsonText.dumpsString(model.textValue(), false));
          }
          return;
        }
      }
    }
  }

  private static boolean truthy(JsonNode n) {
    if (n.isNull()) {
      return false;
    }
    if (n.isTextual()) {
      return !n.textValue().isEmpty();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.doubleValue() != 0;
    }
    return n.size() > 0;
  }

  /** MLflow's {@code _try_parse_json_string}: the decoded string, else the text as it is. */
  public static String stringValue(String jsonText) {
    if (jsonText == null) {
      return null;
    }
    JsonNode n = PyJsonText.tryLoads(jsonText);
    return n != null && n.isTextual() ? n.textValue() : jsonText;
  }

  private static String modelDimension(String jsonText) {
    if (jsonText == null) {
      return null;
    }
    JsonNode n = PyJsonText.tryLoads(jsonText);
    if (n == null || !n.isTextual()) {
      return null;
    }
    String s = n.textValue();
    return s.length() > MODEL_DIMENSION_MAX_LENGTH ? s.substring(0, MODEL_DIMENSION_MAX_LENGTH) : s;
  }

  private static Map<String, Double> costValues(String jsonText) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (jsonText == null || jsonText.isEmpty()) {
      return out;
    }
    JsonNode n = PyJsonText.tryLoads(jsonText);
    if (n != null && n.isObject()) {
      for (String k : new String[] {"input_cost", "output_cost", "total_cost"}) {
        JsonNode v = n.get(k);
        if (v != null && v.isNumber() && Double.isFinite(v.doubleValue())) {
          out.put(k, v.doubleValue());
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ ids

  static String hex(BigInteger v, int digits) {
    String h = v.toString(16);
    return h.length() >= digits ? h : "0".repeat(digits - h.length()) + h;
  }

  static String base64(BigInteger v, int bytes) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[bytes];
    int copy = Math.min(raw.length, bytes);
    System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
    return Base64.getEncoder().encodeToString(out);
  }

  /** Python's {@code str(b'...')}. */
  static String bytesRepr(ByteString bytes) {
    byte[] b = bytes.toByteArray();
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (byte x : b) {
      hasSingle |= x == '\'';
      hasDouble |= x == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder sb = new StringBuilder("b").append(quote);
    for (byte x : b) {
      int ch = x & 0xff;
      if (ch == quote || ch == '\\') {
        sb.append('\\').append((char) ch);
      } else if (ch == '\t') {
        sb.append("\\t");
      } else if (ch == '\n') {
        sb.append("\\n");
      } else if (ch == '\r') {
        sb.append("\\r");
      } else if (ch < 0x20 || ch >= 0x7f) {
        sb.append(String.format("\\x%02x", ch));
      } else {
        sb.append((char) ch);
      }
    }
    return sb.append(quote).toString();
  }

  /** Python's {@code str()} of a decoded value that is not a string. */
  static String pyStr(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue() ? "True" : "False";
    }
    return PyJsonText.dumps(v, false);
  }
}
