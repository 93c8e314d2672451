package dev.trackway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OpsUnitTest {
  @Test
  void routeTemplatesLoseTheirRegularExpressions() {
    assertEquals(
        "/{prefix}/2.0/mlflow/runs/get",
        HttpMetricsConfig.stripRegex("/{prefix: api|ajax-api}/2.0/mlflow/runs/get"));
    assertEquals(
        "/{prefix}/2.0/mlflow-artifacts/artifacts/{path}",
        HttpMetricsConfig.stripRegex(
            "/{prefix: api|ajax-api}/2.0/mlflow-artifacts/artifacts/{path: .*}"));
    assertEquals("/a/{id}/b", HttpMetricsConfig.stripRegex("/a/{id: [0-9]{3}}/b"));
    assertEquals("/health", HttpMetricsConfig.stripRegex("/health"));
  }

  @Test
  void artifactRoutes() {
    org.junit.jupiter.api.Assertions.assertTrue(
        ArtifactBytesMetrics.PROXIED
            .matcher("/api/2.0/mlflow-artifacts/artifacts/1/x/a.txt")
            .matches());
    org.junit.jupiter.api.Assertions.assertFalse(
        ArtifactBytesMetrics.PROXIED.matcher("/api/2.0/mlflow-artifacts/artifacts").matches());
    org.junit.jupiter.api.Assertions.assertTrue(
        ArtifactBytesMetrics.DOWNLOADS.matcher("/get-artifact").matches());
    org.junit.jupiter.api.Assertions.assertTrue(
        ArtifactBytesMetrics.DOWNLOADS
            .matcher("/ajax-api/2.0/mlflow/logged-models/m-1/artifacts/files")
            .matches());
  }
}
