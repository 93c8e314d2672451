package dev.trackway.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.artifacts.ArtifactTestResources;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The operations endpoints on SQLite and a local artifact folder: MLflow's /health, liveness,
 * readiness (database and artifact store, down and up again without a restart) and the Prometheus
 * metrics (route templates as labels, latency buckets, pool gauges, log-batch rows, artifact
 * bytes).
 */
@QuarkusTest
@TestProfile(OpsProfiles.SqliteLocal.class)
class OpsEndpointsTest {
  static final String API = "/api/2.0/mlflow";

  static Samples scrape() {
    String text =
        given()
            .accept("text/plain; version=0.0.4")
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .contentType(org.hamcrest.Matchers.startsWith("text/plain"))
            .extract()
            .asString();
    return Samples.parse(text);
  }

  static String createRun() {
    String exp =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("name", "ops-" + UUID.randomUUID()))
            .post(API + "/experiments/create")
            .then()
            .statusCode(200)
            .extract()
            .path("experiment_id");
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("experiment_id", exp, "start_time", 1000))
        .post(API + "/runs/create")
        .then()
        .statusCode(200)
        .extract()
        .path("run.info.run_id");
  }

  @Test
  void healthAnswersAsMlflow() {
    given().when().get("/health").then().statusCode(200).body(equalTo("OK"));
  }

  @Test
  void liveness() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void readinessChecksDatabaseAndArtifactFolder() {
    JsonPath ready =
        given().when().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
    assertEquals("UP", ready.getString("status"));
    assertEquals("UP", ready.getString("checks.find { it.name == 'database' }.status"));
    assertEquals("sqlite", ready.getString("checks.find { it.name == 'database' }.data.vendor"));
    assertFalse(ready.getString("checks.find { it.name == 'database' }.data.schema").isEmpty());
    assertEquals("UP", ready.getString("checks.find { it.name == 'artifact-store' }.status"));
  }

  @Test
  void readinessFollowsTheArtifactFolder() throws Exception {
    Path dest = Path.of(System.getProperty(ArtifactTestResources.BASE)).resolve("dest");
    Path away = dest.resolveSibling("dest-away");
    Files.move(dest, away);
    try {
      Files.writeString(dest, "a file where the artifact folder should be");
      JsonPath down =
          given().when().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
      assertEquals("DOWN", down.getString("checks.find { it.name == 'artifact-store' }.status"));
      assertTrue(
          down.getString("checks.find { it.name == 'artifact-store' }.data.error")
              .contains("not a folder"));
      assertEquals("UP", down.getString("checks.find { it.name == 'database' }.status"));
      // liveness does not depend on the artifact store
      given().when().get("/q/health/live").then().statusCode(200);
    } finally {
      Files.delete(dest);
      Files.move(away, dest);
    }
    given().when().get("/q/health/ready").then().statusCode(200);
  }

  @Test
  void requestsAreCountedPerRouteTemplate() {
    String runId = createRun();
    for (int i = 0; i < 3; i++) {
      given().queryParam("run_id", runId).get(API + "/runs/get").then().statusCode(200);
    }
    given().get("/no/such/" + runId).then().statusCode(404);
    Samples s = scrape();
    String uri = "/{prefix}/2.0/mlflow/runs/get";
    Map<String, String> labels =
        Map.of("uri", uri, "method", "GET", "status", "200", "outcome", "SUCCESS");
    assertTrue(s.sum("http_server_requests_seconds_count", labels) >= 3, "runs/get counted");
    assertTrue(s.sum("http_server_requests_seconds_sum", labels) > 0);
    // latency histogram: cumulative buckets up to +Inf, which equals the count
    List<Samples.Sample> buckets = s.find("http_server_requests_seconds_bucket", labels);
    assertTrue(buckets.size() >= 10, "buckets: " + buckets);
    assertTrue(buckets.stream().anyMatch(b -> b.labels().get("le").equals("0.005")));
    Map<String, String> inf = new java.util.HashMap<>(labels);
    inf.put("le", "+Inf");
    assertEquals(
        s.sum("http_server_requests_seconds_count", labels),
        s.sum("http_server_requests_seconds_bucket", inf));
    // labels carry templates: no run id, no regular expression, unmatched paths as NOT_FOUND
    for (Samples.Sample x : s.all) {
      String u = x.labels().get("uri");
      if (u != null) {
        assertFalse(u.contains(runId), "raw path in a label: " + x);
        assertFalse(u.contains("api|ajax-api"), "regex in a label: " + x);
      }
    }
    assertTrue(s.sum("http_server_requests_seconds_count", Map.of("uri", "NOT_FOUND")) >= 1);
  }

  @Test
  void logBatchRowsAreCounted() {
    String runId = createRun();
    Samples before = scrape();
    Map<String, Object> body =
        Map.of(
            "run_id", runId,
            "metrics",
                List.of(
                    Map.of("key", "loss", "value", 0.5, "timestamp", 1, "step", 0),
                    Map.of("key", "loss", "value", 0.4, "timestamp", 2, "step", 1),
                    Map.of("key", "acc", "value", 0.9, "timestamp", 2, "step", 1)),
            "params",
                List.of(Map.of("key", "lr", "value", "0.1"), Map.of("key", "depth", "value", "3")),
            "tags", List.of(Map.of("key", "team", "value", "ops")));
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post(API + "/runs/log-batch")
        .then()
        .statusCode(200);
    // a failing request (unknown run) adds nothing
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("run_id", "0".repeat(32), "params", List.of(Map.of("key", "x", "value", "1"))))
        .post(API + "/runs/log-batch")
        .then()
        .statusCode(404);
    Samples after = scrape();
    String name = "trackway_log_batch_rows_total";
    assertEquals(
        3, after.sum(name, Map.of("kind", "metric")) - before.sum(name, Map.of("kind", "metric")));
    assertEquals(
        2, after.sum(name, Map.of("kind", "param")) - before.sum(name, Map.of("kind", "param")));
    assertEquals(
        1, after.sum(name, Map.of("kind", "tag")) - before.sum(name, Map.of("kind", "tag")));
  }

  @Test
  void artifactBytesAreCounted() {
    byte[] data = new byte[12_345];
    new java.util.Random(7).nextBytes(data);
    String path = "ops-" + UUID.randomUUID() + "/blob.bin";
    Samples before = scrape();
    given()
        .body(data)
        .contentType("application/octet-stream")
        .put("/api/2.0/mlflow-artifacts/artifacts/" + path)
        .then()
        .statusCode(200);
    byte[] back =
        given()
            .get("/api/2.0/mlflow-artifacts/artifacts/" + path)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertEquals(data.length, back.length);
    given().get("/api/2.0/mlflow-artifacts/artifacts/ops-missing/none.bin").then().statusCode(404);
    Samples after = scrape();
    String name = "trackway_artifacts_transferred_bytes_total";
    assertEquals(
        data.length,
        after.sum(name, Map.of("direction", "up")) - before.sum(name, Map.of("direction", "up")));
    assertEquals(
        data.length,
        after.sum(name, Map.of("direction", "down"))
            - before.sum(name, Map.of("direction", "down")));
  }

  @Test
  void poolGaugesAndJvmMetrics() {
    Samples s = scrape();
    assertFalse(
        s.find("agroal_active_count", Map.of("datasource", "sqlite")).isEmpty(), "agroal gauges");
    assertFalse(s.find("agroal_available_count", Map.of("datasource", "sqlite")).isEmpty());
    assertFalse(s.find("agroal_awaiting_count", Map.of("datasource", "sqlite")).isEmpty());
    assertFalse(s.find("jvm_memory_used_bytes", Map.of()).isEmpty());
  }
}
