package dev.trackway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.trackway.testing.AbstractApiTest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Wire tests of the tracing routes: OTLP export (protobuf, OTLP JSON, gzip, deflate, every refusal,
 * and that a refused request stores nothing), the v3 and v2 trace RPCs, assessments,
 * get-trace-artifact and the dashboard metrics, each under /api and /ajax-api.
 */
public abstract class AbstractTracingApiTest extends AbstractApiTest {
  static final String V3 = "/api/3.0/mlflow";
  static final String AJAX_V3 = "/ajax-api/3.0/mlflow";
  static final long T0 = 1_795_000_000_000_000_000L;

  static String hexId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static AnyValue str(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }

  static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  /** A span of the trace; {@code parent} null for the root. */
  static Span span(
      String traceHex,
      String spanHex,
      String parentHex,
      String name,
      long startNs,
      long endNs,
      boolean error,
      KeyValue... attributes) {
    HexFormat hex = HexFormat.of();
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(hex.parseHex(traceHex)))
            .setSpanId(ByteString.copyFrom(hex.parseHex(spanHex)))
            .setName(name)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(startNs)
            .setEndTimeUnixNano(endNs)
            .setStatus(
                Status.newBuilder()
                    .setCode(
                        error
                            ? Status.StatusCode.STATUS_CODE_ERROR
                            : Status.StatusCode.STATUS_CODE_OK)
                    .setMessage(error ? "boom" : ""))
            .addAllAttributes(List.of(attributes));
    if (parentHex != null) {
      b.setParentSpanId(ByteString.copyFrom(hex.parseHex(parentHex)));
    }
    return b.build();
  }

  static ExportTraceServiceRequest request(Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("service.name", str("wire")))
                        .addAttributes(kv("telemetry.sdk.language", str("java"))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }

  /** The stock client's two spans: a root with inputs/outputs and an erroring child. */
  static ExportTraceServiceRequest clientTrace(String traceHex) {
    AnyValue inputs =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("question", str("what")))
                    .addValues(kv("n", AnyValue.newBuilder().setIntValue(5).build())))
            .build();
    return request(
        span(
            traceHex,
            "a1a1a1a1a1a1a1a1",
            null,
            "root",
            T0,
            T0 + 5_000_000,
            false,
            kv("mlflow.spanType", str("CHAIN")),
            kv("mlflow.spanInputs", inputs),
            kv("mlflow.spanOutputs", str("done")),
            kv("mlflow.traceTag.team", str("alpha"))),
        span(
            traceHex,
            "b2b2b2b2b2b2b2b2",
            "a1a1a1a1a1a1a1a1",
            "child",
            T0 + 1_000_000,
            T0 + 2_000_000,
            true,
            kv("mlflow.spanType", str("TOOL"))));
  }

  static ValidatableResponse otlp(
      String experimentId, String contentType, byte[] body, String encoding) {
    var r = given().contentType(contentType).body(body);
    if (experimentId != null) {
      r = r.header("x-mlflow-experiment-id", experimentId);
    }
    if (encoding != null) {
      r = r.header("Content-Encoding", encoding);
    }
    return r.when().post("/v1/traces").then();
  }

  static ValidatableResponse getTrace(String prefix, String traceId) {
    return given()
        .queryParam("trace_id", traceId)
        .queryParam("allow_partial", "True")
        .when()
        .get(prefix + "/traces/get")
        .then();
  }

  static ValidatableResponse post3(String prefix, String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().post(prefix + path).then();
  }

  static byte[] gzip(byte[] b) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] b, boolean raw) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(6, raw))) {
      z.write(b);
    }
    return out.toByteArray();
  }

  // ------------------------------------------------------------------ OTLP

  @Test
  void otlpProtobufStoresTheSpansAsMlflowDoes() {
    String exp = createExperiment(unique("otlp"));
    String hex = hexId();
    otlp(exp, "application/x-protobuf", clientTrace(hex).toByteArray(), null)
        .statusCode(200)
        .contentType(startsWith("application/x-protobuf"));
    JsonPath trace = getTrace(V3, "tr-" + hex).statusCode(200).extract().jsonPath();
    assertEquals("tr-" + hex, trace.getString("trace.trace_info.trace_id"));
    assertEquals("OK", trace.getString("trace.trace_info.state"));
    assertEquals("2026-11-18T11:06:40Z", trace.getString("trace.trace_info.request_time"));
    assertEquals("0.005s", trace.getString("trace.trace_info.execution_duration"));
    assertEquals(
        "{\"question\": \"what\", \"n\": 5}", trace.getString("trace.trace_info.request_preview"));
    assertEquals("\"done\"", trace.getString("trace.trace_info.response_preview"));
    assertEquals("alpha", trace.getString("trace.trace_info.tags.team"));
    assertEquals("wire", trace.getString("trace.trace_info.tags['service.name']"));
    assertEquals(
        "TRACKING_STORE", trace.getString("trace.trace_info.tags['mlflow.trace.spansLocation']"));
    assertEquals(List.of("root", "child"), trace.getList("trace.spans.name"));
    assertEquals("STATUS_CODE_ERROR", trace.getString("trace.spans[1].status.code"));
    assertEquals("boom", trace.getString("trace.spans[1].status.message"));
    assertEquals("oaGhoaGhoaE=", trace.getString("trace.spans[1].parent_span_id"));
    assertEquals(
        5,
        trace.getInt(
            "trace.spans[0].attributes.find { it.key == 'mlflow.spanInputs' }"
                + ".value.kvlist_value.values.find { it.key == 'n' }.value.int_value"));
    assertEquals(
        "tr-" + hex,
        trace.getString(
            "trace.spans[0].attributes.find { it.key == 'mlflow.traceRequestId' }"
                + ".value.string_value"));
  }

  @Test
  void otlpJsonGzipAndDeflate() throws Exception {
    String exp = createExperiment(unique("otlp"));
    String hex = hexId();
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
            + hex
            + "\",\"spanId\":\"c3c3c3c3c3c3c3c3\",\"name\":\"json-root\",\"kind\":1,"
            + "\"startTimeUnixNano\":\""
            + T0
            + "\",\"endTimeUnixNano\":\""
            + (T0 + 1_000_000)
            + "\",\"attributes\":[{\"key\":\"x\",\"value\":{\"intValue\":\"3\"}}],"
            + "\"status\":{\"code\":1},\"unknownField\":true}]}]}]}";
    otlp(exp, "application/json; charset=utf-8", json.getBytes(), null)
        .statusCode(200)
        .contentType(ContentType.JSON)
        .body(equalTo("{}"));
    getTrace(V3, "tr-" + hex).statusCode(200).body("trace.spans[0].name", equalTo("json-root"));

    String h2 = hexId();
    otlp(exp, "application/x-protobuf", gzip(clientTrace(h2).toByteArray()), "gzip")
        .statusCode(200);
    String h3 = hexId();
    otlp(exp, "application/x-protobuf", deflate(clientTrace(h3).toByteArray(), false), "deflate")
        .statusCode(200);
    String h4 = hexId();
    otlp(exp, "application/x-protobuf", deflate(clientTrace(h4).toByteArray(), true), "DEFLATE")
        .statusCode(200);
    for (String h : List.of(h2, h3, h4)) {
      getTrace(AJAX_V3, "tr-" + h).statusCode(200).body("trace.spans", hasSize(2));
    }
  }

  @Test
  void otlpRefusalsAreClearAndStoreNothing() throws Exception {
    String exp = createExperiment(unique("otlp"));
    String hex = hexId();
    byte[] good = clientTrace(hex).toByteArray();
    otlp(null, "application/x-protobuf", good, null)
        .statusCode(422)
        .body("detail[0].loc", equalTo(List.of("header", "x-mlflow-experiment-id")))
        .body("detail[0].msg", equalTo("Field required"));
    otlp(exp, "text/plain", good, null)
        .statusCode(400)
        .body("detail", startsWith("Invalid Content-Type: text/plain"))
        .body("detail", containsString(". Expected: application/x-protobuf or application/json"));
    otlp(exp, "application/x-protobuf", new byte[] {(byte) 0xff, 0, 1, 2}, null)
        .statusCode(400)
        .body("detail", equalTo("Invalid OpenTelemetry format"));
    otlp(exp, "application/json", "{broken".getBytes(), null)
        .statusCode(400)
        .body("detail", equalTo("Invalid OpenTelemetry format"));
    otlp(
            exp,
            "application/json",
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}"
                .getBytes(),
            null)
        .statusCode(400)
        .body("detail", equalTo("Invalid OpenTelemetry format"));
    otlp(exp, "application/x-protobuf", new byte[0], null)
        .statusCode(400)
        .body("detail", equalTo("Invalid OpenTelemetry format - no spans found"));
    otlp(exp, "application/x-protobuf", good, "gzip")
        .statusCode(400)
        .body("detail", equalTo("Failed to decompress gzip payload"));
    otlp(exp, "application/x-protobuf", good, "deflate")
        .statusCode(400)
        .body("detail", equalTo("Failed to decompress deflate payload"));
    otlp(exp, "application/x-protobuf", good, "br")
        .statusCode(400)
        .body("detail", equalTo("Unsupported Content-Encoding: br"));
    ExportTraceServiceRequest noId =
        request(
            span(hex, "a1a1a1a1a1a1a1a1", null, "r", T0, T0 + 1, false).toBuilder()
                .setTraceId(ByteString.EMPTY)
                .build());
    otlp(exp, "application/x-protobuf", noId.toByteArray(), null)
        .statusCode(422)
        .body("detail", equalTo("Cannot convert OpenTelemetry span to MLflow span"));
    assertError(
        otlp("987654321", "application/x-protobuf", good, null),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No Experiment with id=987654321 exists");
    assertError(
        otlp("abc", "application/x-protobuf", good, null),
        400,
        "INVALID_PARAMETER_VALUE",
        "Experiment ID must be a valid integer");
    assertError(
        given().when().get(V3 + "/traces/tr-" + hex).then(),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");

    otlp(exp, "application/x-protobuf", good, null).statusCode(200);
    assertError(
        otlp(createExperiment(unique("other")), "application/x-protobuf", good, null),
        400,
        "INVALID_PARAMETER_VALUE",
        "already exists in another experiment");
  }

  // ------------------------------------------------------------------ v3 RPCs

  static Map<String, Object> traceInfo(String traceId, String exp) {
    return Map.of(
        "trace_id", traceId,
        "client_request_id", "c-1",
        "trace_location",
            Map.of("type", "MLFLOW_EXPERIMENT", "mlflow_experiment", Map.of("experiment_id", exp)),
        "request_time", "2026-11-29T14:20:24.300Z",
        "execution_duration", "3.605s",
        "state", "OK",
        "trace_metadata", Map.of("mlflow.trace.session", "s-1", "custom", "m"),
        "tags", Map.of("mlflow.traceName", "outer", "team", "a", "mlflow.artifactLocation", "x"),
        "request_preview", "req");
  }

  @Test
  void startTraceV3GetInfoSearchAndBatchGet() {
    String exp = createExperiment(unique("v3"));
    String hex = hexId();
    String id = "tr-" + hex;
    JsonPath started =
        post3(V3, "/traces", Map.of("trace", Map.of("trace_info", traceInfo(id, exp))))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals("2026-11-29T14:20:24.300Z", started.getString("trace.trace_info.request_time"));
    assertEquals("3.605s", started.getString("trace.trace_info.execution_duration"));
    assertEquals("outer", started.getString("trace.trace_info.tags['mlflow.traceName']"));
    assertTrue(
        started
            .getString("trace.trace_info.tags['mlflow.artifactLocation']")
            .endsWith(id + "/artifacts"));
    assertEquals(
        "s-1", started.getString("trace.trace_info.trace_metadata['mlflow.trace.session']"));
    assertEquals(
        "true", started.getString("trace.trace_info.trace_metadata['mlflow.trace.infoFinalized']"));

    given()
        .queryParam("trace_id", id)
        .when()
        .get(V3 + "/traces/" + id)
        .then()
        .statusCode(200)
        .body("trace.trace_info.client_request_id", equalTo("c-1"))
        .body("trace.spans", nullValue());
    // not in the database: GetTrace answers MLflow's 500
    assertError(getTrace(V3, id), 500, "INTERNAL_ERROR", "Trace data not stored in tracking store");
    otlp(exp, "application/x-protobuf", clientTrace(hex).toByteArray(), null).statusCode(200);
    getTrace(AJAX_V3, id).statusCode(200).body("trace.spans", hasSize(2));

    post3(
            V3,
            "/traces/search",
            Map.of(
                "locations",
                List.of(
                    Map.of(
                        "type",
                        "MLFLOW_EXPERIMENT",
                        "mlflow_experiment",
                        Map.of("experiment_id", exp))),
                "filter",
                "name = 'outer'",
                "max_results",
                10,
                "order_by",
                List.of("timestamp DESC")))
        .statusCode(200)
        .body("traces.trace_id", equalTo(List.of(id)))
        .body("next_page_token", nullValue());
    assertError(post3(V3, "/traces/search", Map.of()), 400, "INVALID_PARAMETER_VALUE", "locations");
    assertError(
        post3(V3, "/traces/search", Map.of("locations", List.of(), "max_results", 501)),
        400,
        "INVALID_PARAMETER_VALUE",
        "max_results");

    given()
        .queryParam("trace_ids", id, "tr-" + hexId())
        .when()
        .get(V3 + "/traces/batchGet")
        .then()
        .statusCode(200)
        .body("traces", hasSize(1))
        .body("traces[0].spans", hasSize(2));
    post3(V3, "/traces/batchGetInfos", Map.of("trace_ids", List.of(id)))
        .statusCode(200)
        .body("trace_infos[0].trace_id", equalTo(id));
    post3(
            V3,
            "/traces/batchGetInfos",
            Map.of("trace_ids", List.of(id), "experiment_ids", List.of("0")))
        .statusCode(200)
        .body("trace_infos", nullValue());
  }

  @Test
  void tagsDeletesAndLinks() {
    String exp = createExperiment(unique("tags"));
    String id = "tr-" + hexId();
    post3(V3, "/traces", Map.of("trace", Map.of("trace_info", traceInfo(id, exp)))).statusCode(200);
    patch("/traces/" + id + "/tags", Map.of("key", "k", "value", "v")).statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("key", "k2", "value", "v2"))
        .when()
        .patch(V3 + "/traces/" + id + "/tags")
        .then()
        .statusCode(200);
    assertError(
        patch("/traces/" + id + "/tags", Map.of("key", "mlflow.trace.spansLocation", "value", "x")),
        400,
        "INVALID_PARAMETER_VALUE",
        "is immutable and cannot be set");
    assertError(
        patch("/traces/tr-" + hexId() + "/tags", Map.of("key", "k", "value", "v")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    delete("/traces/" + id + "/tags", Map.of("key", "k")).statusCode(200);
    assertError(
        delete("/traces/" + id + "/tags", Map.of("key", "k")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No trace tag with key 'k'");
    given().when().get(V3 + "/traces/" + id).then().body("trace.trace_info.tags.k2", equalTo("v2"));

    String run = createRun(exp);
    post("/traces/link-to-run", Map.of("trace_ids", List.of(id), "run_id", run)).statusCode(200);
    post3(
            V3,
            "/traces/search",
            Map.of(
                "locations",
                List.of(Map.of("mlflow_experiment", Map.of("experiment_id", exp))),
                "filter",
                "run_id = '" + run + "'"))
        .statusCode(200)
        .body("traces.trace_id", equalTo(List.of(id)));
    post(
            "/traces/link-prompts",
            Map.of("trace_id", id, "prompt_versions", List.of(Map.of("name", "p", "version", "1"))))
        .statusCode(200);
    assertError(
        post(
            "/traces/link-prompts",
            Map.of(
                "trace_id",
                "tr-" + hexId(),
                "prompt_versions",
                List.of(Map.of("name", "p", "version", "1")))),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");

    post3(V3, "/traces/delete-traces", Map.of("experiment_id", exp, "request_ids", List.of(id)))
        .statusCode(200)
        .body("traces_deleted", equalTo(1));
    assertError(
        post("/traces/delete-traces", Map.of("experiment_id", exp)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Either `max_timestamp_millis` or `trace_ids`");
    assertError(
        post(
            "/traces/delete-traces",
            Map.of("experiment_id", exp, "max_timestamp_millis", 1, "max_traces", 0)),
        400,
        "INVALID_PARAMETER_VALUE",
        "`max_traces` must be a positive integer");
  }

  @Test
  void v2StartEndInfoAndSearch() {
    String exp = createExperiment(unique("v2"));
    JsonPath started =
        post(
                "/traces",
                Map.of(
                    "experiment_id",
                    exp,
                    "timestamp_ms",
                    1_700_000_000_000L,
                    "request_metadata",
                    List.of(Map.of("key", "m1", "value", "v1")),
                    "tags",
                    List.of(Map.of("key", "t1", "value", "x"))))
            .statusCode(200)
            .extract()
            .jsonPath();
    String rid = started.getString("trace_info.request_id");
    assertEquals("IN_PROGRESS", started.getString("trace_info.status"));
    assertEquals(0, started.getLong("trace_info.execution_time_ms"));
    patch("/traces/" + rid, Map.of("timestamp_ms", 1_700_000_000_075L, "status", "OK"))
        .statusCode(200)
        .body("trace_info.execution_time_ms", equalTo(75))
        .body("trace_info.status", equalTo("OK"));
    get("/traces/" + rid + "/info", Map.of())
        .statusCode(200)
        .body("trace_info.request_metadata.key", hasItems("m1"));
    get("/traces", Map.of("experiment_ids", exp))
        .statusCode(200)
        .body("traces.request_id", equalTo(List.of(rid)));
    assertError(get("/traces", Map.of()), 400, "INVALID_PARAMETER_VALUE", "experiment_ids");
  }

  // ------------------------------------------------------------------ assessments

  @Test
  void assessmentsCreateGetUpdateOverrideDelete() {
    String exp = createExperiment(unique("assess"));
    String id = "tr-" + hexId();
    post3(V3, "/traces", Map.of("trace", Map.of("trace_info", traceInfo(id, exp)))).statusCode(200);
    String base = V3 + "/traces/" + id + "/assessments";
    JsonPath fb =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assessment",
                    Map.of(
                        "assessment_name",
                        "quality",
                        "source",
                        Map.of("source_type", "LLM_JUDGE", "source_id", "judge"),
                        "feedback",
                        Map.of("value", 1),
                        "rationale",
                        "r",
                        "metadata",
                        Map.of("k", "v"))))
            .when()
            .post(base)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    String aid = fb.getString("assessment.assessment_id");
    assertTrue(aid.startsWith("a-"));
    assertEquals(1.0, fb.getDouble("assessment.feedback.value"));
    assertEquals(true, fb.getBoolean("assessment.valid"));
    given()
        .when()
        .get(base + "/" + aid)
        .then()
        .statusCode(200)
        .body("assessment.source.source_id", equalTo("judge"));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "assessment",
                Map.of(
                    "assessment_name",
                    "quality",
                    "feedback",
                    Map.of("value", 0.9),
                    "rationale",
                    "better"),
                "update_mask",
                "feedback,rationale,valid"))
        .when()
        .patch(base + "/" + aid)
        .then()
        .statusCode(200)
        .body("assessment.feedback.value", equalTo(0.9f))
        .body("assessment.rationale", equalTo("better"));
    String ex =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assessment",
                    Map.of(
                        "assessment_name",
                        "facts",
                        "expectation",
                        Map.of(
                            "serialized_value",
                            Map.of("serialization_format", "JSON_FORMAT", "value", "[\"a\", 1]")))))
            .when()
            .post(base)
            .then()
            .statusCode(200)
            .body("assessment.expectation.serialized_value.value", equalTo("[\"a\", 1]"))
            .extract()
            .path("assessment.assessment_id");
    assertError(
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assessment",
                    Map.of("feedback", Map.of("value", 1)),
                    "update_mask",
                    "feedback"))
            .when()
            .patch(base + "/" + ex)
            .then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "Cannot update feedback value on an Expectation");
    String ov =
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "assessment",
                    Map.of(
                        "assessment_name",
                        "quality",
                        "feedback",
                        Map.of("value", true),
                        "overrides",
                        aid)))
            .when()
            .post(base)
            .then()
            .statusCode(200)
            .extract()
            .path("assessment.assessment_id");
    given().when().get(base + "/" + aid).then().body("assessment.valid", equalTo(false));
    given().when().delete(base + "/" + ov).then().statusCode(200);
    given().when().delete(base + "/" + ov).then().statusCode(200);
    given().when().get(base + "/" + aid).then().body("assessment.valid", equalTo(true));
    assertError(
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("assessment", Map.of("assessment_name", "x")))
            .when()
            .post(base)
            .then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "Unknown assessment type");
    assertError(
        given().when().get(base + "/a-none").then(),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Assessment with ID 'a-none' not found");
    given()
        .when()
        .get(V3 + "/traces/" + id)
        .then()
        .body("trace.trace_info.assessments", hasSize(2));
  }

  // ------------------------------------------------------------------ UI routes

  @Test
  void traceArtifactMetricsAndCorrelation() {
    String exp = createExperiment(unique("ui"));
    String hex = hexId();
    otlp(exp, "application/x-protobuf", clientTrace(hex).toByteArray(), null).statusCode(200);
    given()
        .queryParam("request_id", "tr-" + hex)
        .when()
        .get("/ajax-api/3.0/mlflow/get-trace-artifact")
        .then()
        .statusCode(200)
        .header("Content-Disposition", equalTo("attachment; filename=traces.json"))
        .body(startsWith("{\"spans\":[{\"trace_id\": "))
        .body(containsString("\"name\": \"child\""));
    assertError(
        given().when().get("/ajax-api/2.0/mlflow/get-trace-artifact").then(),
        400,
        "BAD_REQUEST",
        "request_id");
    assertError(
        given()
            .queryParam("request_id", "tr-" + hexId())
            .when()
            .get("/ajax-api/2.0/mlflow/get-trace-artifact")
            .then(),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");

    post3(
            AJAX_V3,
            "/traces/metrics",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "view_type",
                "TRACES",
                "metric_name",
                "trace_count",
                "aggregations",
                List.of(Map.of("aggregation_type", "COUNT")),
                "dimensions",
                List.of("trace_status"),
                "time_interval_seconds",
                86400,
                "start_time_ms",
                1_790_000_000_000L,
                "end_time_ms",
                1_800_000_000_000L))
        .statusCode(200)
        .body("data_points[0].values.COUNT", equalTo(1.0f))
        .body("data_points[0].dimensions.time_bucket", equalTo("2026-11-18T00:00:00+00:00"));
    post3(
            AJAX_V3,
            "/traces/metrics",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "view_type",
                "SPANS",
                "metric_name",
                "span_count",
                "aggregations",
                List.of(Map.of("aggregation_type", "COUNT")),
                "dimensions",
                List.of("span_name", "span_status")))
        .statusCode(200)
        .body("data_points", hasSize(2));
    post3(
            V3,
            "/traces/metrics",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "view_type",
                "TRACES",
                "metric_name",
                "latency",
                "aggregations",
                List.of(Map.of("aggregation_type", "PERCENTILE", "percentile_value", 99))))
        .statusCode(200)
        .body("data_points[0].values['P99.0']", equalTo(5.0f));
    assertError(
        post3(
            V3,
            "/traces/metrics",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "view_type",
                "TRACES",
                "metric_name",
                "trace_count",
                "aggregations",
                List.of(Map.of("aggregation_type", "SUM")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "Found invalid aggregation_type(s): ['SUM']");
    post3(
            V3,
            "/traces/calculate-filter-correlation",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "filter_string1",
                "status = 'OK'",
                "filter_string2",
                "tags.team = 'alpha'"))
        .statusCode(200)
        .body("filter1_count", equalTo(1))
        .body("joint_count", equalTo(1))
        .body("total_count", equalTo(1))
        .body("npmi", equalTo(1.0f));
  }

  @Test
  void versionIsTheMlflowVersionServed() {
    given().when().get("/version").then().statusCode(200).body(equalTo("3.18.0"));
  }
}
