package dev.trackway.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.testing.AbstractApiTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The wire format of the model registry and logged-model RPCs, run once per backend (SQLite,
 * MariaDB): fields present and omitted, version numbering, soft deletes, aliases, prompts, searches
 * with MLflow's grammar and page tokens, MLflow's error codes and statuses.
 */
public abstract class AbstractRegistryApiTest extends AbstractApiTest {
  static String createExperiment() {
    return createExperiment(unique("reg-exp"));
  }

  static void createModel(String name) {
    post("/registered-models/create", Map.of("name", name)).statusCode(200);
  }

  static String createVersion(String name, String source) {
    return post("/model-versions/create", Map.of("name", name, "source", source))
        .statusCode(200)
        .extract()
        .path("model_version.version");
  }

  static JsonPath createLoggedModel(String experimentId, Map<String, Object> extra) {
    Map<String, Object> body = new LinkedHashMap<>(extra);
    body.put("experiment_id", experimentId);
    return post("/logged-models", body).statusCode(200).extract().jsonPath();
  }

  // ------------------------------------------------------------------ registered models

  @Test
  void createGetUpdateRegisteredModel() {
    String name = unique("rm");
    post(
            "/registered-models/create",
            Map.of(
                "name",
                name,
                "description",
                "first",
                "tags",
                List.of(Map.of("key", "b", "value", "2"), Map.of("key", "a", "value", "1"))))
        .statusCode(200)
        .body("registered_model.name", equalTo(name))
        .body("registered_model.description", equalTo("first"))
        .body("registered_model.tags.key", contains("b", "a"))
        .body("registered_model", not(hasKey("latest_versions")))
        .body("registered_model", not(hasKey("aliases")))
        .body("registered_model", not(hasKey("user_id")));
    get("/registered-models/get", Map.of("name", name))
        .statusCode(200)
        .body("registered_model.tags.key", contains("a", "b"))
        .body("registered_model.creation_timestamp", org.hamcrest.Matchers.notNullValue())
        .body("registered_model.last_updated_timestamp", org.hamcrest.Matchers.notNullValue());
    // an update without a description clears it (MLflow stores the proto default "")
    patch("/registered-models/update", Map.of("name", name))
        .statusCode(200)
        .body("registered_model", not(hasKey("description")));
    patch("/registered-models/update", Map.of("name", name, "description", "second"))
        .statusCode(200)
        .body("registered_model.description", equalTo("second"));
    // the web UI's prefix
    given()
        .queryParam("name", name)
        .when()
        .get("/ajax-api/2.0/mlflow/registered-models/get")
        .then()
        .statusCode(200)
        .body("registered_model.name", equalTo(name));
  }

  @Test
  void registeredModelErrors() {
    String name = unique("rm");
    createModel(name);
    assertError(
        post("/registered-models/create", Map.of("name", name)),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "Registered Model (name=" + name + ") already exists.");
    assertError(
        post(
            "/registered-models/create",
            Map.of(
                "name",
                name,
                "tags",
                List.of(Map.of("key", "mlflow.prompt.is_prompt", "value", "true")))),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "Tried to create a prompt with name '"
            + name
            + "', but the name is already taken by a"
            + " registered model.");
    assertError(
        get("/registered-models/get", Map.of("name", "no-such-" + name)),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Registered Model with name=no-such-" + name + " not found");
    assertError(
        post("/registered-models/create", Map.of("name", "a/b")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid model name 'a/b'. Names cannot contain '/' or ':'.");
    assertError(
        post("/registered-models/create", Map.of("name", "  ")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'name'.");
    assertError(
        post("/registered-models/create", Map.of()),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'name'. See the API docs");
    assertError(
        post("/registered-models/create", Map.of("name", "x/../y")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid model name");
    assertError(
        post(
            "/registered-models/create",
            Map.of("name", unique("rm"), "tags", List.of(Map.of("key", "a//b", "value", "1")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "Names may be treated as files");
    assertError(
        given().body("{\"name\": \"x\"}").when().post(API + "/registered-models/create").then(),
        400,
        "INVALID_PARAMETER_VALUE",
        "Content-Type");
  }

  @Test
  void valuesTooLongForMysqlColumnsAreClientErrors() {
    // registered_model_tags.value is varchar(5000) on MySQL (MLflow validates 100000): MySQL's
    // data error is MLflow's BAD_REQUEST; SQLite stores the value
    String name = unique("rm");
    createModel(name);
    int status =
        post(
                "/registered-models/set-tag",
                Map.of("name", name, "key", "k", "value", "x".repeat(6000)))
            .extract()
            .statusCode();
    assertTrue(status == 200 || status == 400, "status " + status);
    if (status == 400) {
      assertError(
          post(
              "/registered-models/set-tag",
              Map.of("name", name, "key", "k", "value", "x".repeat(6000))),
          400,
          "BAD_REQUEST",
          "DataError");
    }
  }

  @Test
  void renameMovesVersionsTagsAndAliases() {
    String name = unique("rm");
    String newName = name + "-renamed";
    createModel(name);
    createVersion(name, "s3://bucket/one");
    post("/model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k", "value", "v"))
        .statusCode(200);
    post("/registered-models/set-tag", Map.of("name", name, "key", "rk", "value", "rv"))
        .statusCode(200);
    post("/registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"))
        .statusCode(200);
    post("/registered-models/rename", Map.of("name", name, "new_name", newName))
        .statusCode(200)
        .body("registered_model.name", equalTo(newName))
        .body("registered_model.latest_versions[0].name", equalTo(newName))
        .body("registered_model.tags[0].key", equalTo("rk"))
        .body("registered_model.aliases[0].alias", equalTo("champion"));
    get("/registered-models/get", Map.of("name", name)).statusCode(404);
    get("/model-versions/get", Map.of("name", newName, "version", "1"))
        .statusCode(200)
        .body("model_version.tags[0].key", equalTo("k"))
        .body("model_version.aliases", contains("champion"));
    String other = unique("rm");
    createModel(other);
    assertError(
        post("/registered-models/rename", Map.of("name", other, "new_name", newName)),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "already exists");
    assertError(
        post("/registered-models/rename", Map.of("name", other)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'new_name'");
  }

  @Test
  void deleteRemovesVersionsTagsAndAliasesWithJsonBody() {
    String name = unique("rm");
    createModel(name);
    createVersion(name, "s3://bucket/one");
    post("/model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k", "value", "v"))
        .statusCode(200);
    post("/registered-models/alias", Map.of("name", name, "alias", "a1", "version", "1"))
        .statusCode(200);
    delete("/registered-models/delete", Map.of("name", name))
        .statusCode(200)
        .body("$", equalTo(Map.of()));
    get("/registered-models/get", Map.of("name", name)).statusCode(404);
    get("/model-versions/search", Map.of("filter", "name = '" + name + "'"))
        .statusCode(200)
        .body("$", not(hasKey("model_versions")));
    // the name can be used again, versions start at 1
    createModel(name);
    assertEquals("1", createVersion(name, "s3://bucket/one"));
    assertError(
        delete("/registered-models/delete", Map.of("name", "no-such-" + name)),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    assertError(
        delete("/registered-models/delete", Map.of()), 400, "INVALID_PARAMETER_VALUE", "'name'");
  }

  @Test
  void registeredModelTags() {
    String name = unique("rm");
    createModel(name);
    post("/registered-models/set-tag", Map.of("name", name, "key", "k", "value", "v1"))
        .statusCode(200);
    post("/registered-models/set-tag", Map.of("name", name, "key", "k", "value", "v2"))
        .statusCode(200);
    post("/registered-models/set-tag", Map.of("name", name, "key", "empty")).statusCode(200);
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.tags", hasSize(2))
        .body("registered_model.tags.find { it.key == 'k' }.value", equalTo("v2"))
        .body("registered_model.tags.find { it.key == 'empty' }.value", equalTo(""));
    delete("/registered-models/delete-tag", Map.of("name", name, "key", "k")).statusCode(200);
    // deleting a missing tag is fine, as in MLflow
    delete("/registered-models/delete-tag", Map.of("name", name, "key", "k")).statusCode(200);
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.tags.key", contains("empty"));
    assertError(
        post("/registered-models/set-tag", Map.of("name", "no-" + name, "key", "k", "value", "v")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    assertError(
        post("/registered-models/set-tag", Map.of("name", name, "value", "v")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'key'");
    assertError(
        post(
            "/registered-models/set-tag",
            Map.of("name", name, "key", "k", "value", "x".repeat(100_001))),
        400,
        "INVALID_PARAMETER_VALUE",
        "'value' exceeds the maximum length of 100000 characters");
  }

  // ------------------------------------------------------------------ model versions

  @Test
  void versionsAreNumberedAndSoftDeleted() {
    String name = unique("rm");
    createModel(name);
    post(
            "/model-versions/create",
            Map.of(
                "name",
                name,
                "source",
                "s3://bucket/model",
                "tags",
                List.of(Map.of("key", "t", "value", "1"))))
        .statusCode(200)
        .body("model_version.version", equalTo("1"))
        .body("model_version.current_stage", equalTo("None"))
        .body("model_version.status", equalTo("READY"))
        .body("model_version.description", equalTo(""))
        .body("model_version.run_id", equalTo(""))
        .body("model_version.run_link", equalTo(""))
        .body("model_version.source", equalTo("s3://bucket/model"))
        .body("model_version.tags[0].key", equalTo("t"))
        .body("model_version", not(hasKey("user_id")))
        .body("model_version", not(hasKey("aliases")));
    assertEquals("2", createVersion(name, "s3://bucket/model2"));
    assertEquals("3", createVersion(name, "s3://bucket/model3"));
    post("/registered-models/alias", Map.of("name", name, "alias", "a3", "version", "3"))
        .statusCode(200);
    delete("/model-versions/delete", Map.of("name", name, "version", "3")).statusCode(200);
    assertError(
        get("/model-versions/get", Map.of("name", name, "version", "3")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Model Version (name=" + name + ", version=3) not found");
    // deleted numbers are not reused; the alias went away with the version
    assertEquals("4", createVersion(name, "s3://bucket/model4"));
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model", not(hasKey("aliases")))
        .body("registered_model.latest_versions.version", contains("4"));
    get("/model-versions/search", Map.of("filter", "name = '" + name + "'"))
        .body("model_versions.version", contains("4", "2", "1"));
    assertError(
        delete("/model-versions/delete", Map.of("name", name, "version", "3")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    assertError(
        get("/model-versions/get", Map.of("name", name, "version", "x")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Parameter 'version' must be an integer, got 'x'.");
    assertError(
        post("/model-versions/create", Map.of("name", "no-" + name, "source", "s3://b/m")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Registered Model with name=no-" + name + " not found");
    assertError(
        post("/model-versions/create", Map.of("name", name)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'source'");
  }

  @Test
  void updateAndTransitionVersions() {
    String name = unique("rm");
    createModel(name);
    createVersion(name, "s3://bucket/1");
    createVersion(name, "s3://bucket/2");
    patch("/model-versions/update", Map.of("name", name, "version", "1", "description", "d"))
        .statusCode(200)
        .body("model_version.description", equalTo("d"));
    // as MLflow: an update without a description clears it
    patch("/model-versions/update", Map.of("name", name, "version", "1"))
        .statusCode(200)
        .body("model_version", not(hasKey("description")));
    post(
            "/model-versions/transition-stage",
            Map.of(
                "name",
                name,
                "version",
                "1",
                "stage",
                "production",
                "archive_existing_versions",
                false))
        .statusCode(200)
        .body("model_version.current_stage", equalTo("Production"));
    post(
            "/model-versions/transition-stage",
            Map.of(
                "name",
                name,
                "version",
                "2",
                "stage",
                "Production",
                "archive_existing_versions",
                true))
        .statusCode(200)
        .body("model_version.current_stage", equalTo("Production"));
    get("/model-versions/get", Map.of("name", name, "version", "1"))
        .body("model_version.current_stage", equalTo("Archived"));
    post("/registered-models/get-latest-versions", Map.of("name", name))
        .statusCode(200)
        .body("model_versions.version", contains("1", "2"))
        .body("model_versions.current_stage", contains("Archived", "Production"));
    post(
            "/registered-models/get-latest-versions",
            Map.of("name", name, "stages", List.of("PRODUCTION")))
        .body("model_versions.version", contains("2"));
    given()
        .queryParam("name", name)
        .queryParam("stages", "Archived")
        .queryParam("stages", "None")
        .when()
        .get(API + "/registered-models/get-latest-versions")
        .then()
        .statusCode(200)
        .body("model_versions.version", contains("1"));
    assertError(
        post(
            "/registered-models/get-latest-versions",
            Map.of("name", name, "stages", List.of("bogus"))),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid Model Version stage: bogus. Value must be one of None, Staging, Production, Archived.");
    assertError(
        post(
            "/model-versions/transition-stage",
            Map.of(
                "name",
                name,
                "version",
                "1",
                "stage",
                "Archived",
                "archive_existing_versions",
                true)),
        400,
        "INVALID_PARAMETER_VALUE",
        "is not an Active stage");
    assertError(
        post(
            "/model-versions/transition-stage",
            Map.of("name", name, "version", "9", "stage", "Staging")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
  }

  @Test
  void versionTags() {
    String name = unique("rm");
    createModel(name);
    createVersion(name, "s3://bucket/1");
    post("/model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k", "value", "v"))
        .statusCode(200);
    post("/model-versions/set-tag", Map.of("name", name, "version", "1", "key", "k", "value", "w"))
        .statusCode(200);
    get("/model-versions/get", Map.of("name", name, "version", "1"))
        .body("model_version.tags", hasSize(1))
        .body("model_version.tags[0].value", equalTo("w"));
    delete("/model-versions/delete-tag", Map.of("name", name, "version", "1", "key", "k"))
        .statusCode(200);
    delete("/model-versions/delete-tag", Map.of("name", name, "version", "1", "key", "k"))
        .statusCode(200);
    get("/model-versions/get", Map.of("name", name, "version", "1"))
        .body("model_version", not(hasKey("tags")));
    assertError(
        post(
            "/model-versions/set-tag",
            Map.of("name", name, "version", "2", "key", "k", "value", "v")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Model Version (name=" + name + ", version=2) not found");
    assertError(
        delete("/model-versions/delete-tag", Map.of("name", name, "version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'key'");
  }

  @Test
  void aliases() {
    String name = unique("rm");
    createModel(name);
    createVersion(name, "s3://bucket/1");
    createVersion(name, "s3://bucket/2");
    post("/registered-models/alias", Map.of("name", name, "alias", "champion", "version", "1"))
        .statusCode(200)
        .body("$", equalTo(Map.of()));
    post("/registered-models/alias", Map.of("name", name, "alias", "champion", "version", "2"))
        .statusCode(200);
    post("/registered-models/alias", Map.of("name", name, "alias", "backup", "version", "2"))
        .statusCode(200);
    get("/registered-models/alias", Map.of("name", name, "alias", "champion"))
        .statusCode(200)
        .body("model_version.version", equalTo("2"))
        .body("model_version.aliases", contains("backup", "champion"));
    get("/registered-models/get", Map.of("name", name))
        .body("registered_model.aliases.alias", contains("backup", "champion"))
        .body("registered_model.aliases.version", contains("2", "2"));
    get("/registered-models/alias", Map.of("name", name, "alias", "LATEST"))
        .statusCode(200)
        .body("model_version.version", equalTo("2"));
    assertError(
        get("/registered-models/alias", Map.of("name", name, "alias", "nope")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Registered model alias nope not found.");
    assertError(
        post("/registered-models/alias", Map.of("name", name, "alias", "Latest", "version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "'latest' alias name (case insensitive) is reserved.");
    assertError(
        post("/registered-models/alias", Map.of("name", name, "alias", "V12", "version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Version alias name 'V12' is reserved.");
    assertError(
        post("/registered-models/alias", Map.of("name", name, "alias", "a.b", "version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid alias name: 'a.b'.");
    assertError(
        post("/registered-models/alias", Map.of("name", name, "alias", "x", "version", "7")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    delete("/registered-models/alias", Map.of("name", name, "alias", "champion")).statusCode(200);
    delete("/registered-models/alias", Map.of("name", name, "alias", "champion")).statusCode(200);
    get("/registered-models/alias", Map.of("name", name, "alias", "champion")).statusCode(400);
    String empty = unique("rm");
    createModel(empty);
    assertError(
        get("/registered-models/alias", Map.of("name", empty, "alias", "latest")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Latest version not found for model " + empty + ".");
  }

  @Test
  void sourcesFromRunsAndLoggedModels() {
    String exp = createExperiment();
    JsonPath run = createRunJson(exp);
    String runId = run.getString("run.info.run_id");
    String artifactUri = run.getString("run.info.artifact_uri");
    String name = unique("rm");
    createModel(name);
    // runs:/ needs the matching run_id; the download URI is the source, as in MLflow
    post(
            "/model-versions/create",
            Map.of("name", name, "source", "runs:/" + runId + "/model", "run_id", runId))
        .statusCode(200)
        .body("model_version.run_id", equalTo(runId));
    get("/model-versions/get-download-uri", Map.of("name", name, "version", "1"))
        .statusCode(200)
        .body("artifact_uri", equalTo("runs:/" + runId + "/model"));
    assertError(
        post("/model-versions/create", Map.of("name", name, "source", "runs:/" + runId + "/model")),
        400,
        "INVALID_PARAMETER_VALUE",
        "The run_id request parameter must identify the resource that contains the source.");
    // a source inside the run's artifact root
    post(
            "/model-versions/create",
            Map.of("name", name, "source", artifactUri + "/model", "run_id", runId))
        .statusCode(200)
        .body("model_version.version", equalTo("2"));
    assertError(
        post("/model-versions/create", Map.of("name", name, "source", "s3://bucket/a/../b")),
        400,
        "INVALID_PARAMETER_VALUE",
        "an absolute path must be provided without relative path references present");
    assertError(
        post("/model-versions/create", Map.of("name", name, "source", "/tmp/local/model")),
        400,
        "INVALID_PARAMETER_VALUE",
        "To use a local path as a model version source");
    assertError(
        post("/model-versions/create", Map.of("name", name, "source", "https://example.com/m")),
        400,
        "INVALID_PARAMETER_VALUE",
        "'source' cannot use the 'https' scheme");
    // models:/<model_id>: storage location is the logged model's artifact location, and the
    // logged model records the version in its mlflow.modelVersions tag
    JsonPath lm = createLoggedModel(exp, Map.of("name", "model", "source_run_id", runId));
    String modelId = lm.getString("model.info.model_id");
    String location = lm.getString("model.info.artifact_uri");
    post(
            "/model-versions/create",
            Map.of("name", name, "source", "models:/" + modelId, "model_id", modelId))
        .statusCode(200)
        .body("model_version.version", equalTo("3"))
        .body("model_version.source", equalTo("models:/" + modelId))
        .body("model_version.run_id", equalTo(runId));
    get("/model-versions/get-download-uri", Map.of("name", name, "version", "3"))
        .body("artifact_uri", equalTo(location));
    given()
        .when()
        .get(API + "/logged-models/" + modelId)
        .then()
        .statusCode(200)
        .body(
            "model.info.tags.find { it.key == 'mlflow.modelVersions' }.value",
            equalTo("[{\"name\": \"" + name + "\", \"version\": 3}]"));
    assertError(
        post("/model-versions/create", Map.of("name", name, "source", "models:/" + modelId)),
        400,
        "INVALID_PARAMETER_VALUE",
        "The model_id request parameter must identify the resource that contains the source.");
    // models:/name/version is pinned and inherits the run id; the download URI follows it
    post("/model-versions/create", Map.of("name", name, "source", "models:/" + name + "/3"))
        .statusCode(200)
        .body("model_version.version", equalTo("4"))
        .body("model_version.run_id", equalTo(runId));
    get("/model-versions/get-download-uri", Map.of("name", name, "version", "4"))
        .body("artifact_uri", equalTo(location));
    post("/registered-models/alias", Map.of("name", name, "alias", "best", "version", "3"))
        .statusCode(200);
    post("/model-versions/create", Map.of("name", name, "source", "models:/" + name + "@best"))
        .statusCode(200)
        .body("model_version.source", equalTo("models:/" + name + "/3"));
    assertError(
        get("/model-versions/get-download-uri", Map.of("version", "1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'name'.");
  }

  /**
   * The sources MLflow's REST suite (3.11) sends, decided as MLflow 3.18's server decides them:
   * {@code runs:/} needs the run id it names, {@code mlflow-artifacts:} sources must lie inside the
   * run's artifact root, local paths inside it are accepted after normalisation, and a {@code
   * file:} URI naming a remote host is MLflow's generic (500) error.
   */
  @Test
  void sourcesAsMlflow318DecidesThem() {
    String root = "file://" + System.getProperty("java.io.tmpdir") + "/" + unique("src-root");
    String runId =
        createRun(createExperiment(Map.of("name", unique("src-exp"), "artifact_location", root)));
    String artifactUri =
        get("/runs/get", Map.of("run_id", runId)).extract().path("run.info.artifact_uri");
    String name = unique("rm");
    createModel(name);
    assertError(
        post(
            "/model-versions/create",
            Map.of("name", name, "source", "runs:/run_id/model", "run_id", "run_id_1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid model version source: 'runs:/run_id/model'. The run_id request parameter must"
            + " identify the resource that contains the source.");
    for (String source : List.of("mlflow-artifacts:/models", "mlflow-artifacts:/models///")) {
      assertError(
          post("/model-versions/create", Map.of("name", name, "source", source, "run_id", runId)),
          400,
          "INVALID_PARAMETER_VALUE",
          "The run_id request parameter must identify the resource that contains the source.");
    }
    for (String source :
        List.of(
            "mlflow-artifacts:/models/../../../",
            "s3a://my_bucket/api/2.0/mlflow-artifacts/artifacts/../../../",
            "mlflow-artifacts:/models/..%2f..%2fartifacts")) {
      assertError(
          post("/model-versions/create", Map.of("name", name, "source", source, "run_id", runId)),
          400,
          "INVALID_PARAMETER_VALUE",
          "If supplying a source as an http, https,");
    }
    // a host other than the server's artifact storage is refused before any path check
    assertError(
        post(
            "/model-versions/create",
            Map.of("name", name, "source", "mlflow-artifacts://host:9000/models", "run_id", runId)),
        400,
        "INVALID_PARAMETER_VALUE",
        "'source' cannot use the 'mlflow-artifacts' scheme");
    String path = artifactUri.substring("file://".length());
    for (String source :
        List.of(artifactUri, artifactUri + "/model", artifactUri + "/.", path + "/model/..")) {
      post("/model-versions/create", Map.of("name", name, "source", source, "run_id", runId))
          .statusCode(200);
    }
    assertError(
        post("/model-versions/create", Map.of("name", name, "source", artifactUri)),
        400,
        "INVALID_PARAMETER_VALUE",
        "To use a local path as a model version");
    assertError(
        post(
            "/model-versions/create",
            Map.of(
                "name", name, "source", "file://123.456.789.123/path/to/source", "run_id", runId)),
        500,
        "INTERNAL_ERROR",
        "is not a valid remote uri");
  }

  @Test
  void concurrentVersionCreationGivesDistinctNumbers() throws Exception {
    String name = unique("rm");
    createModel(name);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int n = i;
        futures.add(pool.submit(() -> createVersion(name, "s3://bucket/" + n)));
      }
      Set<String> versions = new HashSet<>();
      for (Future<String> f : futures) {
        versions.add(f.get());
      }
      assertEquals(12, versions.size(), versions.toString());
      for (int i = 1; i <= 12; i++) {
        assertTrue(versions.contains(Integer.toString(i)), versions.toString());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ searches

  @Test
  void searchRegisteredModelsWithFiltersOrderAndPages() {
    String prefix = unique("srch");
    for (String s : List.of("c", "a", "b")) {
      post(
              "/registered-models/create",
              Map.of(
                  "name", prefix + "-" + s, "tags", List.of(Map.of("key", "letter", "value", s))))
          .statusCode(200);
    }
    post(
            "/registered-models/create",
            Map.of(
                "name",
                prefix + "-prompt",
                "tags",
                List.of(Map.of("key", "mlflow.prompt.is_prompt", "value", "true"))))
        .statusCode(200);
    String like = "name LIKE '" + prefix + "-%'";
    get("/registered-models/search", Map.of("filter", like))
        .statusCode(200)
        .body("registered_models.name", contains(prefix + "-a", prefix + "-b", prefix + "-c"))
        .body("$", not(hasKey("next_page_token")));
    // the client's own clause for ordinary models, and the prompt search
    get(
            "/registered-models/search",
            Map.of("filter", like + " AND tags.`mlflow.prompt.is_prompt` != 'true'"))
        .body("registered_models", hasSize(3));
    get(
            "/registered-models/search",
            Map.of("filter", like + " AND tags.`mlflow.prompt.is_prompt` = 'true'"))
        .body("registered_models.name", contains(prefix + "-prompt"));
    get("/registered-models/search", Map.of("filter", like + " AND tags.letter != 'a'"))
        .body("registered_models.name", contains(prefix + "-b", prefix + "-c"));
    get("/registered-models/search", Map.of("filter", like + " AND tags.letter LIKE 'A%'"))
        .body("$", not(hasKey("registered_models")));
    get("/registered-models/search", Map.of("filter", like + " AND tags.letter ILIKE 'A%'"))
        .body("registered_models.name", contains(prefix + "-a"));
    get(
            "/registered-models/search",
            Map.of("filter", "name IN ('" + prefix + "-a', '" + prefix + "-c')"))
        .body("registered_models.name", contains(prefix + "-a", prefix + "-c"));
    get("/registered-models/search", Map.of("filter", "name = '" + prefix.toUpperCase() + "-A'"))
        .body("$", not(hasKey("registered_models")));
    given()
        .queryParam("filter", like)
        .queryParam("order_by", "name DESC")
        .when()
        .get(API + "/registered-models/search")
        .then()
        .body("registered_models.name", contains(prefix + "-c", prefix + "-b", prefix + "-a"));
    // pages of 2, MLflow's offset tokens
    JsonPath p1 =
        get("/registered-models/search", Map.of("filter", like, "max_results", "2"))
            .statusCode(200)
            .body("registered_models", hasSize(2))
            .body("next_page_token", equalTo("eyJvZmZzZXQiOiAyfQ=="))
            .extract()
            .jsonPath();
    get(
            "/registered-models/search",
            Map.of(
                "filter", like, "max_results", "2", "page_token", p1.getString("next_page_token")))
        .body("registered_models.name", contains(prefix + "-c"))
        .body("$", not(hasKey("next_page_token")));
    assertError(
        get("/registered-models/search", Map.of("max_results", "1001")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid value \"1001\" for parameter 'max_results' supplied:  Hint: Value was of type 'str'.");
    assertError(
        get("/registered-models/search", Map.of("filter", "name > 'a'")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid comparator for attribute: >");
    assertError(
        get("/registered-models/search", Map.of("order_by", "creation_timestamp")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid order by key 'creation_timestamp' specified.");
    assertError(
        get("/registered-models/search", Map.of("page_token", "garbage!")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid page token");
  }

  @Test
  void searchModelVersions() {
    String name = unique("mvs");
    createModel(name);
    String exp = createExperiment();
    String runId = createRun(exp);
    createVersion(name, "s3://bucket/1");
    post(
            "/model-versions/create",
            Map.of("name", name, "source", "runs:/" + runId + "/m", "run_id", runId))
        .statusCode(200);
    createVersion(name, "s3://bucket/3");
    post("/model-versions/set-tag", Map.of("name", name, "version", "2", "key", "k", "value", "v"))
        .statusCode(200);
    String byName = "name = '" + name + "'";
    get("/model-versions/search", Map.of("filter", byName))
        .statusCode(200)
        .body("model_versions.version", contains("3", "2", "1"))
        .body("model_versions[0]", not(hasKey("aliases")));
    get("/model-versions/search", Map.of("filter", byName + " AND version_number >= 2"))
        .body("model_versions.version", contains("3", "2"));
    get("/model-versions/search", Map.of("filter", byName + " AND version_number = '2'"))
        .body("model_versions.version", contains("2"));
    get("/model-versions/search", Map.of("filter", "run_id = '" + runId + "'"))
        .body("model_versions.version", contains("2"));
    get("/model-versions/search", Map.of("filter", byName + " AND source_path LIKE 's3://%'"))
        .body("model_versions.version", contains("3", "1"));
    get("/model-versions/search", Map.of("filter", byName + " AND tags.k = 'v'"))
        .body("model_versions.version", contains("2"));
    given()
        .queryParam("filter", byName)
        .queryParam("order_by", "version_number ASC")
        .when()
        .get(API + "/model-versions/search")
        .then()
        .body("model_versions.version", contains("1", "2", "3"));
    JsonPath p1 =
        get("/model-versions/search", Map.of("filter", byName, "max_results", "2"))
            .body("model_versions.version", contains("3", "2"))
            .extract()
            .jsonPath();
    assertNotNull(p1.getString("next_page_token"));
    get(
            "/model-versions/search",
            Map.of(
                "filter",
                byName,
                "max_results",
                "2",
                "page_token",
                p1.getString("next_page_token")))
        .body("model_versions.version", contains("1"))
        .body("$", not(hasKey("next_page_token")));
    assertError(
        get("/model-versions/search", Map.of("filter", "version_number = 1.5")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid value for numeric attribute 'version_number': 1.5");
    assertError(
        get("/model-versions/search", Map.of("max_results", "0")),
        400,
        "INVALID_PARAMETER_VALUE",
        "It must be a positive integer");
    assertError(
        get("/model-versions/search", Map.of("max_results", "200001")),
        400,
        "INVALID_PARAMETER_VALUE",
        "for parameter 'max_results' supplied");
  }

  // ------------------------------------------------------------------ prompts

  @Test
  void promptsRideOnTheRegistry() {
    String name = unique("prompt");
    List<Map<String, String>> promptTag =
        List.of(Map.of("key", "mlflow.prompt.is_prompt", "value", "true"));
    post("/registered-models/create", Map.of("name", name, "tags", promptTag)).statusCode(200);
    post(
            "/model-versions/create",
            Map.of(
                "name",
                name,
                "source",
                "dummy-source",
                "tags",
                List.of(
                    Map.of("key", "mlflow.prompt.is_prompt", "value", "true"),
                    Map.of("key", "mlflow.prompt.text", "value", "Hello {{name}}"))))
        .statusCode(200)
        .body("model_version.version", equalTo("1"))
        .body("model_version.source", equalTo("dummy-source"))
        .body("model_version.tags.key", contains("mlflow.prompt.is_prompt", "mlflow.prompt.text"));
    assertError(
        post(
            "/model-versions/create",
            Map.of("name", name, "source", "s3://b/p", "tags", promptTag)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid prompt source: 's3://b/p'. Prompt sources must use an MLflow placeholder.");
    assertError(
        post("/registered-models/create", Map.of("name", name)),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "Tried to create a registered model with name '"
            + name
            + "', but the name is already taken by"
            + " a prompt.");
    assertError(
        post("/registered-models/create", Map.of("name", name, "tags", promptTag)),
        400,
        "RESOURCE_ALREADY_EXISTS",
        "Prompt (name=" + name + ") already exists.");
    // prompt versions are hidden from ordinary version searches
    get("/model-versions/search", Map.of("filter", "name = '" + name + "'"))
        .body("$", not(hasKey("model_versions")));
    get(
            "/model-versions/search",
            Map.of("filter", "name = '" + name + "' AND tags.`mlflow.prompt.is_prompt` = 'true'"))
        .body("model_versions.version", contains("1"));
    assertError(
        post(
            "/model-versions/create",
            Map.of("name", unique("rm"), "source", "models:/" + name + "/1")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Prompt versions cannot be used as model version sources.");
  }

  // ------------------------------------------------------------------ logged models

  @Test
  void loggedModelLifecycle() {
    String exp = createExperiment();
    JsonPath run = createRunJson(exp);
    String runId = run.getString("run.info.run_id");
    JsonPath lm =
        createLoggedModel(
            exp,
            Map.of(
                "name",
                "model",
                "source_run_id",
                runId,
                "model_type",
                "sklearn",
                "params",
                List.of(Map.of("key", "alpha", "value", "0.5")),
                "tags",
                List.of(Map.of("key", "t2", "value", "b"), Map.of("key", "t1", "value", "a"))));
    String id = lm.getString("model.info.model_id");
    assertTrue(id.matches("m-[0-9a-f]{32}"), id);
    String expLocation =
        get("/experiments/get", Map.of("experiment_id", exp))
            .extract()
            .path("experiment.artifact_location");
    assertEquals(
        expLocation + "/models/" + id + "/artifacts", lm.getString("model.info.artifact_uri"));
    assertEquals("LOGGED_MODEL_PENDING", lm.getString("model.info.status"));
    assertEquals(exp, lm.getString("model.info.experiment_id"));
    assertEquals(List.of("t1", "t2"), lm.getList("model.info.tags.key"));
    assertEquals("alpha", lm.getString("model.data.params[0].key"));
    assertNull(lm.get("model.info.status_message"));
    // defaults as MLflow's proto: empty strings, a generated name
    assertTrue(
        createLoggedModel(exp, Map.of())
            .getString("model.info.name")
            .matches("[a-z]+-[a-z]+-\\d+"));
    post("/logged-models", Map.of("experiment_id", exp))
        .statusCode(200)
        .body("model.info.model_type", equalTo(""))
        .body("model.info.source_run_id", equalTo(""))
        .body("model.data", equalTo(Map.of()));
    patch("/logged-models/" + id, Map.of("model_id", id, "status", "LOGGED_MODEL_READY"))
        .statusCode(200)
        .body("model.info.status", equalTo("LOGGED_MODEL_READY"));
    patch(
            "/logged-models/" + id + "/tags",
            Map.of(
                "tags",
                List.of(Map.of("key", "x", "value", "1"), Map.of("key", "x", "value", "2"))))
        .statusCode(200)
        .body("$", equalTo(Map.of()));
    given()
        .get(API + "/logged-models/" + id)
        .then()
        .body("model.info.tags.find { it.key == 'x' }.value", equalTo("2"));
    given().delete(API + "/logged-models/" + id + "/tags/x").then().statusCode(200);
    assertError(
        given().delete(API + "/logged-models/" + id + "/tags/x").then(),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No tag with key 'x' found for model with ID '" + id + "'.");
    post(
            "/logged-models/" + id + "/params",
            Map.of("model_id", id, "params", List.of(Map.of("key", "beta", "value", "2"))))
        .statusCode(200);
    assertError(
        post(
            "/logged-models/" + id + "/params",
            Map.of("model_id", id, "params", List.of(Map.of("key", "beta", "value", "2")))),
        400,
        "BAD_REQUEST",
        "");
    given()
        .get(API + "/logged-models/" + id)
        .then()
        .body("model.data.params.key", contains("alpha", "beta"));
    given().delete(API + "/logged-models/" + id).then().statusCode(200);
    assertError(
        given().get(API + "/logged-models/" + id).then(),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "Logged model with ID '" + id + "' not found.");
    given()
        .queryParam("allow_deleted", "true")
        .get(API + "/logged-models/" + id)
        .then()
        .statusCode(200)
        .body("model.info.model_id", equalTo(id));
  }

  @Test
  void loggedModelErrors() {
    String exp = createExperiment();
    assertError(
        post("/logged-models", Map.of()), 400, "INVALID_PARAMETER_VALUE", "'experiment_id'");
    assertError(
        post("/logged-models", Map.of("experiment_id", "999999")),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "No Experiment with id=999999 exists");
    assertError(
        post("/logged-models", Map.of("experiment_id", exp, "name", "a.b")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid model name ('a.b') provided.");
    String id = createLoggedModel(exp, Map.of()).getString("model.info.model_id");
    assertError(
        patch("/logged-models/" + id, Map.of("status", "LOGGED_MODEL_READY")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'model_id'");
    assertError(
        patch("/logged-models/" + id, Map.of("model_id", id)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'status'");
    patch("/logged-models/" + id, Map.of("model_id", id, "status", 3))
        .statusCode(200)
        .body("model.info.status", equalTo("LOGGED_MODEL_UPLOAD_FAILED"));
    assertError(
        given().get(API + "/logged-models/m-0000").then(),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    post("/experiments/delete", Map.of("experiment_id", exp)).statusCode(200);
    assertError(
        post("/logged-models", Map.of("experiment_id", exp)),
        400,
        "INVALID_PARAMETER_VALUE",
        "must be in the 'active' state");
  }

  @Test
  void searchLoggedModels() {
    String exp = createExperiment();
    String a =
        createLoggedModel(
                exp,
                Map.of(
                    "name",
                    "alpha",
                    "model_type",
                    "sklearn",
                    "params",
                    List.of(Map.of("key", "lr", "value", "0.1")),
                    "tags",
                    List.of(Map.of("key", "team", "value", "x"))))
            .getString("model.info.model_id");
    String b = createLoggedModel(exp, Map.of("name", "beta")).getString("model.info.model_id");
    String c = createLoggedModel(exp, Map.of("name", "gamma")).getString("model.info.model_id");
    patch("/logged-models/" + b, Map.of("model_id", b, "status", "LOGGED_MODEL_READY"))
        .statusCode(200);
    given().delete(API + "/logged-models/" + c).then().statusCode(200);
    // default order: newest first; deleted models never match
    post("/logged-models/search", Map.of("experiment_ids", List.of(exp)))
        .statusCode(200)
        .body("models.info.model_id", contains(b, a))
        .body("$", not(hasKey("next_page_token")));
    post(
            "/logged-models/search",
            Map.of("experiment_ids", List.of(exp), "filter", "name = 'alpha'"))
        .body("models.info.model_id", contains(a));
    post(
            "/logged-models/search",
            Map.of("experiment_ids", List.of(exp), "filter", "status = 'READY'"))
        .body("models.info.model_id", contains(b));
    post(
            "/logged-models/search",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "filter",
                "params.lr = '0.1' AND tags.team LIKE 'x%'"))
        .body("models.info.model_id", contains(a));
    post(
            "/logged-models/search",
            Map.of(
                "experiment_ids", List.of(exp),
                "order_by", List.of(Map.of("field_name", "name", "ascending", true))))
        .body("models.info.name", contains("alpha", "beta"));
    JsonPath p1 =
        post("/logged-models/search", Map.of("experiment_ids", List.of(exp), "max_results", 1))
            .body("models.info.model_id", contains(b))
            .extract()
            .jsonPath();
    String token = p1.getString("next_page_token");
    assertEquals(
        "{\"experiment_ids\": [\""
            + exp
            + "\"], \"filter_string\": null, \"order_by\": null, \"offset\": 1}",
        new String(
            java.util.Base64.getDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8));
    post(
            "/logged-models/search",
            Map.of("experiment_ids", List.of(exp), "max_results", 1, "page_token", token))
        .body("models.info.model_id", contains(a));
    assertError(
        post(
            "/logged-models/search",
            Map.of(
                "experiment_ids", List.of(exp), "filter", "name = 'alpha'", "page_token", token)),
        400,
        "INVALID_PARAMETER_VALUE",
        "Filter string in the page token does not match the requested filter string.");
    assertError(
        post("/logged-models/search", Map.of()),
        400,
        "INVALID_PARAMETER_VALUE",
        "Missing value for required parameter 'experiment_ids'");
    assertError(
        post(
            "/logged-models/search",
            Map.of("experiment_ids", List.of(exp), "filter", "name > 'a'")),
        400,
        "INVALID_PARAMETER_VALUE",
        "Invalid comparison operator for attributes.name: '>'.");
    assertError(
        post(
            "/logged-models/search",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "order_by",
                List.of(Map.of("field_name", "params.lr")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "Only metrics are supported.");
    assertError(
        post(
            "/logged-models/search",
            Map.of(
                "experiment_ids",
                List.of(exp),
                "datasets",
                List.of(Map.of("dataset_digest", "d")))),
        400,
        "INVALID_PARAMETER_VALUE",
        "`dataset_name` in the `datasets` clause must be specified.");
    post(
            "/logged-models/search",
            Map.of(
                "experiment_ids", List.of(exp),
                "filter", "metrics.acc > 0.5",
                "order_by", List.of(Map.of("field_name", "metrics.acc", "ascending", false))))
        .statusCode(200)
        .body("$", not(hasKey("models")));
  }

  @Test
  void logOutputsShowInRunsGet() {
    String exp = createExperiment();
    String runId = createRun(exp);
    String id =
        createLoggedModel(exp, Map.of("source_run_id", runId)).getString("model.info.model_id");
    get("/runs/get", Map.of("run_id", runId)).body("run.outputs.model_outputs", nullValue());
    post(
            "/runs/outputs",
            Map.of("run_id", runId, "models", List.of(Map.of("model_id", id, "step", 3))))
        .statusCode(200)
        .body("$", equalTo(Map.of()));
    get("/runs/get", Map.of("run_id", runId))
        .statusCode(200)
        .body("run.outputs.model_outputs[0].model_id", equalTo(id))
        .body("run.outputs.model_outputs[0].step", equalTo(3));
    // a model already recorded as an output is MLflow's integrity error
    assertError(
        post(
            "/runs/outputs",
            Map.of("run_id", runId, "models", List.of(Map.of("model_id", id, "step", 4)))),
        400,
        "BAD_REQUEST",
        "UNIQUE constraint failed");
    assertError(
        post("/runs/outputs", Map.of("run_id", runId)), 400, "INVALID_PARAMETER_VALUE", "'models'");
    assertError(
        post("/runs/outputs", Map.of("models", List.of())),
        400,
        "INVALID_PARAMETER_VALUE",
        "'run_id'");
    assertError(
        post(
            "/runs/outputs",
            Map.of(
                "run_id",
                (runId.charAt(0) == '0' ? "1" : "0") + runId.substring(1),
                "models",
                List.of())),
        404,
        "RESOURCE_DOES_NOT_EXIST",
        "not found");
    post("/runs/delete", Map.of("run_id", runId)).statusCode(200);
    assertError(
        post("/runs/outputs", Map.of("run_id", runId, "models", List.of())),
        400,
        "INVALID_PARAMETER_VALUE",
        "must be in the 'active' state");
    // the rest of /runs still answers
    get("/runs/get", Map.of("run_id", runId))
        .statusCode(200)
        .body("run.info.lifecycle_stage", equalTo("deleted"));
  }

  @Test
  void unknownRegistryRouteStaysMlflowJson() {
    given()
        .when()
        .get(API + "/registered-models/no-such")
        .then()
        .statusCode(404)
        .body("error_code", equalTo("ENDPOINT_NOT_FOUND"))
        .body("registered_model", nullValue());
  }
}
