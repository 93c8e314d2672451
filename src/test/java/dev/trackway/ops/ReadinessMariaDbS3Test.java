package dev.trackway.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.artifacts.ArtifactTestResources;
import dev.trackway.testing.MariaDbDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Readiness on MariaDB and S3 (s3proxy): both checks UP, each turning DOWN (503) while its
 * dependency fails and UP again when it is back, without restarting the server. The connection
 * outage itself (the database server stopped and started) is exercised by
 * scripts/container-test.sh; here the schema table disappears and the bucket goes away.
 */
@QuarkusTest
@TestProfile(OpsProfiles.MariaDbS3.class)
class ReadinessMariaDbS3Test {
  @ConfigProperty(name = "mlflow.backend-store-uri")
  String backendStoreUri;

  static JsonPath ready(int status) {
    return given().when().get("/q/health/ready").then().statusCode(status).extract().jsonPath();
  }

  static String check(JsonPath p, String name, String field) {
    return p.getString("checks.find { it.name == '" + name + "' }." + field);
  }

  @Test
  void upOnMariaDbAndS3() {
    JsonPath p = ready(200);
    assertEquals("mysql", check(p, "database", "data.vendor"));
    assertEquals("UP", check(p, "artifact-store", "status"));
    assertEquals("s3 bucket listed", check(p, "artifact-store", "data.checked"));
  }

  @Test
  void databaseDownAndBack() throws Exception {
    String db = backendStoreUri.substring(backendStoreUri.lastIndexOf('/') + 1);
    try (Connection c = MariaDbDatabase.admin();
        Statement st = c.createStatement()) {
      st.execute("RENAME TABLE " + db + ".alembic_version TO " + db + ".alembic_version_away");
      try {
        JsonPath p = ready(503);
        assertEquals("DOWN", check(p, "database", "status"));
        assertTrue(check(p, "database", "data.error").contains("alembic_version"), p.prettify());
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/health").then().statusCode(200);
      } finally {
        st.execute("RENAME TABLE " + db + ".alembic_version_away TO " + db + ".alembic_version");
      }
    }
    assertEquals("UP", check(ready(200), "database", "status"));
  }

  @Test
  void bucketDownAndBack() throws Exception {
    Path bucket = Path.of(System.getProperty(ArtifactTestResources.BUCKET_DIR));
    Path away = bucket.resolveSibling("bucket-away");
    Files.move(bucket, away);
    try {
      JsonPath p = ready(503);
      assertEquals("DOWN", check(p, "artifact-store", "status"));
      assertFalse(check(p, "artifact-store", "data.error").isEmpty());
      assertEquals("UP", check(p, "database", "status"));
    } finally {
      Files.move(away, bucket);
    }
    assertEquals("UP", check(ready(200), "artifact-store", "status"));
  }

  @Test
  void poolGaugesNameTheMysqlDatasource() {
    Samples s =
        Samples.parse(
            given()
                .accept("text/plain; version=0.0.4")
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    assertFalse(s.find("agroal_active_count", Map.of("datasource", "mysql")).isEmpty());
    assertFalse(s.find("agroal_max_used_count", Map.of("datasource", "mysql")).isEmpty());
  }
}
