package dev.trackway.ops;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A SQLite database another process holds locked: a write waits the busy timeout (shortened here),
 * is retried within the retry budget (each retry counted at /q/metrics), and is then answered
 * MLflow's 503 TEMPORARILY_UNAVAILABLE within a bound; once the lock is released, writes succeed
 * again without a restart; reads are answered meanwhile (WAL, docs/adr/0011).
 */
@QuarkusTest
@TestProfile(SqliteLockedTest.ShortBusyTimeout.class)
class SqliteLockedTest {
  /** SQLite whose statements wait 300 ms for a lock. */
  public static class ShortBusyTimeout implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(SqliteDatabase.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mlflow.trackway.sqlite-busy-timeout", "300ms");
    }
  }

  @TestHTTPResource("/api/2.0/mlflow/experiments/create")
  URI create;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> createExperiment(String name) throws Exception {
    return http.send(
        HttpRequest.newBuilder(create)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void databaseIsInWalMode() throws Exception {
    assertEquals(200, createExperiment("wal-check").statusCode());
    String uri = ConfigProvider.getConfig().getValue("mlflow.backend-store-uri", String.class);
    try (Connection other =
            DriverManager.getConnection("jdbc:sqlite:" + uri.substring("sqlite:///".length()));
        Statement st = other.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      assertTrue(rs.next());
      assertEquals("wal", rs.getString(1), "the journal mode stored in the file");
    }
  }

  @Test
  void lockedDatabaseAnswers503ThenRecovers() throws Exception {
    String uri = ConfigProvider.getConfig().getValue("mlflow.backend-store-uri", String.class);
    String path = uri.substring("sqlite:///".length());
    assertEquals(200, createExperiment("before-lock").statusCode());
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + path);
        Statement st = other.createStatement()) {
      st.execute("BEGIN EXCLUSIVE");
      long t = System.nanoTime();
      HttpResponse<String> locked = createExperiment("while-locked");
      long took = (System.nanoTime() - t) / 1_000_000;
      assertEquals(503, locked.statusCode(), locked.body());
      JsonNode body = new ObjectMapper().readTree(locked.body());
      assertEquals("TEMPORARILY_UNAVAILABLE", body.path("error_code").asText());
      assertTrue(body.path("message").asText().contains("database is locked"), locked.body());
      // the retry budget (2 s) plus one busy timeout, with room for a loaded machine
      assertTrue(took < 5_000, "answered within a bound: " + took + " ms");
      // WAL (docs/adr/0011): readers never wait for a writer, even one holding EXCLUSIVE
      given()
          .queryParam("experiment_name", "before-lock")
          .get("/api/2.0/mlflow/experiments/get-by-name")
          .then()
          .statusCode(200);
      st.execute("ROLLBACK");
    }
    assertEquals(200, createExperiment("while-locked").statusCode());
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(
        metrics.contains("trackway_db_retries_total{operation=\"write\",reason=\"lock_timeout\"}"),
        "the retries on the busy database are counted");
  }
}
