package dev.trackway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.trackway.api.auth.ResponseRedactions;
import dev.trackway.api.auth.ResponseRedactions.Kind;
import org.junit.jupiter.api.Test;

/** The routes whose answers MLflow 3.18 redacts for denied sub-resource tiers. */
class ResponseRedactionsTest {
  @Test
  void routesAndKinds() {
    assertEquals(
        Kind.MODEL_VERSION, ResponseRedactions.kindOf("GET", "/api/2.0/mlflow/model-versions/get"));
    assertEquals(
        Kind.MODEL_VERSION,
        ResponseRedactions.kindOf(
            "POST", "/ajax-api/2.0/mlflow/registered-models/get-latest-versions"));
    assertEquals(
        Kind.REGISTERED_MODEL,
        ResponseRedactions.kindOf("GET", "/api/2.0/mlflow/registered-models/search"));
    assertEquals(
        Kind.LOGGED_MODEL, ResponseRedactions.kindOf("GET", "/api/2.0/mlflow/logged-models/m-1"));
    assertEquals(
        Kind.LOGGED_MODEL,
        ResponseRedactions.kindOf("PATCH", "/api/2.0/mlflow/logged-models/m-1/tags"));
    assertEquals(
        Kind.LOGGED_MODEL,
        ResponseRedactions.kindOf("POST", "/api/2.0/mlflow/logged-models/search"));
    assertEquals(Kind.RUN, ResponseRedactions.kindOf("POST", "/api/2.0/mlflow/runs/search"));
    assertEquals(
        Kind.METRICS, ResponseRedactions.kindOf("GET", "/api/2.0/mlflow/metrics/get-history"));
    assertNull(ResponseRedactions.kindOf("DELETE", "/api/2.0/mlflow/logged-models/m-1"));
    assertNull(ResponseRedactions.kindOf("GET", "/api/2.0/mlflow/logged-models/m-1/artifacts/x"));
    assertNull(ResponseRedactions.kindOf("GET", "/api/2.0/mlflow/experiments/get"));
    assertNull(ResponseRedactions.kindOf("GET", "/graphql"));
  }
}
