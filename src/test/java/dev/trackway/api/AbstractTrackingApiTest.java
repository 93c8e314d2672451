package dev.trackway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.testing.AbstractApiTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The wire format of the tracking RPCs, run once per backend (SQLite, MariaDB): field names,
 * omitted fields, numbers, NaN, MLflow's error codes and statuses.
 */
public abstract class AbstractTrackingApiTest extends AbstractApiTest {

  @Test
  void errorsCarryMlflowsClassification() {
    get("/experiments/get", Map.of("experiment_id", "999999"))
        .statusCode(404)
        .body("sqlstate", equalTo("KAM00"))
        .body("error_class", equalTo("RESOURCE_NOT_FOUND"));
    post("/experiments/create", Map.of())
        .statusCode(400)
        .body("error_class", equalTo("INVALID_PARAMETER_VALUE"));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "hook"))
        .when()
        .post(API + "/webhooks")
        .then()
        .statusCode(501)
        .body("$", not(hasKey("sqlstate")));
  }

  @Test
  void serverErrorsCarryTheIdTheyWereLoggedWith() {
    String id = createExperiment(unique("err-id"));
    post("/experiments/delete", Map.of("experiment_id", id)).statusCode(200);
    // MLflow answers INVALID_STATE with 500: logged at ERROR, its id in a header
    post("/experiments/update", Map.of("experiment_id", id, "new_name", unique("x")))
        .statusCode(500)
        .header("X-Trackway-Error-Id", matchesPattern("[0-9a-f]+"));
    // a client error is logged at DEBUG only, without an id
    post("/experiments/create", Map.of())
        .statusCode(400)
        .header("X-Trackway-Error-Id", org.hamcrest.Matchers.nullValue());
  }

  // ------------------------------------------------------------------ server routes

  @Test
  void healthAndVersion() {
    given().when().get("/health").then().statusCode(200).body(equalTo("OK"));
    given()
        .when()
        .get("/version")
        .then()
        .statusCode(200)
        .body(matchesPattern("\\d+\\.\\d+\\.\\d+"));
    given()
        .when()
        .get("/ajax-api/3.0/mlflow/server-info")
        .then()
        .statusCode(200)
        .body("store_type", equalTo("SqlStore"));
  }

  @Test
  void unknownRouteIsMlflowJson404() {
    assertError(
        given().when().get(API + "/no-such-endpoint").then(),
        404,
        "ENDPOINT_NOT_FOUND",
        "endpoint");
    assertError(given().when().get("/no/such/page").then(), 404, "ENDPOINT_NOT_FOUND", "endpoint");
  }

  @Test
  void mlflowRoutesNotServedYetAnswerNotImplemented() {
    assertError(
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "hook"))
            .when()
            .post(API + "/webhooks")
            .then(),
        501,
        "NOT_IMPLEMENTED",
        "POST /api/2.0/mlflow/webhooks");
    assertError(
        given().when().get("/ajax-api/3.0/mlflow/traces/tr-123/info").then(),
        404,
        "ENDPOINT_NOT_FOUND",
        "");
    assertError(
        given().when().get("/api/3.0/mlflow/issues/iss-0123").then(),
        501,
        "NOT_IMPLEMENTED",
        "issues/iss-0123");
  }

  @Test
  void defaultExperimentExists() {
    get("/experiments/get", Map.of("experiment_id", "0"))
        .statusCode(200)
        .body("experiment.name", equalTo("Default"))
        .body("experiment.lifecycle_stage", equalTo("active"));
  }

  // ------------------------------------------------------------------ experiments

  @Test
  void createAndGetExperiment() {
    String name = unique("exp");
    String id =
        post(
                "/experiments/create",
                Map.of("name", name, "tags", List.of(Map.of("key", "team", "value", "vision"))))
            .statusCode(200)
            .body("experiment_id", matchesPattern("\\d+"))
            .extract()
            .path("experiment_id");
    JsonPath exp =
        get("/experiments/get", Map.of("experiment_id", id)).statusCode(200).extract().jsonPath();
    assertEquals(name, exp.getString("experiment.name"));
    assertEquals(id, exp.getString("experiment.experiment_id"));
    assertEquals("mlflow-artifacts:/" + id, exp.getString("experiment.artifact_location"));
    assertEquals("active", exp.getString("experiment.lifecycle_stage"));
    assertTrue(exp.getLong("experiment.creation_time") > 1_600_000_000_000L, "int64 as a number");
    assertEquals(List.of(Map.of("key", "team", "value", "vision")), exp.getList("experiment.tags"));

    get("/experiments/get-by-name", Map.of("experiment_name", name))
        .statusCode(200)
        .body("experiment.experiment_id", equalTo(id));
    // the web UI's prefix serves the same RPC
    given()
        .queryParam("experiment_id", id)
        .when()
        .get("/ajax-api/2.0/mlflow/experiments/get")
        .then()
        .statusCode(200)
        .body("experiment.name", equalTo(name));
  }

  /** MLflow's store resolves a relative local artifact_location against the server's cwd. */
  @Test
  void relativeArtifactLocationIsResolvedAgainstTheWorkingDirectory() {
    String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
    Map<String, String> expected =
        Map.of(
            "my_location",
            cwd + "/my_location",
            "./a//b/",
            cwd + "/a/b",
            "file:rel/dir",
            "file://" + cwd + "/rel/dir",
            "/abs/kept",
            "/abs/kept",
            "file:///abs/uri",
            "file:///abs/uri",
            "s3://bucket/rel",
            "s3://bucket/rel");
    expected.forEach(
        (given, stored) -> {
          String id =
              createExperiment(Map.of("name", unique("rel-loc"), "artifact_location", given));
          get("/experiments/get", Map.of("experiment_id", id))
              .statusCode(200)
              .body("experiment.artifact_location", equalTo(stored));
        });
  }

  /** MLflow 3.18's checks of a given artifact_location (_validate_storage_location_uri). */
  @Test
  void artifactLocationIsRefusedAsMlflow318RefusesIt() {
    Map<String, String> refused =
        Map.of(
            "s3://b/x#frag", "'artifact_location' URL can't include fragments or params.",
            "http://h/x;p=1", "'artifact_location' URL can't include fragments or params.",
            "s3://b/x?a=..%2f", "Invalid query string",
            "http://evil.example/x", "'artifact_location' cannot use the 'http' scheme",
            "mlflow-artifacts://evil:9000/x",
                "'artifact_location' cannot use the 'mlflow-artifacts' scheme",
            "runs:/abc/x", "Artifact location cannot be a runs:/ URI. Given: 'runs:/abc/x'");
    refused.forEach(
        (given, message) ->
            assertError(
                post(
                    "/experiments/create",
                    Map.of("name", unique("bad"), "artifact_location", given)),
                400,
                "INVALID_PARAMETER_VALUE",
                message));
    assertError(
        post(
            "/experiments/create",
            Map.of("name", unique("bad"), "artifact_location", "file://remote.host/x")),
        500,
        "INTERNAL_ERROR",
        "file://remote.host/x is not a valid remote uri.");
    for (String kept : List.of("s3://b/x;p=1", "s3://b/x#", "mlflow-artifacts:/x")) {
      String id = createExperiment(Map.of("name", unique("ok"), "artifact_location", kept));
      get("/experiments/get", Map.of("experiment_id", id))
          .body("experiment.artifact_location", equalTo(kept));
    }
  }

  @Test
  void experimentErrors() {
    String name = unique("dup");
    createExperiment(name);
    assertError(
        post("/experiments/create", Map.of("name", name)),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "already exists");
    assertError(
        get("/experiments/get", Map.of("experiment_id", "987654")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No Experiment with id=987654 exists");
    assertError(
        get("/experiments/get", Map.of("experiment_id", "abc")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Experiment ID must be a valid integer");
    assertError(
        get("/experiments/get-by-name", Map.of("experiment_name", unique("missing"))),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Could not find experiment with name");
    assertError(
        post("/experiments/create", Map.of()),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'name'");
    assertError(
        post("/experiments/create", Map.of("name", 12)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid value 12 for parameter 'name'");
    assertError(
        given().body("{\"name\":\"x\"}").when().post(API + "/experiments/create").then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "Content-Type");
    assertError(
        post("/experiments/create", Map.of("name", "x".repeat(501))),
        400,
        "INVALID_PARAMETER_VALUE",
        "exceeds the maximum length");
  }

  @Test
  void keysDifferingOnlyInCaseStayDistinct() {
    String base = unique("Case");
    String upper = createExperiment(base.toUpperCase());
    String lower = createExperiment(base.toLowerCase());
    assertTrue(!upper.equals(lower));
    String run = createRun(lower);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "lr", "value", "1")).statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "LR", "value", "2")).statusCode(200);
    post("/runs/set-tag", Map.of("run_id", run, "key", "Team", "value", "a")).statusCode(200);
    post("/runs/set-tag", Map.of("run_id", run, "key", "team", "value", "b")).statusCode(200);
    JsonPath r = get("/runs/get", Map.of("run_id", run)).statusCode(200).extract().jsonPath();
    assertEquals(Set.of("lr", "LR"), new HashSet<>(r.getList("run.data.params.key")));
    assertTrue(r.getList("run.data.tags.key").containsAll(List.of("Team", "team")));
  }

  @Test
  void renameDeleteRestoreAndTags() {
    String id = createExperiment(unique("life"));
    String newName = unique("renamed");
    post("/experiments/update", Map.of("experiment_id", id, "new_name", newName)).statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id)).body("experiment.name", equalTo(newName));

    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "k", "value", "v"))
        .statusCode(200)
        .body(equalTo("{}"));
    post("/experiments/set-experiment-tag", Map.of("experiment_id", id, "key", "k", "value", "v2"))
        .statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id))
        .body("experiment.tags", equalTo(List.of(Map.of("key", "k", "value", "v2"))));
    post("/experiments/delete-experiment-tag", Map.of("experiment_id", id, "key", "k"))
        .statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id)).body("experiment", not(hasKey("tags")));
    assertError(
        post("/experiments/delete-experiment-tag", Map.of("experiment_id", id, "key", "k")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No tag with name: k");

    String run = createRun(id);
    post("/experiments/delete", Map.of("experiment_id", id)).statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id))
        .body("experiment.lifecycle_stage", equalTo("deleted"));
    get("/runs/get", Map.of("run_id", run)).body("run.info.lifecycle_stage", equalTo("deleted"));
    assertError(
        post("/runs/create", Map.of("experiment_id", id)),
        400,
        "INVALID_PARAMETER_VALUE",
        "must be in the 'active' state");
    assertError(
        post("/experiments/update", Map.of("experiment_id", id, "new_name", unique("x"))),
        500,
        "INVALID_STATE",
        "Cannot rename a non-active experiment");
    post("/experiments/restore", Map.of("experiment_id", id)).statusCode(200);
    get("/experiments/get", Map.of("experiment_id", id))
        .body("experiment.lifecycle_stage", equalTo("active"));
    get("/runs/get", Map.of("run_id", run)).body("run.info.lifecycle_stage", equalTo("active"));
  }

  @Test
  void searchExperimentsFiltersOrdersAndPages() {
    String prefix = unique("srch");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(createExperiment(prefix + "-" + i));
    }
    post(
            "/experiments/set-experiment-tag",
            Map.of("experiment_id", ids.get(2), "key", "pick", "value", "yes"))
        .statusCode(200);

    List<String> names = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> body = new java.util.HashMap<>();
      body.put("filter", "name LIKE '" + prefix + "%'");
      body.put("max_results", 2);
      body.put("order_by", List.of("name ASC"));
      if (token != null) {
        body.put("page_token", token);
      }
      JsonPath page = post("/experiments/search", body).statusCode(200).extract().jsonPath();
      names.addAll(page.getList("experiments.name"));
      token = page.getString("next_page_token");
    } while (token != null);
    assertEquals(
        List.of(prefix + "-0", prefix + "-1", prefix + "-2", prefix + "-3", prefix + "-4"), names);

    given()
        .queryParam("filter", "tags.pick = 'yes'")
        .queryParam("max_results", 10)
        .when()
        .get(API + "/experiments/search")
        .then()
        .statusCode(200)
        .body("experiments.experiment_id", contains(ids.get(2)));

    post("/experiments/delete", Map.of("experiment_id", ids.get(4))).statusCode(200);
    post("/experiments/search", Map.of("filter", "name LIKE '" + prefix + "%'", "max_results", 10))
        .body("experiments", hasSize(4));
    post(
            "/experiments/search",
            Map.of(
                "filter",
                "name LIKE '" + prefix + "%'",
                "max_results",
                10,
                "view_type",
                "DELETED_ONLY"))
        .body("experiments.experiment_id", contains(ids.get(4)));
    post(
            "/experiments/search",
            Map.of("filter", "name LIKE '" + prefix + "%'", "max_results", 10, "view_type", "ALL"))
        .body("experiments", hasSize(5));

    assertError(
        post("/experiments/search", Map.of()), 400, "INVALID_PARAMETER_VALUE", "max_results");
    assertError(
        post("/experiments/search", Map.of("max_results", 10, "filter", "bogus = 1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "");
    assertError(
        post("/experiments/search", Map.of("max_results", 10, "page_token", "garbage!")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid page token");
  }

  // ------------------------------------------------------------------ runs

  @Test
  void createRunShape() {
    String exp = createExperiment(unique("runs"));
    JsonPath run =
        post(
                "/runs/create",
                Map.of(
                    "experiment_id",
                    exp,
                    "start_time",
                    1700000000000L,
                    "run_name",
                    "r1",
                    "user_id",
                    "alice",
                    "tags",
                    List.of(Map.of("key", "mlflow.user", "value", "alice"))))
            .statusCode(200)
            .extract()
            .jsonPath();
    String id = run.getString("run.info.run_id");
    assertTrue(id.matches("[0-9a-f]{32}"));
    assertEquals(id, run.getString("run.info.run_uuid"));
    assertEquals("r1", run.getString("run.info.run_name"));
    assertEquals("RUNNING", run.getString("run.info.status"));
    assertEquals(1700000000000L, run.getLong("run.info.start_time"));
    assertNull(run.get("run.info.end_time"), "unset fields are omitted");
    assertEquals(
        "mlflow-artifacts:/" + exp + "/" + id + "/artifacts",
        run.getString("run.info.artifact_uri"));
    assertEquals(Map.of(), run.getMap("run.inputs"));
    assertTrue(run.getList("run.data.tags.key").contains("mlflow.runName"));

    // a generated name when none is given, mirrored in the mlflow.runName tag
    JsonPath generated =
        post("/runs/create", Map.of("experiment_id", exp)).statusCode(200).extract().jsonPath();
    String name = generated.getString("run.info.run_name");
    assertTrue(name.matches("[a-z]+-[a-z]+-\\d{1,3}"), name);
    assertEquals(0L, generated.getLong("run.info.start_time"));

    // protobuf JSON names (lowerCamelCase), as MLflow's Java client sends them
    post("/runs/create", Map.of("experimentId", exp, "startTime", 42, "runName", "camel"))
        .statusCode(200)
        .body("run.info.run_name", equalTo("camel"))
        .body("run.info.start_time", equalTo(42));
    assertError(
        post(
            "/runs/create",
            Map.of(
                "experiment_id",
                exp,
                "run_name",
                "a",
                "tags",
                List.of(Map.of("key", "mlflow.runName", "value", "b")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "different values");
    assertError(
        post("/runs/create", Map.of("experiment_id", "123456789")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No Experiment with id=123456789");
  }

  @Test
  void metricsParamsTagsAndNaN() {
    String run = createRun(createExperiment(unique("mpt")));
    post(
            "/runs/log-metric",
            Map.of("run_id", run, "key", "m", "value", 1.5, "timestamp", 10, "step", 3))
        .statusCode(200)
        .body(equalTo("{}"));
    post("/runs/log-metric", Map.of("run_id", run, "key", "nan", "value", "NaN", "timestamp", 10))
        .statusCode(200);
    post(
            "/runs/log-metric",
            Map.of("run_id", run, "key", "inf", "value", "Infinity", "timestamp", 10))
        .statusCode(200);
    post(
            "/runs/log-metric",
            Map.of("run_uuid", run, "key", "s", "value", 2, "timestamp", "11", "step", "4"))
        .statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "p", "value", "1")).statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "p", "value", "1")).statusCode(200);
    assertError(
        post("/runs/log-parameter", Map.of("run_id", run, "key", "p", "value", "2")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Changing param values is not allowed. Param with key='p' was already logged with value='1'");
    assertError(
        post("/runs/log-parameter", Map.of("run_id", run, "key", "bad/../key", "value", "2")),
        400,
        "INVALID_PARAMETER_VALUE",
        "This name would resolve to 'key'");
    assertError(
        post("/runs/log-metric", Map.of("run_id", run, "key", "m", "value", 1, "timestamp", -1)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Timestamp must be a nonnegative long");
    assertError(
        post("/runs/log-metric", Map.of("run_id", run, "key", "m")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'value'");
    post("/runs/set-tag", Map.of("run_id", run, "key", "t", "value", "x")).statusCode(200);

    String raw = get("/runs/get", Map.of("run_id", run)).statusCode(200).extract().asString();
    assertTrue(raw.contains("\"value\":\"NaN\""), "NaN travels as the string \"NaN\": " + raw);
    JsonPath r = JsonPath.from(raw);
    List<Map<String, Object>> metrics = r.getList("run.data.metrics");
    Map<String, Map<String, Object>> byKey = new java.util.HashMap<>();
    metrics.forEach(m -> byKey.put((String) m.get("key"), m));
    assertEquals(1.5f, ((Number) byKey.get("m").get("value")).floatValue());
    assertEquals(3, ((Number) byKey.get("m").get("step")).intValue());
    assertEquals(Double.MAX_VALUE, ((Number) byKey.get("inf").get("value")).doubleValue());
    assertEquals(4, ((Number) byKey.get("s").get("step")).intValue());
    assertEquals(List.of(Map.of("key", "p", "value", "1")), r.getList("run.data.params"));
    assertEquals(Map.of(), r.getMap("run.outputs"));

    post("/runs/delete-tag", Map.of("run_id", run, "key", "t")).statusCode(200);
    assertError(
        post("/runs/delete-tag", Map.of("run_id", run, "key", "t")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No tag with name: t");
  }

  @Test
  void latestMetricFollowsStepThenTimestamp() {
    String run = createRun(createExperiment(unique("latest")));
    post(
            "/runs/log-batch",
            Map.of(
                "run_id",
                run,
                "metrics",
                List.of(
                    Map.of("key", "loss", "value", 0.5, "timestamp", 100, "step", 5),
                    Map.of("key", "loss", "value", 0.9, "timestamp", 200, "step", 1),
                    Map.of("key", "loss", "value", 0.4, "timestamp", 50, "step", 5))))
        .statusCode(200);
    post(
            "/runs/log-metric",
            Map.of("run_id", run, "key", "loss", "value", 0.1, "timestamp", 1, "step", 2))
        .statusCode(200);
    get("/runs/get", Map.of("run_id", run))
        .body("run.data.metrics[0].value", equalTo(0.5f))
        .body("run.data.metrics[0].step", equalTo(5));
    JsonPath h =
        get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss", "max_results", 2))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(2, h.getList("metrics").size());
    assertNotNull(h.getString("next_page_token"));
    JsonPath h2 =
        get(
                "/metrics/get-history",
                Map.of(
                    "run_id",
                    run,
                    "metric_key",
                    "loss",
                    "max_results",
                    2,
                    "page_token",
                    h.getString("next_page_token")))
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(2, h2.getList("metrics").size());
    assertNull(h2.get("next_page_token"));
    List<Object> all = new ArrayList<>(h.getList("metrics.timestamp"));
    all.addAll(h2.getList("metrics.timestamp"));
    assertEquals(List.of(1, 50, 100, 200), all, "history ordered by timestamp");
    // duplicates of a stored point are ignored, not errors
    post(
            "/runs/log-metric",
            Map.of("run_id", run, "key", "loss", "value", 0.1, "timestamp", 1, "step", 2))
        .statusCode(200);
    get("/metrics/get-history", Map.of("run_id", run, "metric_key", "loss", "max_results", 100))
        .body("metrics", hasSize(4));
  }

  @Test
  void logBatchLimitsAndFullSize() {
    String run = createRun(createExperiment(unique("batch")));
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      metrics.add(Map.of("key", "m" + (i % 30), "value", i, "timestamp", 1000 + i, "step", i));
    }
    List<Map<String, Object>> params = new ArrayList<>();
    List<Map<String, Object>> tags = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      params.add(Map.of("key", "p" + i, "value", "v" + i));
      tags.add(Map.of("key", "t" + i, "value", "v" + i));
    }
    post(
            "/runs/log-batch",
            Map.of("run_id", run, "metrics", metrics, "params", params, "tags", tags))
        .statusCode(200);
    JsonPath r = get("/runs/get", Map.of("run_id", run)).extract().jsonPath();
    assertEquals(30, r.getList("run.data.metrics").size());
    assertEquals(50, r.getList("run.data.params").size());
    get("/metrics/get-history", Map.of("run_id", run, "metric_key", "m7", "max_results", 1000))
        .body("metrics", hasSize(30));

    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(Map.of("key", "m", "value", i, "timestamp", i));
    }
    assertError(
        post("/runs/log-batch", Map.of("run_id", run, "metrics", tooMany)),
        400,
        "INVALID_PARAMETER_VALUE",
        "at most 1000 metrics");
    List<Map<String, Object>> manyTags = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      manyTags.add(Map.of("key", "x" + i, "value", "v"));
    }
    assertError(
        post("/runs/log-batch", Map.of("run_id", run, "tags", manyTags)),
        400,
        "INVALID_PARAMETER_VALUE",
        "at most 100 tags");
    assertError(
        post(
            "/runs/log-batch",
            Map.of(
                "run_id",
                run,
                "params",
                List.of(Map.of("key", "d", "value", "1"), Map.of("key", "d", "value", "2")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "Duplicate parameter keys have been submitted: ['d']");
    // a failed batch writes nothing
    assertError(
        post(
            "/runs/log-batch",
            Map.of(
                "run_id",
                run,
                "params",
                List.of(
                    Map.of("key", "fresh", "value", "1"),
                    Map.of("key", "p0", "value", "changed")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "Changing param values is not allowed");
    get("/runs/get", Map.of("run_id", run))
        .body("run.data.params.key", not(org.hamcrest.Matchers.hasItem("fresh")));
    // over-long param values are truncated to 6000 characters, as MLflow does by default
    post(
            "/runs/log-batch",
            Map.of(
                "run_id", run, "params", List.of(Map.of("key", "long", "value", "v".repeat(7000)))))
        .statusCode(200);
  }

  @Test
  void updateDeleteRestoreRun() {
    String run = createRun(createExperiment(unique("upd")));
    post(
            "/runs/update",
            Map.of("run_id", run, "status", "FINISHED", "end_time", 5000, "run_name", "renamed"))
        .statusCode(200)
        .body("run_info.status", equalTo("FINISHED"))
        .body("run_info.end_time", equalTo(5000))
        .body("run_info.run_name", equalTo("renamed"));
    get("/runs/get", Map.of("run_uuid", run))
        .body("run.data.tags.find { it.key == 'mlflow.runName' }.value", equalTo("renamed"));
    post("/runs/delete", Map.of("run_id", run)).statusCode(200);
    get("/runs/get", Map.of("run_id", run)).body("run.info.lifecycle_stage", equalTo("deleted"));
    assertError(
        post("/runs/log-parameter", Map.of("run_id", run, "key", "a", "value", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "must be in the 'active' state. Current state is deleted");
    post("/runs/restore", Map.of("run_id", run)).statusCode(200);
    post("/runs/log-parameter", Map.of("run_id", run, "key", "a", "value", "1")).statusCode(200);
    assertError(
        get("/runs/get", Map.of("run_id", "0123456789abcdef0123456789abcdef")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Run with id=0123456789abcdef0123456789abcdef not found");
    assertError(get("/runs/get", Map.of()), 400, "INVALID_PARAMETER_VALUE", "'run_id'");
  }

  @Test
  void searchRunsFiltersOrdersAndPages() {
    String exp = createExperiment(unique("sr"));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String run = createRun(exp);
      runs.add(run);
      if (i != 3) {
        post(
                "/runs/log-metric",
                Map.of("run_id", run, "key", "acc", "value", i * 0.1, "timestamp", 1))
            .statusCode(200);
      }
      post(
              "/runs/log-parameter",
              Map.of("run_id", run, "key", "model", "value", i % 2 == 0 ? "cnn" : "rnn"))
          .statusCode(200);
    }
    post(
            "/runs/search",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "filter",
                "metrics.acc > 0.15 and params.model = 'cnn'"))
        .statusCode(200)
        .body("runs.info.run_id", containsInAnyOrder(runs.get(2), runs.get(4)));
    // missing values sort last in either direction
    post(
            "/runs/search",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "order_by",
                List.of("metrics.acc DESC"),
                "max_results",
                10))
        .body(
            "runs.info.run_id",
            contains(runs.get(4), runs.get(2), runs.get(1), runs.get(0), runs.get(3)));
    post(
            "/runs/search",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "order_by",
                List.of("metrics.acc ASC"),
                "max_results",
                10))
        .body(
            "runs.info.run_id",
            contains(runs.get(0), runs.get(1), runs.get(2), runs.get(4), runs.get(3)));

    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Map<String, Object> body = new java.util.HashMap<>();
      body.put("experiment_ids", List.of(exp));
      body.put("max_results", 2);
      body.put("order_by", List.of("metrics.acc ASC"));
      if (token != null) {
        body.put("page_token", token);
      }
      JsonPath page = post("/runs/search", body).statusCode(200).extract().jsonPath();
      paged.addAll(page.getList("runs.info.run_id"));
      token = page.getString("next_page_token");
    } while (token != null);
    assertEquals(List.of(runs.get(0), runs.get(1), runs.get(2), runs.get(4), runs.get(3)), paged);

    post("/runs/delete", Map.of("run_id", runs.get(0))).statusCode(200);
    post("/runs/search", Map.of("experiment_ids", List.of(exp))).body("runs", hasSize(4));
    post("/runs/search", Map.of("experiment_ids", List.of(exp), "run_view_type", "DELETED_ONLY"))
        .body("runs.info.run_id", contains(runs.get(0)));
    assertError(
        post(
            "/runs/search", Map.of("experiment_ids", List.of(exp), "filter", "params.model = cnn")),
        400,
        "INVALID_PARAMETER_VALUE",
        "");
    assertError(
        post("/runs/search", Map.of("experiment_ids", List.of(exp), "max_results", 50001)),
        400,
        "INVALID_PARAMETER_VALUE",
        "50000");
    post("/runs/search", Map.of("experiment_ids", List.of(createExperiment(unique("empty")))))
        .statusCode(200)
        .body(equalTo("{}"));
  }

  @Test
  void datasetsAndSearchDatasets() {
    String exp = createExperiment(unique("ds"));
    String run = createRun(exp);
    Map<String, Object> dataset =
        Map.of(
            "dataset",
            Map.of(
                "name",
                "iris",
                "digest",
                "abc123",
                "source_type",
                "local",
                "source",
                "{\"uri\":\"/x\"}",
                "schema",
                "{}",
                "profile",
                "{\"rows\": 150}"),
            "tags",
            List.of(Map.of("key", "mlflow.data.context", "value", "training")));
    post("/runs/log-inputs", Map.of("run_id", run, "datasets", List.of(dataset))).statusCode(200);
    post("/runs/log-inputs", Map.of("run_id", run, "datasets", List.of(dataset))).statusCode(200);
    JsonPath r = get("/runs/get", Map.of("run_id", run)).extract().jsonPath();
    assertEquals(1, r.getList("run.inputs.dataset_inputs").size());
    assertEquals("iris", r.getString("run.inputs.dataset_inputs[0].dataset.name"));
    assertEquals("training", r.getString("run.inputs.dataset_inputs[0].tags[0].value"));

    post("/runs/search", Map.of("experiment_ids", List.of(exp), "filter", "datasets.name = 'iris'"))
        .body("runs", hasSize(1));
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("experiment_ids", List.of(exp)))
        .when()
        .post("/ajax-api/2.0/mlflow/experiments/search-datasets")
        .then()
        .statusCode(200)
        .body("dataset_summaries[0].name", equalTo("iris"))
        .body("dataset_summaries[0].context", equalTo("training"))
        .body("dataset_summaries[0].experiment_id", equalTo(exp));
    assertError(
        given()
            .contentType(ContentType.JSON)
            .body(Map.of())
            .when()
            .post("/ajax-api/2.0/mlflow/experiments/search-datasets")
            .then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "at least one experiment_id");
  }

  @Test
  void metricHistoryOfUnknownRunIsEmptyAndBulkHistory() {
    get("/metrics/get-history", Map.of("run_id", "f".repeat(32), "metric_key", "x"))
        .statusCode(200)
        .body(equalTo("{}"));
    assertError(
        get(
            "/metrics/get-history",
            Map.of("run_id", "f".repeat(32), "metric_key", "x", "max_results", 0)),
        400,
        "INVALID_PARAMETER_VALUE",
        "must be a positive integer");
    String a = createRun(createExperiment(unique("hb")));
    String b = createRun(createExperiment(unique("hb")));
    for (String run : List.of(a, b)) {
      for (int i = 0; i < 3; i++) {
        post(
                "/runs/log-metric",
                Map.of("run_id", run, "key", "acc", "value", i, "timestamp", 10 - i, "step", i))
            .statusCode(200);
      }
    }
    JsonPath bulk =
        given()
            .queryParam("run_id", b)
            .queryParam("run_id", a)
            .queryParam("metric_key", "acc")
            .when()
            .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<String> expectedRuns = new ArrayList<>(List.of(a, a, a, b, b, b));
    if (a.compareTo(b) > 0) {
      expectedRuns = List.of(b, b, b, a, a, a);
    }
    assertEquals(expectedRuns, bulk.getList("metrics.run_id"));
    assertEquals(
        List.of(8, 9, 10), bulk.getList("metrics.timestamp").subList(0, 3), "ordered by timestamp");
    given()
        .queryParam("run_id", a)
        .queryParam("metric_key", "never-logged")
        .when()
        .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk")
        .then()
        .statusCode(200)
        .body(equalTo("{\"metrics\":[]}"));
    assertError(
        given()
            .queryParam("metric_key", "acc")
            .when()
            .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk")
            .then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "at least one run_id");
    given()
        .queryParam("run_id", a)
        .queryParam("metric_key", "acc")
        .when()
        .get(API + "/metrics/get-history-bulk")
        .then()
        .statusCode(404);
  }

  /**
   * MLflow 3.18 samples by row (first row of each of max_results NTILE buckets), then puts the last
   * point in place of the last sample: steps 0..9 with max_results 5 give 0, 2, 4, 6, 9 (MLflow
   * 3.11's step sampling gave six points, 0, 2, 4, 6, 8, 9).
   */
  @Test
  void metricHistoryBulkIntervalSamplesAsMlflow318() {
    String run = createRun(createExperiment(unique("bulk318")));
    for (int i = 0; i < 10; i++) {
      post(
              "/runs/log-metric",
              Map.of("run_id", run, "key", "metricA", "value", 10.0, "timestamp", 1, "step", i))
          .statusCode(200);
    }
    Map<String, Object> query = new java.util.HashMap<>();
    query.put("run_ids", run);
    query.put("metric_key", "metricA");
    query.put("max_results", 5);
    get("/metrics/get-history-bulk-interval", query)
        .statusCode(200)
        .body("metrics.step", contains(0, 2, 4, 6, 9))
        .body("metrics.timestamp", contains(1, 1, 1, 1, 1));
    query.put("start_step", 0);
    query.put("end_step", 4);
    get("/metrics/get-history-bulk-interval", query)
        .statusCode(200)
        .body("metrics.step", contains(0, 1, 2, 3, 4));
  }

  @Test
  void metricHistoryBulkIntervalSamples() {
    String run = createRun(createExperiment(unique("bulk")));
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      metrics.add(Map.of("key", "loss", "value", 1.0 / (i + 1), "timestamp", 1000 + i, "step", i));
    }
    post("/runs/log-batch", Map.of("run_id", run, "metrics", metrics)).statusCode(200);
    JsonPath sampled =
        given()
            .queryParam("run_ids", run)
            .queryParam("metric_key", "loss")
            .queryParam("max_results", 10)
            .when()
            .get("/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    List<Integer> steps = sampled.getList("metrics.step");
    assertEquals(10, steps.size());
    assertEquals(0, steps.get(0));
    assertEquals(999, steps.get(9), "the last point is kept");
    assertEquals(run, sampled.getString("metrics[0].run_id"));
    assertError(
        given()
            .queryParam("run_ids", run)
            .queryParam("metric_key", "loss")
            .queryParam("max_results", 5000)
            .when()
            .get(API + "/metrics/get-history-bulk-interval")
            .then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "max_results must be between 1 and 2500");
  }
}
