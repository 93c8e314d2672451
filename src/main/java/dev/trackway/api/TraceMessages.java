package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.api.response.trace.AssessmentMessage;
import dev.trackway.api.response.trace.OtelSpan;
import dev.trackway.api.response.trace.TraceInfoV2;
import dev.trackway.api.response.trace.TraceInfoV3;
import dev.trackway.api.response.trace.TraceLocation;
import dev.trackway.api.response.trace.TraceMessage;
import dev.trackway.compat.PyJsonText;
import dev.trackway.compat.trace.ProtoTime;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.Trace;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.error.MlflowException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's trace messages on the wire, both ways: domain traces and assessments as {@code
 * TraceInfoV3}, {@code Trace}, v2 {@code TraceInfo} and {@code Assessment} JSON (with MLflow's
 * output truncation of metadata and tags), spans through {@link SpanMessages}, and the request
 * messages decoded.
 */
final class TraceMessages {
  static final int MAX_METADATA_LENGTH = 250;
  static final int MAX_TAG_KEY_LENGTH = 250;
  static final int MAX_TAG_VALUE_LENGTH = 4096;
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private TraceMessages() {}

  // ------------------------------------------------------------------ trace info out

  static TraceInfoV3 infoV3(TraceInfo t) {
    List<AssessmentMessage> assessments =
        t.assessments() == null || t.assessments().isEmpty()
            ? null
            : t.assessments().stream().map(TraceMessages::assessment).toList();
    return new TraceInfoV3(
        t.traceId(),
        t.clientRequestId(),
        TraceLocation.experiment(t.experimentId()),
        t.requestPreview(),
        t.responsePreview(),
        ProtoTime.timestamp(t.requestTimeMs()),
        t.executionTimeMs() == null ? null : ProtoTime.duration(t.executionTimeMs()),
        t.state(),
        nullIfEmpty(truncate(t.metadata(), MAX_METADATA_LENGTH, MAX_METADATA_LENGTH)),
        assessments,
        nullIfEmpty(truncate(t.tags(), MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH)));
  }

  static List<TraceInfoV3> infosV3(List<TraceInfo> infos) {
    return infos.stream().map(TraceMessages::infoV3).toList();
  }

  /** {@code Trace} with its info only. */
  static TraceMessage trace(TraceInfo t) {
    return new TraceMessage(infoV3(t), null);
  }

  /** {@code Trace} with info and spans. */
  static TraceMessage trace(Trace t) {
    List<OtelSpan> spans = new ArrayList<>(t.spanContents().size());
    for (String content : t.spanContents()) {
      spans.add(SpanMessages.span(content));
    }
    return new TraceMessage(infoV3(t.info()), spans.isEmpty() ? null : spans);
  }

  static TraceInfoV2 infoV2(TraceInfo t) {
    List<KeyValue> metadata = new ArrayList<>();
    truncate(t.metadata(), MAX_METADATA_LENGTH, MAX_METADATA_LENGTH)
        .forEach((k, v) -> metadata.add(new KeyValue(k, v)));
    List<KeyValue> tags = new ArrayList<>();
    truncate(t.tags(), MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH)
        .forEach((k, v) -> tags.add(new KeyValue(k, v)));
    String status = t.state().equals("STATE_UNSPECIFIED") ? "TRACE_STATUS_UNSPECIFIED" : t.state();
    return new TraceInfoV2(
        t.traceId(),
        t.experimentId(),
        t.requestTimeMs(),
        t.executionTimeMs() == null ? 0 : t.executionTimeMs(),
        status,
        metadata.isEmpty() ? null : metadata,
        tags.isEmpty() ? null : tags);
  }

  private static Map<String, String> truncate(Map<String, String> m, int keyMax, int valueMax) {
    Map<String, String> out = new LinkedHashMap<>();
    if (m == null) {
      return out;
    }
    m.forEach((k, v) -> out.put(cut(k, keyMax), v == null ? null : cut(v, valueMax)));
    return out;
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static <K, V> Map<K, V> nullIfEmpty(Map<K, V> m) {
    return m == null || m.isEmpty() ? null : m;
  }

  // ------------------------------------------------------------------ assessments out

  static AssessmentMessage assessment(Assessment a) {
    JsonNode value = PyJsonText.tryLoads(a.value());
    AssessmentMessage.Feedback feedback = null;
    AssessmentMessage.Expectation expectation = null;
    AssessmentMessage.Issue issue = null;
    switch (a.type()) {
      case Assessment.FEEDBACK ->
          feedback = new AssessmentMessage.Feedback(protoValue(value), error(a.error()));
      case Assessment.EXPECTATION -> {
        if (value != null && (value.isTextual() || value.isNumber() || value.isBoolean())) {
          expectation = new AssessmentMessage.Expectation(protoValue(value), null);
        } else {
          expectation =
              new AssessmentMessage.Expectation(
                  null,
                  new AssessmentMessage.SerializedValue(
                      "JSON_FORMAT", PyJsonText.dumps(value == null ? JSON.nullNode() : value)));
        }
      }
      default -> {
        JsonNode name = value == null ? null : value.get("issue_name");
        issue = new AssessmentMessage.Issue(name == null || name.isNull() ? null : name.asText());
      }
    }
    return new AssessmentMessage(
        a.assessmentId(),
        a.name(),
        a.traceId(),
        a.spanId(),
        new AssessmentMessage.Source(a.sourceType(), a.sourceId()),
        ProtoTime.timestamp(a.createdTimestampMs()),
        ProtoTime.timestamp(a.lastUpdatedTimestampMs()),
        feedback,
        expectation,
        issue,
        a.rationale(),
        a.metadata() == null || a.metadata().isEmpty() ? null : a.metadata(),
        a.overrides() == null || a.overrides().isEmpty() ? null : a.overrides(),
        a.valid());
  }

  /** A JSON value as a {@code google.protobuf.Value} writes it: every number a double. */
  static JsonNode protoValue(JsonNode v) {
    if (v == null) {
      return JSON.nullNode();
    }
    if (v.isNumber()) {
      return JSON.numberNode(v.doubleValue());
    }
    if (v.isArray()) {
      ArrayNode out = JSON.arrayNode();
      v.forEach(x -> out.add(protoValue(x)));
      return out;
    }
    if (v.isObject()) {
      ObjectNode out = JSON.objectNode();
      v.fields().forEachRemaining(e -> out.set(e.getKey(), protoValue(e.getValue())));
      return out;
    }
    return v;
  }

  private static AssessmentMessage.Error error(String json) {
    if (json == null) {
      return null;
    }
    JsonNode n = PyJsonText.tryLoads(json);
    if (n == null || !n.isObject()) {
      return null;
    }
    return new AssessmentMessage.Error(
        text(n, "error_code"), text(n, "error_message"), text(n, "stack_trace"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  // ------------------------------------------------------------------ assessments in

  /** An assessment request message ({@code CreateAssessment.assessment}, or an update's). */
  static Assessment assessment(Req a, String traceId) {
    String type;
    String value;
    String error = null;
    String rationale = a.string("rationale");
    String overrides = a.string("overrides");
    Req feedback = a.message("feedback");
    Req expectation = a.message("expectation");
    Req issue = a.message("issue");
    if (expectation != null) {
      type = Assessment.EXPECTATION;
      value = expectationValue(expectation);
      rationale = null;
      overrides = null;
    } else if (feedback != null) {
      type = Assessment.FEEDBACK;
      value = PyJsonText.dumps(protoValue(feedback.field("value")));
      Req err = feedback.message("error");
      if (err != null) {
        ObjectNode e = JSON.objectNode();
        putText(e, "error_code", err.string("error_code"));
        putText(e, "error_message", err.string("error_message"));
        putText(e, "stack_trace", err.string("stack_trace"));
        error = PyJsonText.dumps(e);
      }
    } else if (issue != null) {
      type = Assessment.ISSUE;
      ObjectNode v = JSON.objectNode();
      putText(v, "issue_name", issue.string("issue_name"));
      value = PyJsonText.dumps(v);
    } else {
      throw MlflowException.invalidParameterValue("Unknown assessment type: None");
    }
    Req source = a.message("source");
    String sourceType = source == null ? null : enumName(source.field("source_type"));
    String sourceId = source == null ? null : emptyToNull(source.string("source_id"));
    Map<String, String> metadata = stringMap(a.field("metadata"));
    String runId = metadata == null ? null : metadata.get("mlflow.assessment.sourceRunId");
    return new Assessment(
        emptyToNull(a.string("assessment_id")),
        traceId,
        a.stringOrEmpty("assessment_name"),
        type,
        value,
        error,
        timestampMs(a, "create_time"),
        timestampMs(a, "last_update_time"),
        sourceType == null ? "SOURCE_TYPE_UNSPECIFIED" : sourceType,
        sourceId,
        runId,
        emptyToNull(a.string("span_id")),
        emptyToNull(rationale),
        emptyToNull(overrides),
        true,
        metadata);
  }

  private static void putText(ObjectNode n, String field, String value) {
    if (value == null || value.isEmpty()) {
      n.putNull(field);
    } else {
      n.put(field, value);
    }
  }

  private static String expectationValue(Req e) {
    Req serialized = e.message("serialized_value");
    if (serialized != null) {
      String raw = serialized.stringOrEmpty("value");
      JsonNode parsed = PyJsonText.tryLoads(raw);
      if (parsed == null) {
        throw MlflowException.invalidParameterValue(
            "Invalid serialized expectation value: %s", raw);
      }
      return PyJsonText.dumps(parsed);
    }
    return PyJsonText.dumps(protoValue(e.field("value")));
  }

  private static long timestampMs(Req r, String field) {
    String s = r.string(field);
    if (s == null || s.isEmpty()) {
      return 0;
    }
    try {
      return ProtoTime.parseTimestamp(s);
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameterValue(
          "Failed to parse %s field: %s", field, e.getMessage());
    }
  }

  /** An enum field sent by name (or, as protobuf's parser allows, by number). */
  static String enumName(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    return v.asText();
  }

  static Map<String, String> stringMap(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isObject()) {
      throw MlflowException.invalidParameterValue("Invalid map value: %s", v.toString());
    }
    Map<String, String> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
    }
    return out.isEmpty() ? null : out;
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  // ------------------------------------------------------------------ trace info in

  private static final String[] STATES = {"STATE_UNSPECIFIED", "OK", "ERROR", "IN_PROGRESS"};

  /** The {@code trace_info} of a StartTraceV3 request. */
  static TraceInfo traceInfo(Req info) {
    Req location = info.message("trace_location");
    Req experiment = location == null ? null : location.message("mlflow_experiment");
    String experimentId = experiment == null ? "" : experiment.stringOrEmpty("experiment_id");
    String requestTime = info.string("request_time");
    String duration = info.string("execution_duration");
    long requestMs;
    Long durationMs;
    try {
      requestMs = requestTime == null ? 0 : ProtoTime.parseTimestamp(requestTime);
      durationMs = duration == null ? null : ProtoTime.parseDuration(duration);
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameterValue("%s", e.getMessage());
    }
    String state = state(info.field("state"));
    List<Assessment> assessments = new ArrayList<>();
    String traceId = info.stringOrEmpty("trace_id");
    for (Req a : info.messages("assessments")) {
      assessments.add(assessment(a, traceId));
    }
    Map<String, String> metadata = stringMap(info.field("trace_metadata"));
    Map<String, String> tags = stringMap(info.field("tags"));
    return new TraceInfo(
        traceId,
        experimentId,
        requestMs,
        durationMs,
        state,
        emptyToNull(info.string("client_request_id")),
        info.string("request_preview"),
        info.string("response_preview"),
        metadata == null ? new LinkedHashMap<>() : metadata,
        tags == null ? new LinkedHashMap<>() : tags,
        assessments);
  }

  static String state(JsonNode v) {
    if (v == null || v.isNull()) {
      return "STATE_UNSPECIFIED";
    }
    if (v.isIntegralNumber() && v.asInt() >= 0 && v.asInt() < STATES.length) {
      return STATES[v.asInt()];
    }
    String s = v.asText();
    for (String name : STATES) {
      if (name.equals(s)) {
        return name;
      }
    }
    throw MlflowException.invalidParameterValue("Invalid value for enum field state: %s", s);
  }

  /** A v2 {@code TraceStatus} as the state column stores it. */
  static String traceStatus(JsonNode v) {
    if (v == null || v.isNull()) {
      return "STATE_UNSPECIFIED";
    }
    String s = v.isIntegralNumber() ? STATES[Math.min(3, Math.max(0, v.asInt()))] : v.asText();
    return switch (s) {
      case "OK", "ERROR", "IN_PROGRESS" -> s;
      case "TRACE_STATUS_UNSPECIFIED", "STATE_UNSPECIFIED" -> "STATE_UNSPECIFIED";
      default ->
          throw MlflowException.invalidParameterValue("Invalid value for enum field status: %s", s);
    };
  }

  /** Repeated {@code {key, value}} messages as a map (the last value of a key wins). */
  static Map<String, String> keyValueMap(Req r, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Req kv : r.messages(field)) {
      out.put(kv.stringOrEmpty("key"), kv.stringOrEmpty("value"));
    }
    return out;
  }
}
