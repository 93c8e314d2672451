package dev.trackway.api.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web UI's files and the UI's own routes, as MLflow 3.18's server answers them: index.html and
 * /static-files with MLflow's caching headers, validators, ranges, HEAD and methods; the security
 * headers on every answer; telemetry, assistant, gateway, server-info, upload-artifact, the review
 * page's routes and the empty GenAI listings.
 */
@QuarkusTest
class UiRoutesTest {
  static final UiBundle BUNDLE = UiBundle.load();

  static String mainScript() {
    String index = given().get("/").then().statusCode(200).extract().asString();
    int at = index.indexOf("static-files/static/js/main.");
    return index.substring(at, index.indexOf('"', at));
  }

  @Test
  void theBuildPackagedTheUi() {
    assertTrue(BUNDLE.size() > 400, "files in the bundle: " + BUNDLE.size());
    assertTrue(BUNDLE.find("index.html") != null);
  }

  @Test
  void indexIsNotCached() {
    given()
        .get("/")
        .then()
        .statusCode(200)
        .contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .header("Content-Disposition", "inline; filename=index.html")
        .header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
        .header(
            "Last-Modified",
            matchesPattern("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"))
        .header("Accept-Ranges", "bytes")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "SAMEORIGIN")
        .header("Vary", "Origin")
        .body(containsString("static-files/static/js/main."));
  }

  @Test
  void staticFilesAreCachedFor28Days() {
    String script = mainScript();
    Response r = given().get("/" + script);
    r.then()
        .statusCode(200)
        .contentType("text/javascript; charset=utf-8")
        .header("Cache-Control", "public, max-age=2419200")
        .header("Expires", notNullValue())
        .header("Content-Disposition", startsWith("inline; filename=main."));
    UiBundle.Asset asset = BUNDLE.find(script.substring("static-files/".length()));
    assertEquals(asset.size(), r.asByteArray().length);
    assertEquals(Long.toString(asset.size()), r.header("Content-Length"));
    given()
        .get("/static-files/favicon.ico")
        .then()
        .statusCode(200)
        .contentType("image/vnd.microsoft.icon");
    given()
        .get("/static-files/manifest.json")
        .then()
        .statusCode(200)
        .contentType("application/json");
    given()
        .get("/static-files/index.html")
        .then()
        .statusCode(200)
        .header("Cache-Control", startsWith("public"));
  }

  @Test
  void conditionalRequests() {
    Response first = given().get("/static-files/manifest.json");
    String etag = first.header("ETag");
    given()
        .header("If-None-Match", etag)
        .get("/static-files/manifest.json")
        .then()
        .statusCode(304)
        .header("ETag", etag)
        .body(emptyString());
    given()
        .header("If-Modified-Since", first.header("Last-Modified"))
        .get("/static-files/manifest.json")
        .then()
        .statusCode(304);
    given()
        .header("If-None-Match", "\"other\"")
        .get("/static-files/manifest.json")
        .then()
        .statusCode(200);
    given()
        .header("If-None-Match", given().get("/").header("ETag"))
        .get("/")
        .then()
        .statusCode(304);
  }

  @Test
  void rangesAndHead() {
    byte[] whole = given().get("/static-files/manifest.json").asByteArray();
    Response part = given().header("Range", "bytes=0-9").get("/static-files/manifest.json");
    part.then()
        .statusCode(206)
        .header("Content-Range", "bytes 0-9/" + whole.length)
        .header("Content-Length", "10");
    assertEquals(new String(whole, 0, 10, StandardCharsets.UTF_8), part.asString());
    given()
        .header("Range", "bytes=-5")
        .get("/static-files/manifest.json")
        .then()
        .statusCode(206)
        .header(
            "Content-Range",
            "bytes " + (whole.length - 5) + "-" + (whole.length - 1) + "/" + whole.length);
    given()
        .header("Range", "bytes=99999-")
        .get("/static-files/manifest.json")
        .then()
        .statusCode(416)
        .header("Content-Range", "bytes */" + whole.length);
    given()
        .head("/static-files/manifest.json")
        .then()
        .statusCode(200)
        .header("Content-Length", Integer.toString(whole.length))
        .body(emptyString());
  }

  @Test
  void missingFilesAndTraversal() {
    for (String path :
        List.of(
            "/static-files/nope.js",
            "/static-files/",
            "/static-files/%2e%2e/application.properties",
            "/static-files/..%2Fapplication.properties",
            "/static-files/files.txt",
            "/favicon.ico",
            "/index.html",
            "/experiments")) {
      given()
          .urlEncodingEnabled(false)
          .get(path)
          .then()
          .statusCode(404)
          .contentType(startsWith("application/json"))
          .header("X-Content-Type-Options", "nosniff")
          .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
    }
  }

  @Test
  void wrongMethods() {
    for (String path : List.of("/", "/static-files/favicon.ico")) {
      given()
          .post(path)
          .then()
          .statusCode(405)
          .header("Allow", "OPTIONS, GET, HEAD")
          .body("message", equalTo("The method is not allowed for the requested URL."));
      given().options(path).then().statusCode(200).header("Allow", "OPTIONS, GET, HEAD");
    }
    // a known MLflow route with another method: 405, MLflow's methods in Allow
    given()
        .post("/ajax-api/2.0/mlflow/experiments/get")
        .then()
        .statusCode(405)
        .contentType(startsWith("application/json"))
        .header("Allow", "GET, HEAD, OPTIONS")
        .body("error_code", equalTo("BAD_REQUEST"));
    given()
        .delete("/api/2.0/mlflow/runs/create")
        .then()
        .statusCode(405)
        .header("Allow", "OPTIONS, POST");
    given().put("/ajax-api/3.0/mlflow/ui-telemetry").then().statusCode(405);
    // unknown routes stay Trackway's JSON 404
    given()
        .get("/ajax-api/2.0/mlflow/nope")
        .then()
        .statusCode(404)
        .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
  }

  @Test
  void securityHeadersOnApiAnswersToo() {
    given()
        .get("/api/2.0/mlflow/experiments/get?experiment_id=0")
        .then()
        .statusCode(200)
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "SAMEORIGIN")
        .header("Vary", "Origin");
    given()
        .get("/static-files/lib/notebook-trace-renderer/index.html")
        .then()
        .statusCode(200)
        .header("X-Frame-Options", nullValue())
        .header("X-Content-Type-Options", "nosniff");
  }

  @Test
  void uiTelemetryIsOff() {
    assertEquals(
        "{\"disable_ui_events\":[],\"disable_ui_telemetry\":true,\"ui_rollout_percentage\":0}\n",
        given()
            .get("/ajax-api/3.0/mlflow/ui-telemetry")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("records", List.of(Map.of("event_name", "x"))))
        .post("/ajax-api/3.0/mlflow/ui-telemetry")
        .then()
        .statusCode(200)
        .body("status", equalTo("disabled"));
  }

  @Test
  void noAssistant() {
    given()
        .get("/ajax-api/3.0/mlflow/assistant/config")
        .then()
        .statusCode(200)
        .body("providers", equalTo(Map.of()))
        .body("can_edit_server_settings", equalTo(false));
    given()
        .get("/ajax-api/3.0/mlflow/assistant/providers")
        .then()
        .statusCode(200)
        .body("providers", hasSize(0))
        .body("resolved", nullValue());
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("message", "hi"))
        .post("/ajax-api/3.0/mlflow/assistant/message")
        .then()
        .statusCode(501)
        .body("error_code", equalTo("NOT_IMPLEMENTED"));
  }

  @Test
  void gatewayIsEmpty() {
    given()
        .get("/ajax-api/2.0/mlflow/gateway-proxy?gateway_path=api%2F2.0%2Fendpoints%2F")
        .then()
        .statusCode(200)
        .body("endpoints", hasSize(0));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("gateway_path", "gateway/x/invocations"))
        .post("/ajax-api/2.0/mlflow/gateway-proxy")
        .then()
        .statusCode(200)
        .body("endpoints", hasSize(0));
    for (String list :
        List.of(
            "endpoints/list",
            "endpoints/bindings/list",
            "secrets/list",
            "model-definitions/list")) {
      assertEquals(
          "{}",
          given()
              .get("/ajax-api/3.0/mlflow/gateway/" + list)
              .then()
              .statusCode(200)
              .extract()
              .asString());
    }
    given()
        .get("/ajax-api/3.0/mlflow/gateway/secrets/config")
        .then()
        .statusCode(200)
        .body("secrets_available", equalTo(true));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "e"))
        .post("/ajax-api/3.0/mlflow/gateway/endpoints/create")
        .then()
        .statusCode(501)
        .body("error_code", equalTo("NOT_IMPLEMENTED"));
  }

  @Test
  void serverInfoForTheUi() {
    given()
        .get("/ajax-api/3.0/mlflow/server-info")
        .then()
        .statusCode(200)
        .body("store_type", equalTo("SqlStore"))
        .body("model_artifact_presigned_downloads_supported", equalTo(false))
        .body("presigned_upload_run_id_supported", equalTo(false))
        .body("features_enabled.gateway", equalTo(true))
        .body("artifacts_presigned_only", equalTo(false));
  }

  @Test
  void genAiListingsAreEmpty() {
    String exp = experiment();
    given().get("/ajax-api/3.0/mlflow/scorers/list?experiment_id=" + exp).then().statusCode(200);
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("experiment_id", exp, "include_total_count", true))
        .post("/ajax-api/3.0/mlflow/issues/search")
        .then()
        .statusCode(200)
        .body("next_page_token", equalTo(""))
        .body("total_count", equalTo(0));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("locations", List.of()))
        .post("/ajax-api/3.0/mlflow/traces/search")
        .then()
        .statusCode(200)
        .body("traces", nullValue());
    given()
        .get("/ajax-api/3.0/mlflow/skills?max_results=25")
        .then()
        .statusCode(200)
        .body("skills", hasSize(0));
    given()
        .get("/ajax-api/3.0/mlflow/mcp-servers?max_results=25")
        .then()
        .statusCode(200)
        .body("mcp_servers", hasSize(0));
  }

  @Test
  void reviewPage() {
    String exp = experiment();
    given()
        .get("/ajax-api/3.0/mlflow/review-queues/list?experiment_id=" + exp)
        .then()
        .statusCode(200)
        .body("next_page_token", equalTo(""))
        .body("review_queues", nullValue());
    Map<String, Object> body = Map.of("experiment_id", exp, "user", "Default", "created_by", "x");
    String queueId =
        given()
            .contentType(ContentType.JSON)
            .body(body)
            .post("/ajax-api/3.0/mlflow/review-queues/get-or-create-user")
            .then()
            .statusCode(200)
            .body("review_queue.queue_id", matchesPattern("rq-[0-9a-f]{32}"))
            .body("review_queue.name", equalTo("default"))
            .body("review_queue.queue_type", equalTo("USER"))
            .body("review_queue.created_by", equalTo("default"))
            .body("review_queue.users", equalTo(List.of("default")))
            .extract()
            .path("review_queue.queue_id");
    // idempotent
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/ajax-api/3.0/mlflow/review-queues/get-or-create-user")
        .then()
        .statusCode(200)
        .body("review_queue.queue_id", equalTo(queueId));
    given()
        .get("/ajax-api/3.0/mlflow/review-queues/list?experiment_id=" + exp)
        .then()
        .body("review_queues.queue_id", equalTo(List.of(queueId)));
    given()
        .get("/ajax-api/3.0/mlflow/review-queues/items/list?queue_id=" + queueId)
        .then()
        .statusCode(200)
        .body("items", nullValue())
        .body("next_page_token", equalTo(""));
    given()
        .get("/ajax-api/3.0/mlflow/review-queues/items/list?queue_id=rq-nope")
        .then()
        .statusCode(404)
        .body("message", equalTo("Review queue with id 'rq-nope' not found."));
    for (int i = 0; i < 2; i++) { // the default question is created once
      given()
          .get("/ajax-api/3.0/mlflow/label-schemas/list?experiment_id=" + exp)
          .then()
          .statusCode(200)
          .body("label_schemas", hasSize(1))
          .body("label_schemas[0].name", equalTo("Feedback"))
          .body("label_schemas[0].type", equalTo("FEEDBACK"))
          .body("label_schemas[0].instruction", equalTo("Share any feedback on this trace."))
          .body("label_schemas[0].enable_comment", equalTo(false))
          .body("label_schemas[0].input", equalTo(Map.of("text", Map.of())))
          .body("label_schemas[0].is_default", equalTo(true))
          .body("next_page_token", equalTo(""));
    }
    given()
        .get("/ajax-api/3.0/mlflow/label-schemas/list?experiment_id=999999")
        .then()
        .statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
  }

  @Test
  void uploadArtifact() {
    String exp = experiment();
    String run =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("experiment_id", exp))
            .post("/api/2.0/mlflow/runs/create")
            .then()
            .extract()
            .path("run.info.run_id");
    given()
        .queryParam("run_uuid", run)
        .queryParam("path", "uploaded/hello.txt")
        .contentType("text/plain")
        .body("hi there".getBytes(StandardCharsets.UTF_8))
        .post("/ajax-api/2.0/mlflow/upload-artifact")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/json"))
        .body(emptyString());
    given()
        .queryParam("run_uuid", run)
        .queryParam("path", "uploaded/hello.txt")
        .get("/get-artifact")
        .then()
        .statusCode(200)
        .body(equalTo("hi there"));
    upload(null, "a.txt", "x")
        .statusCode(400)
        .body("message", equalTo("Request must specify run_id or run_uuid."));
    upload(run, null, "x").statusCode(400).body("message", equalTo("Request must specify path."));
    upload(run, "a.txt", "").statusCode(400).body("message", equalTo("Request must specify data."));
    upload(run, "../a.txt", "x").statusCode(400).body("message", equalTo("Invalid path"));
    upload("nope", "a.txt", "x")
        .statusCode(404)
        .body("error_code", equalTo("RESOURCE_DOES_NOT_EXIST"));
    upload(run, "big.bin", "x".repeat(10 * 1024 * 1024 + 1))
        .statusCode(400)
        .body("message", equalTo("Artifact size is too large. Max size is 10MB."));
    given()
        .get("/ajax-api/2.0/mlflow/upload-artifact")
        .then()
        .statusCode(405)
        .header("Allow", not(emptyString()));
  }

  static io.restassured.response.ValidatableResponse upload(String run, String path, String body) {
    var req =
        given().contentType("application/octet-stream").body(body.getBytes(StandardCharsets.UTF_8));
    if (run != null) {
      req.queryParam("run_id", run);
    }
    if (path != null) {
      req.queryParam("path", path);
    }
    return req.post("/ajax-api/2.0/mlflow/upload-artifact").then();
  }

  static String experiment() {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "ui-" + UUID.randomUUID()))
        .post("/api/2.0/mlflow/experiments/create")
        .then()
        .statusCode(200)
        .extract()
        .path("experiment_id");
  }

  @Test
  void datasetsSearchWithoutDatasets() {
    String exp = experiment();
    assertEquals(
        "{}",
        given()
            .contentType(ContentType.JSON)
            .body(
                Map.of(
                    "experiment_ids",
                    List.of(exp),
                    "order_by",
                    List.of("created_time DESC"),
                    "max_results",
                    20))
            .post("/ajax-api/3.0/mlflow/datasets/search")
            .then()
            .statusCode(200)
            .extract()
            .asString());
    given()
        .get("/ajax-api/3.0/mlflow/datasets/d-nope")
        .then()
        .statusCode(404)
        .body("message", equalTo("Evaluation dataset with id 'd-nope' not found"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("order_by", List.of("nope DESC")))
        .post("/ajax-api/3.0/mlflow/datasets/search")
        .then()
        .statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("filter_string", "name = 'x' AND tags.a LIKE 'b%'"))
        .post("/ajax-api/3.0/mlflow/datasets/search")
        .then()
        .statusCode(200);
    given()
        .get("/ajax-api/3.0/mlflow/datasets/search?experiment_ids=" + exp + "&max_results=5")
        .then()
        .statusCode(200)
        .body("datasets", nullValue());
    // listed for the UI's pages only: the other dataset routes are MLflow's, not served yet
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x"))
        .post("/ajax-api/3.0/mlflow/datasets/create")
        .then()
        .statusCode(501);
  }

  @Test
  void usersCurrentStaysUnknown() {
    // as MLflow's server without basic auth: the UI then runs without users
    given().get("/ajax-api/2.0/mlflow/users/current").then().statusCode(404);
  }
}
