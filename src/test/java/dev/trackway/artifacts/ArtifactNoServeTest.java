package dev.trackway.artifacts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --no-serve-artifacts}: the proxied artifact routes answer 503 as MLflow's do. */
@QuarkusTest
@TestProfile(ArtifactTestResources.NoServe.class)
class ArtifactNoServeTest {
  static final String DISABLED_TEXT =
      " disabled due to the mlflow server running with `--no-serve-artifacts`."
          + " To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`";

  @Test
  void streamingRoutesAnswerFastApisJson() {
    String detail =
        "Artifact serving is disabled. Run `mlflow server` with `--serve-artifacts` to enable.";
    given()
        .when()
        .get("/api/2.0/mlflow-artifacts/artifacts/1/r/a.txt")
        .then()
        .statusCode(503)
        .contentType(ContentType.JSON)
        .body("detail", equalTo(detail));
    given()
        .body("x")
        .when()
        .put("/ajax-api/2.0/mlflow-artifacts/artifacts/1/r/a.txt")
        .then()
        .statusCode(503)
        .body("detail", equalTo(detail));
  }

  @Test
  void otherRoutesAnswerFlasksText() {
    given()
        .queryParam("path", "1")
        .when()
        .get("/api/2.0/mlflow-artifacts/artifacts")
        .then()
        .statusCode(503)
        .contentType(startsWith("text/html"))
        .body(equalTo("Endpoint: /api/2.0/mlflow-artifacts/artifacts" + DISABLED_TEXT));
    given()
        .when()
        .delete("/api/2.0/mlflow-artifacts/artifacts/1/r/a.txt")
        .then()
        .statusCode(503)
        .body(
            equalTo(
                "Endpoint: /api/2.0/mlflow-artifacts/artifacts/<path:artifact_path>"
                    + DISABLED_TEXT));
    for (String op : new String[] {"create", "complete", "abort"}) {
      given()
          .contentType(ContentType.JSON)
          .body(Map.of("path", "f"))
          .when()
          .post("/ajax-api/2.0/mlflow-artifacts/mpu/" + op + "/1/r")
          .then()
          .statusCode(503)
          .body(
              equalTo(
                  "Endpoint: /ajax-api/2.0/mlflow-artifacts/mpu/"
                      + op
                      + "/<path:artifact_path>"
                      + DISABLED_TEXT));
    }
    given().when().get("/api/2.0/mlflow-artifacts/presigned/1/r/a.txt").then().statusCode(503);
  }

  @Test
  void trackingStillWorks() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "no-serve-" + System.nanoTime()))
        .when()
        .post("/api/2.0/mlflow/experiments/create")
        .then()
        .statusCode(200);
  }
}
