package dev.trackway.api.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.store.jdbc.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Evaluation datasets written into MLflow's tables the way MLflow's SQL store writes them, read
 * back through the routes the UI's Datasets pages call.
 */
@QuarkusTest
class EvaluationDatasetsApiTest {
  @Inject Database db;

  String experiment() {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", "eval-" + UUID.randomUUID()))
        .post("/api/2.0/mlflow/experiments/create")
        .then()
        .statusCode(200)
        .extract()
        .path("experiment_id");
  }

  String dataset(String experimentId, String name, long created) {
    String id = "d-" + UUID.randomUUID().toString().replace("-", "");
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO evaluation_datasets (dataset_id, name, schema, profile, digest,"
                      + " created_time, last_update_time, created_by, last_updated_by, workspace)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, 'root', 'root', 'default')")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, "{\"inputs\": {\"x\": \"integer\"}}");
            ps.setString(4, "{\"num_records\": 1}");
            ps.setString(5, "1e45720a");
            ps.setLong(6, created);
            ps.setLong(7, created + 5);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO evaluation_dataset_tags (dataset_id, "
                      + (db.vendor() == dev.trackway.store.jdbc.sql.SqlVendor.MYSQL
                          ? "`key`"
                          : "\"key\"")
                      + ", value) VALUES (?, 'mlflow.user', 'root')")) {
            ps.setString(1, id);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO entity_associations (association_id, source_type, source_id,"
                      + " destination_type, destination_id, created_time)"
                      + " VALUES (?, 'evaluation_dataset', ?, 'experiment', ?, ?)")) {
            ps.setString(1, "a-" + UUID.randomUUID());
            ps.setString(2, id);
            ps.setString(3, experimentId);
            ps.setLong(4, created);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO evaluation_dataset_records (dataset_record_id, dataset_id, inputs,"
                      + " expectations, tags, source, source_id, source_type, created_time,"
                      + " last_update_time, created_by, last_updated_by, input_hash, outputs)"
                      + " VALUES (?, ?, ?, ?, ?, ?, NULL, 'HUMAN', ?, ?, 'root', 'root', ?, ?)")) {
            ps.setString(1, "dr-" + UUID.randomUUID().toString().replace("-", ""));
            ps.setString(2, id);
            ps.setString(3, "{\"x\": 1}");
            ps.setString(4, "{\"expected\": 4}");
            ps.setString(5, "{}");
            ps.setString(
                6, "{\"source_type\": \"HUMAN\", \"source_data\": {\"source_id\": \"alice\"}}");
            ps.setLong(7, created);
            ps.setLong(8, created);
            ps.setString(9, UUID.randomUUID().toString());
            ps.setString(10, "{\"mlflow_wrapped\": 5}");
            ps.executeUpdate();
          }
          return null;
        });
    return id;
  }

  @Test
  void searchGetAndRecords() throws Exception {
    String exp = experiment();
    String older = dataset(exp, "eval-a", 1_000);
    String newer = dataset(exp, "eval-b", 2_000);
    dataset(experiment(), "elsewhere", 3_000);

    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "experiment_ids",
                List.of(exp),
                "order_by",
                List.of("created_time DESC"),
                "max_results",
                20))
        .post("/ajax-api/3.0/mlflow/datasets/search")
        .then()
        .statusCode(200)
        .body("datasets.dataset_id", contains(newer, older))
        .body("datasets[0].name", equalTo("eval-b"))
        .body("datasets[0].tags", equalTo("{\"mlflow.user\": \"root\"}"))
        .body("datasets[0].schema", equalTo("{\"inputs\": {\"x\": \"integer\"}}"))
        .body("datasets[0].digest", equalTo("1e45720a"))
        .body("datasets[0].created_time", equalTo(2000))
        .body("datasets[0].last_update_time", equalTo(2005))
        .body("datasets[0].created_by", equalTo("root"))
        .body("next_page_token", nullValue());
    // pages
    String token =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("experiment_ids", List.of(exp), "max_results", 1))
            .post("/api/3.0/mlflow/datasets/search")
            .then()
            .statusCode(200)
            .body("datasets.dataset_id", contains(newer))
            .body("next_page_token", notNullValue())
            .extract()
            .path("next_page_token");
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("experiment_ids", List.of(exp), "max_results", 1, "page_token", token))
        .post("/api/3.0/mlflow/datasets/search")
        .then()
        .body("datasets.dataset_id", contains(older));
    // order and filter
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "experiment_ids", List.of(exp),
                "order_by", List.of("name ASC"),
                "filter_string", "name LIKE 'eval-%' AND created_time > 1500"))
        .post("/ajax-api/3.0/mlflow/datasets/search")
        .then()
        .body("datasets.name", contains("eval-b"));
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of("experiment_ids", List.of(exp), "filter_string", "tags.`mlflow.user` = 'root'"))
        .post("/ajax-api/3.0/mlflow/datasets/search")
        .then()
        .body("datasets", hasSize(2));
    given()
        .get("/ajax-api/3.0/mlflow/datasets/" + older)
        .then()
        .statusCode(200)
        .body("dataset.dataset_id", equalTo(older))
        .body("dataset.name", equalTo("eval-a"));

    String records =
        given()
            .get(
                "/ajax-api/3.0/mlflow/datasets/"
                    + older
                    + "/records?dataset_id="
                    + older
                    + "&max_results=500")
            .then()
            .statusCode(200)
            .body("next_page_token", nullValue())
            .extract()
            .path("records");
    JsonNode list = new ObjectMapper().readTree(records);
    assertEquals(1, list.size());
    JsonNode r = list.get(0);
    assertEquals(older, r.get("dataset_id").asText());
    assertEquals(1, r.get("inputs").get("x").asInt());
    assertEquals(4, r.get("expectations").get("expected").asInt());
    assertEquals("HUMAN", r.get("source_type").asText());
    assertEquals("alice", r.get("source_id").asText());
    assertEquals(5, r.get("outputs").asInt());
    assertEquals(1000, r.get("created_time").asLong());
    // Python's json.dumps spacing, as MLflow writes this string
    assertEquals(true, records.startsWith("[{\"dataset_record_id\": \"dr-"));
  }
}
