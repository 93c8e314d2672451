package dev.trackway.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OpsUnitTest {
  @Test
  void logBatchCounting() {
    assertArrayEquals(
        new int[] {2, 1, 0},
        LogBatchMetrics.count(
            "{\"run_id\":\"x\",\"metrics\":[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":[1,{}]}],"
                + "\"extra\":{\"metrics\":[1,2,3]},\"params\":[{\"key\":\"p\",\"value\":\"v\"}],\"tags\":[]}"));
    assertArrayEquals(new int[] {0, 0, 0}, LogBatchMetrics.count("{\"run_id\":\"x\"}"));
    assertNull(LogBatchMetrics.count("not json"));
    assertNull(LogBatchMetrics.count("[1,2]"));
  }

  @Test
  void routeTemplatesLoseTheirRegularExpressions() {
    assertEquals("/{prefix}/2.0/mlflow/runs/get", HttpMetricsConfig.stripRegex("/{prefix: api|ajax-api}/2.0/mlflow/runs/get"));
    assertEquals(
        "/{prefix}/2.0/mlflow-artifacts/artifacts/{path}",
        HttpMetricsConfig.stripRegex("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/artifacts/{path: .*}"));
    assertEquals("/a/{id}/b", HttpMetricsConfig.stripRegex("/a/{id: [0-9]{3}}/b"));
    assertEquals("/health", HttpMetricsConfig.stripRegex("/health"));
  }

  @Test
  void artifactPaths() {
    assertEquals(Path.of("/tmp/a b"), ArtifactStoreReadiness.localPath("file:///tmp/a%20b"));
    assertEquals(Path.of("./mlartifacts"), ArtifactStoreReadiness.localPath("./mlartifacts"));
    assertEquals("s3://bucket/p", ArtifactStoreReadiness.redact("s3://key:secret@bucket/p"));
  }

  @Test
  void artifactRoutes() {
    org.junit.jupiter.api.Assertions.assertTrue(ArtifactBytesMetrics.PROXIED.matcher("/api/2.0/mlflow-artifacts/artifacts/1/x/a.txt").matches());
    org.junit.jupiter.api.Assertions.assertFalse(ArtifactBytesMetrics.PROXIED.matcher("/api/2.0/mlflow-artifacts/artifacts").matches());
    org.junit.jupiter.api.Assertions.assertTrue(ArtifactBytesMetrics.DOWNLOADS.matcher("/get-artifact").matches());
    org.junit.jupiter.api.Assertions.assertTrue(ArtifactBytesMetrics.DOWNLOADS.matcher("/ajax-api/2.0/mlflow/logged-models/m-1/artifacts/files").matches());
  }
}
