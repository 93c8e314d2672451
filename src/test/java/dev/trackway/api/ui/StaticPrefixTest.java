package dev.trackway.api.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --static-prefix /mlflow}: every route, the API included, answers under the prefix and
 * nowhere else; the proxied artifact routes answer both ways; {@code /mlflow} redirects.
 */
@QuarkusTest
@TestProfile(StaticPrefixTest.Prefixed.class)
class StaticPrefixTest {
  public static class Prefixed implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mlflow.static-prefix", "/mlflow", "mlflow.server-x-frame-options", "deny");
    }
  }

  @Test
  void everythingUnderThePrefix() {
    given()
        .get("/mlflow/")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-cache")
        .header("X-Frame-Options", "DENY")
        .body(containsString("static-files/static/js/main."));
    given().get("/mlflow/static-files/favicon.ico").then().statusCode(200);
    given().get("/mlflow/health").then().statusCode(200).body(equalTo("OK"));
    given()
        .get("/mlflow/api/2.0/mlflow/experiments/get?experiment_id=0")
        .then()
        .statusCode(200)
        .body("experiment.name", equalTo("Default"));
    given()
        .get("/mlflow/ajax-api/3.0/mlflow/server-info")
        .then()
        .statusCode(200)
        .header("X-Frame-Options", "DENY");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("query", "{ test(inputString: \"p\") { output } }"))
        .post("/mlflow/graphql")
        .then()
        .statusCode(200)
        .body("data.test.output", equalTo("p"));
    given()
        .get("/mlflow/static-files/lib/notebook-trace-renderer/index.html")
        .then()
        .statusCode(200)
        .header("X-Frame-Options", nullValue());
  }

  @Test
  void nothingOutsideIt() {
    for (String path :
        new String[] {
          "/",
          "/health",
          "/version",
          "/static-files/favicon.ico",
          "/graphql",
          "/api/2.0/mlflow/experiments/get?experiment_id=0",
          "/ajax-api/3.0/mlflow/server-info"
        }) {
      given()
          .urlEncodingEnabled(false)
          .get(path)
          .then()
          .statusCode(404)
          .body("error_code", equalTo("ENDPOINT_NOT_FOUND"));
    }
  }

  @Test
  void prefixAloneRedirects() {
    given()
        .redirects()
        .follow(false)
        .get("/mlflow?a=1")
        .then()
        .statusCode(308)
        .header("Location", endsWith("/mlflow/?a=1"));
  }

  @Test
  void artifactProxyAnswersBothWays() {
    given().get("/api/2.0/mlflow-artifacts/artifacts").then().statusCode(200);
    given().get("/mlflow/api/2.0/mlflow-artifacts/artifacts").then().statusCode(200);
  }

  @Test
  void operationsEndpointsStayAtTheirPath() {
    given().get("/q/health/live").then().statusCode(200);
  }

  @Test
  void prefixIsValidatedAsMlflowDoes() {
    assertEquals(null, UiHttpRoutes.validPrefix(""));
    assertEquals("/a/b", UiHttpRoutes.validPrefix("/a/b"));
    assertEquals(
        "--static-prefix must begin with a '/'.",
        assertThrows(IllegalArgumentException.class, () -> UiHttpRoutes.validPrefix("a"))
            .getMessage());
    assertEquals(
        "--static-prefix should not end with a '/'.",
        assertThrows(IllegalArgumentException.class, () -> UiHttpRoutes.validPrefix("/a/"))
            .getMessage());
    assertEquals(
        "--static-prefix must not contain '{' or '}'.",
        assertThrows(IllegalArgumentException.class, () -> UiHttpRoutes.validPrefix("/{a}"))
            .getMessage());
  }
}
