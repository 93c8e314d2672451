package dev.trackway.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP helpers of the wire suites (tracking, registry, artifacts): MLflow's JSON requests under
 * {@code /api/2.0/mlflow}, unique names, MLflow's error answer, and the experiments and runs most
 * tests start from.
 */
public abstract class AbstractApiTest {
  protected static final String API = "/api/2.0/mlflow";

  /** A JSON POST to an RPC path under {@link #API}. */
  protected static ValidatableResponse post(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().post(API + path).then();
  }

  protected static ValidatableResponse patch(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().patch(API + path).then();
  }

  /** A DELETE with a JSON body, as MLflow's client sends the registry's deletes. */
  protected static ValidatableResponse delete(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).when().delete(API + path).then();
  }

  /** A GET with query parameters. */
  protected static ValidatableResponse get(String path, Map<String, ?> query) {
    return given().queryParams(query).when().get(API + path).then();
  }

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** MLflow's error JSON with this status and code, and a message containing {@code part}. */
  protected static void assertError(ValidatableResponse r, int status, String code, String part) {
    r.statusCode(status)
        .contentType(ContentType.JSON)
        .body("error_code", equalTo(code))
        .body("message", containsString(part));
  }

  /** A new experiment of that name: its id. */
  protected static String createExperiment(String name) {
    return createExperiment(Map.of("name", name));
  }

  /** A new experiment from a CreateExperiment request: its id. */
  protected static String createExperiment(Map<String, ?> request) {
    return post("/experiments/create", request).statusCode(200).extract().path("experiment_id");
  }

  /** A new run of the experiment (start time 1000): the CreateRun answer. */
  protected static JsonPath createRunJson(String experimentId) {
    return post("/runs/create", Map.of("experiment_id", experimentId, "start_time", 1000))
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** A new run of the experiment (start time 1000): its id. */
  protected static String createRun(String experimentId) {
    return createRunJson(experimentId).getString("run.info.run_id");
  }
}
