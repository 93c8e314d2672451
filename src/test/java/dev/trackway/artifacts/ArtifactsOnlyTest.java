package dev.trackway.artifacts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --artifacts-only}: tracking routes answer 503; the artifact service is served. */
@QuarkusTest
@TestProfile(ArtifactTestResources.ArtifactsOnly.class)
class ArtifactsOnlyTest {
  static String disabled(String path) {
    return "Endpoint: "
        + path
        + " disabled due to the mlflow server running in `--artifacts-only` mode."
        + " To enable tracking server functionality, run `mlflow server` without `--artifacts-only`";
  }

  @Test
  void trackingRoutesAreDisabled() {
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "x"))
        .when()
        .post("/api/2.0/mlflow/experiments/create")
        .then()
        .statusCode(503)
        .contentType(startsWith("text/html"))
        .body(equalTo(disabled("/api/2.0/mlflow/experiments/create")));
    given()
        .queryParam("run_id", "abc")
        .when()
        .get("/ajax-api/2.0/mlflow/artifacts/list")
        .then()
        .statusCode(503)
        .body(equalTo(disabled("/ajax-api/2.0/mlflow/artifacts/list")));
    given()
        .queryParam("run_id", "abc")
        .queryParam("path", "a")
        .when()
        .get("/get-artifact")
        .then()
        .statusCode(503);
  }

  @Test
  void artifactServiceAndHealthAreServed() {
    given()
        .body("only artifacts")
        .when()
        .put("/api/2.0/mlflow-artifacts/artifacts/1/r/a.txt")
        .then()
        .statusCode(200);
    given()
        .when()
        .get("/api/2.0/mlflow-artifacts/artifacts/1/r/a.txt")
        .then()
        .statusCode(200)
        .body(equalTo("only artifacts"));
    given().when().get("/health").then().statusCode(200);
    given().when().get("/version").then().statusCode(200);
    given().when().get("/api/2.0/no-such-route").then().statusCode(404);
  }
}
