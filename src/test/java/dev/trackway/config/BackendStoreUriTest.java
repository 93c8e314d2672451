package dev.trackway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.compat.MlflowUris;
import org.junit.jupiter.api.Test;

class BackendStoreUriTest {

  @Test
  void defaultIsMlflowDbInWorkingDirectory() {
    BackendStoreUri uri = BackendStoreUri.parse(null);
    assertEquals(BackendStoreUri.Kind.SQLITE, uri.kind());
    assertTrue(uri.jdbcUrl().startsWith("jdbc:sqlite:mlflow.db?"), uri.jdbcUrl());
  }

  @Test
  void sqlalchemySqlitePaths() {
    assertTrue(
        BackendStoreUri.parse("sqlite:///rel/x.db").jdbcUrl().startsWith("jdbc:sqlite:rel/x.db?"));
    assertTrue(
        BackendStoreUri.parse("sqlite:////abs/x.db")
            .jdbcUrl()
            .startsWith("jdbc:sqlite:/abs/x.db?"));
    assertThrows(IllegalArgumentException.class, () -> BackendStoreUri.parse("sqlite://"));
  }

  @Test
  void mysqlForms() {
    BackendStoreUri uri =
        BackendStoreUri.parse("mysql+pymysql://u:p%40ss@db.local:3307/mlflow?charset=utf8mb4");
    assertEquals(BackendStoreUri.Kind.MYSQL, uri.kind());
    assertEquals("u", uri.username());
    assertEquals("p@ss", uri.password());
    assertTrue(uri.jdbcUrl().startsWith("jdbc:mysql://db.local:3307/mlflow?"), uri.jdbcUrl());
    assertTrue(uri.jdbcUrl().contains("rewriteBatchedStatements=true"));
    assertEquals(
        3306,
        java.net
            .URI
            .create(BackendStoreUri.parse("mysql://h/db").jdbcUrl().substring(5))
            .getPort());
    BackendStoreUri jdbc = BackendStoreUri.parse("jdbc:mariadb://h:3306/db");
    assertEquals(BackendStoreUri.Kind.MYSQL, jdbc.kind());
    assertTrue(jdbc.jdbcUrl().startsWith("jdbc:mysql://h:3306/db"));
  }

  @Test
  void fileStoreAndUnknownSchemesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BackendStoreUri.parse("./mlruns"));
    assertThrows(IllegalArgumentException.class, () -> BackendStoreUri.parse("postgresql://h/db"));
  }

  @Test
  void defaultArtifactRootFollowsServeMode() {
    assertEquals("mlflow-artifacts:/", TrackwayConfig.resolveDefaultArtifactRoot(null, true));
    assertTrue(TrackwayConfig.resolveDefaultArtifactRoot(null, false).matches("file:/.*/mlruns"));
    assertEquals("s3://b/p", TrackwayConfig.resolveDefaultArtifactRoot("s3://b/p", false));
    assertEquals("mlflow-artifacts:/1", MlflowUris.appendToUri("mlflow-artifacts:/", "1"));
    assertEquals(
        "s3://b/p/1/r/artifacts", MlflowUris.appendToUri("s3://b/p", "1", "r", "artifacts"));
  }
}
