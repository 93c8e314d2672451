package dev.trackway.api.graphql;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code /graphql} on the wire: the two operations the 3.18 UI sends (exactly as it sends them),
 * every other root field, MLflow's value rules (int64 as strings, unset as defaults), errors as
 * plain strings next to the data, the request limits and the HTTP edges.
 */
@QuarkusTest
class GraphqlApiTest {
  static final String API = "/api/2.0/mlflow";

  static final String GET_EXPERIMENT =
      "query MlflowGetExperimentQuery($input: MlflowGetExperimentInput!) @component(name:"
          + " \"MLflow.ExperimentRunTracking\") {\n  mlflowGetExperiment(input: $input) {\n"
          + "    apiError {\n      code\n      message\n      __typename\n    }\n"
          + "    experiment {\n      artifactLocation\n      creationTime\n"
          + "      effectiveTraceArchivalRetention\n      experimentId\n      lastUpdateTime\n"
          + "      lifecycleStage\n      name\n      tags {\n        key\n        value\n"
          + "        __typename\n      }\n      __typename\n    }\n    __typename\n  }\n}";

  static final String RUN_FIELDS =
      "info { runName status runUuid experimentId artifactUri endTime lifecycleStage startTime"
          + " userId __typename } experiment { experimentId name tags { key value __typename }"
          + " artifactLocation lifecycleStage lastUpdateTime __typename } modelVersions { status"
          + " version name source __typename } data { metrics { key value step timestamp"
          + " __typename } params { key value __typename } tags { key value __typename }"
          + " __typename } inputs { datasetInputs { dataset { digest name profile schema source"
          + " sourceType __typename } tags { key value __typename } __typename } modelInputs {"
          + " modelId __typename } __typename } outputs { modelOutputs { modelId step __typename"
          + " } __typename } __typename";

  static final String GET_RUN =
      "query GetRun($data: MlflowGetRunInput!) @component(name: \"MLflow.ExperimentRunTracking\")"
          + " { mlflowGetRun(input: $data) { apiError { helpUrl code message __typename } run { "
          + RUN_FIELDS
          + " } __typename } }";

  static ValidatableResponse graphql(String query, Map<String, Object> variables, String op) {
    Map<String, Object> body = new HashMap<>();
    body.put("query", query);
    if (variables != null) {
      body.put("variables", variables);
    }
    if (op != null) {
      body.put("operationName", op);
    }
    return given()
        .contentType("application/json; charset=utf-8")
        .body(body)
        .when()
        .post("/graphql")
        .then()
        .statusCode(200)
        .contentType(startsWith("application/json"));
  }

  static ValidatableResponse graphql(String query) {
    return graphql(query, null, null);
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static ValidatableResponse rest(String path, Object body) {
    return given().contentType(ContentType.JSON).body(body).post(API + path).then().statusCode(200);
  }

  /** An experiment with a tag and one finished run with metrics, params, tags and a dataset. */
  static String[] experimentWithRun() {
    String exp =
        rest(
                "/experiments/create",
                Map.of("name", unique("gql"), "tags", List.of(Map.of("key", "k", "value", "v"))))
            .extract()
            .path("experiment_id");
    String run =
        rest(
                "/runs/create",
                Map.of("experiment_id", exp, "start_time", 1_700_000_000_123L, "run_name", "r1"))
            .extract()
            .path("run.info.run_id");
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (int step = 0; step < 5; step++) {
      metrics.add(
          Map.of("key", "loss", "value", 1.0 / (step + 1), "timestamp", 1000 + step, "step", step));
    }
    rest(
        "/runs/log-batch",
        Map.of(
            "run_id",
            run,
            "metrics",
            metrics,
            "params",
            List.of(Map.of("key", "C", "value", "0.1")),
            "tags",
            List.of(Map.of("key", "team", "value", "ui"))));
    rest(
        "/runs/log-inputs",
        Map.of(
            "run_id",
            run,
            "datasets",
            List.of(
                Map.of(
                    "tags",
                    List.of(Map.of("key", "mlflow.data.context", "value", "training")),
                    "dataset",
                    Map.of(
                        "name",
                        "iris",
                        "digest",
                        "abc123",
                        "source_type",
                        "local",
                        "source",
                        "{\"uri\": \"iris.csv\"}")))));
    return new String[] {exp, run};
  }

  @Test
  void getExperimentAsTheUiSendsIt() {
    String[] ids = experimentWithRun();
    graphql(
            GET_EXPERIMENT,
            Map.of("input", Map.of("experimentId", ids[0])),
            "MlflowGetExperimentQuery")
        .body("errors", nullValue())
        .body("data.mlflowGetExperiment.__typename", equalTo("MlflowGetExperimentResponse"))
        .body("data.mlflowGetExperiment.apiError", nullValue())
        .body("data.mlflowGetExperiment.experiment.__typename", equalTo("MlflowExperiment"))
        .body("data.mlflowGetExperiment.experiment.experimentId", equalTo(ids[0]))
        .body("data.mlflowGetExperiment.experiment.effectiveTraceArchivalRetention", equalTo(""))
        .body("data.mlflowGetExperiment.experiment.lifecycleStage", equalTo("active"))
        .body(
            "data.mlflowGetExperiment.experiment.creationTime",
            org.hamcrest.Matchers.matchesPattern("\\d{13}"))
        .body("data.mlflowGetExperiment.experiment.tags[0].key", equalTo("k"))
        .body(
            "data.mlflowGetExperiment.experiment.tags[0].__typename",
            equalTo("MlflowExperimentTag"));
  }

  @Test
  void answersAreFlaskJsonify() {
    // keys sorted at every level, compact, a trailing newline
    String body =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("query", "{ test(inputString: \"x\") { output __typename } }"))
            .post("/graphql")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertEquals(
        "{\"data\":{\"test\":{\"__typename\":\"Test\",\"output\":\"x\"}},\"errors\":null}\n", body);
  }

  @Test
  void getRunAsTheUiSendsIt() {
    String[] ids = experimentWithRun();
    String p = "data.mlflowGetRun.run.";
    graphql(GET_RUN, Map.of("data", Map.of("runId", ids[1])), "GetRun")
        .body("errors", nullValue())
        .body("data.mlflowGetRun.apiError", nullValue())
        .body(p + "__typename", equalTo("MlflowRunExtension"))
        .body(p + "info.runName", equalTo("r1"))
        .body(p + "info.runUuid", equalTo(ids[1]))
        .body(p + "info.status", equalTo("RUNNING"))
        .body(p + "info.startTime", equalTo("1700000000123"))
        .body(p + "info.endTime", equalTo("0")) // unset int64: the proto default
        .body(p + "info.userId", equalTo(""))
        .body(p + "experiment.experimentId", equalTo(ids[0]))
        .body(p + "experiment.tags[0].value", equalTo("v"))
        .body(p + "modelVersions", empty())
        .body(p + "data.metrics", hasSize(1))
        .body(p + "data.metrics[0].__typename", equalTo("MlflowMetricExtension"))
        .body(p + "data.metrics[0].step", equalTo("4"))
        .body(p + "data.metrics[0].value", equalTo(0.2f))
        .body(p + "data.params[0].key", equalTo("C"))
        .body(p + "data.tags.key", hasItem("team"))
        .body(p + "inputs.datasetInputs[0].dataset.name", equalTo("iris"))
        .body(p + "inputs.datasetInputs[0].dataset.profile", equalTo(""))
        .body(p + "inputs.datasetInputs[0].tags[0].value", equalTo("training"))
        .body(p + "inputs.modelInputs", empty())
        .body(p + "outputs.modelOutputs", empty());
  }

  @Test
  void runUuidAndUnknownRun() {
    String[] ids = experimentWithRun();
    graphql("{ mlflowGetRun(input: {runUuid: \"" + ids[1] + "\"}) { run { info { runId } } } }")
        .body("data.mlflowGetRun.run.info.runId", equalTo(ids[1]));
    graphql("{ mlflowGetRun(input: {runId: \"doesnotexist\"}) { run { info { runId } } } }")
        .body("data.mlflowGetRun", nullValue())
        .body("errors", contains("Run with id=doesnotexist not found"));
  }

  @Test
  void resolverErrorNullsOnlyItsField() {
    graphql(
            "{ a: mlflowGetExperiment(input: {experimentId: \"0\"}) { experiment { name } }"
                + " b: mlflowGetExperiment(input: {experimentId: \"99999\"}) { experiment { name"
                + " } } }")
        .body("data.a.experiment.name", equalTo("Default"))
        .body("data.b", nullValue())
        .body("errors", contains("No Experiment with id=99999 exists"));
  }

  @Test
  void emptyExperimentIdIsTheDefaultExperiment() {
    graphql("{ mlflowGetExperiment(input: {}) { experiment { name experimentId } } }")
        .body("data.mlflowGetExperiment.experiment.name", equalTo("Default"));
  }

  @Test
  void missingInputIsAnError() {
    graphql("{ mlflowGetExperiment { experiment { name } } }")
        .body("data.mlflowGetExperiment", nullValue())
        .body("errors", hasSize(1));
  }

  @Test
  void searchRunsQueryAndMutation() {
    String[] ids = experimentWithRun();
    String second =
        rest("/runs/create", Map.of("experiment_id", ids[0], "start_time", 1_700_000_000_999L))
            .extract()
            .path("run.info.run_id");
    for (String op : List.of("query", "mutation")) {
      graphql(
              op
                  + " SearchRuns($data: MlflowSearchRunsInput!) { mlflowSearchRuns(input: $data)"
                  + " { apiError { code } nextPageToken runs { info { runId } experiment { name }"
                  + " modelVersions { version } } } }",
              Map.of("data", Map.of("experimentIds", List.of(ids[0]))),
              null)
          .body("errors", nullValue())
          .body("data.mlflowSearchRuns.runs.info.runId", contains(second, ids[1]))
          .body("data.mlflowSearchRuns.nextPageToken", equalTo(""))
          .body("data.mlflowSearchRuns.runs[0].modelVersions", empty());
    }
    graphql(
            "{ mlflowSearchRuns(input: {experimentIds: [\""
                + ids[0]
                + "\"], maxResults: 1, filter: \"params.C = '0.1'\"}) { runs { info { runId } }"
                + " nextPageToken } }")
        .body("data.mlflowSearchRuns.runs.info.runId", contains(ids[1]));
    graphql(
            "{ mlflowSearchRuns(input: {experimentIds: [\""
                + ids[0]
                + "\"], runViewType: DELETED_ONLY}) { runs { info { runId } } } }")
        .body("errors", nullValue())
        .body("data.mlflowSearchRuns.runs", empty());
    graphql(
            "{ mlflowSearchRuns(input: {experimentIds: [\""
                + ids[0]
                + "\"], filter: \"bad filter ===\"}) { runs { info { runId } } } }")
        .body("data.mlflowSearchRuns", nullValue())
        .body("errors", hasSize(1));
  }

  @Test
  void modelVersionsOfRunsComeInOneSearch() {
    String[] ids = experimentWithRun();
    String name = unique("gql-model");
    rest("/registered-models/create", Map.of("name", name)).extract();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name, "source", "runs:/" + ids[1] + "/model", "run_id", ids[1]))
        .post("/api/2.0/mlflow/model-versions/create")
        .then()
        .statusCode(200);
    graphql(
            "{ mlflowSearchRuns(input: {experimentIds: [\""
                + ids[0]
                + "\"]}) { runs { info { runId } modelVersions { name version status runId"
                + " userId runLink aliases modelId modelParams { name } modelMetrics { key }"
                + " deploymentJobState { jobId currentTaskName } } } } }")
        .body("errors", nullValue())
        .body("data.mlflowSearchRuns.runs[0].modelVersions[0].name", equalTo(name))
        .body("data.mlflowSearchRuns.runs[0].modelVersions[0].version", equalTo("1"))
        .body("data.mlflowSearchRuns.runs[0].modelVersions[0].status", equalTo("READY"))
        .body("data.mlflowSearchRuns.runs[0].modelVersions[0].modelId", equalTo(""))
        .body("data.mlflowSearchRuns.runs[0].modelVersions[0].modelParams", empty())
        .body(
            "data.mlflowSearchRuns.runs[0].modelVersions[0].deploymentJobState.jobId", equalTo(""));
    // an unset proto enum has no GraphQL value: null and an error, as MLflow
    graphql(
            "{ mlflowSearchModelVersions(input: {filter: \"name='"
                + name
                + "'\", maxResults: 5}) { nextPageToken modelVersions { version"
                + " creationTimestamp deploymentJobState { jobState } } } }")
        .body("data.mlflowSearchModelVersions.modelVersions[0].version", equalTo("1"))
        .body(
            "data.mlflowSearchModelVersions.modelVersions[0].deploymentJobState.jobState",
            nullValue())
        .body(
            "errors",
            contains("Enum 'MlflowDeploymentJobConnectionState' cannot represent value: 0"));
    graphql(
            "query Q($m: LongString) { mlflowSearchModelVersions(input: {filter: \"name='"
                + name
                + "'\", maxResults: $m}) { modelVersions { version } } }",
            Map.of("m", "5"),
            null)
        .body("errors", nullValue())
        .body("data.mlflowSearchModelVersions.modelVersions.version", contains("1"));
  }

  @Test
  void metricHistoryBulkIntervalIgnoresRangeAndLimit() {
    String[] ids = experimentWithRun();
    graphql(
            "query GetMetricHistoryBulkInterval($data: MlflowGetMetricHistoryBulkIntervalInput!)"
                + " @component(name: \"MLflow.ExperimentRunTracking\") {"
                + " mlflowGetMetricHistoryBulkInterval(input: $data) { __typename metrics {"
                + " timestamp step runId key value } apiError { code message } } }",
            Map.of(
                "data",
                Map.of(
                    "runIds",
                    List.of(ids[1]),
                    "metricKey",
                    "loss",
                    "maxResults",
                    2,
                    "startStep",
                    1,
                    "endStep",
                    2)),
            "GetMetricHistoryBulkInterval")
        .body("errors", nullValue())
        .body("data.mlflowGetMetricHistoryBulkInterval.metrics", hasSize(5))
        .body(
            "data.mlflowGetMetricHistoryBulkInterval.metrics.step",
            contains("0", "1", "2", "3", "4"))
        .body("data.mlflowGetMetricHistoryBulkInterval.metrics[0].runId", equalTo(ids[1]))
        .body("data.mlflowGetMetricHistoryBulkInterval.metrics[0].value", equalTo(1.0f));
    graphql(
            "{ mlflowGetMetricHistoryBulkInterval(input: {runIds: [], metricKey: \"loss\"}) {"
                + " metrics { step } } }")
        .body("data.mlflowGetMetricHistoryBulkInterval.metrics", empty());
  }

  @Test
  void nanMetricValues() {
    String[] ids = experimentWithRun();
    rest(
        "/runs/log-metric",
        Map.of("run_id", ids[1], "key", "nan", "value", "NaN", "timestamp", 5, "step", 0));
    graphql(
            "{ mlflowGetRun(input: {runId: \""
                + ids[1]
                + "\"}) { run { data { metrics { key value } } } } }")
        .body("errors", nullValue())
        .body("data.mlflowGetRun.run.data.metrics.find { it.key == 'nan' }.value", nullValue());
    graphql(
            "{ mlflowGetMetricHistoryBulkInterval(input: {runIds: [\""
                + ids[1]
                + "\"], metricKey: \"nan\"}) { metrics { step value } } }")
        .body("data.mlflowGetMetricHistoryBulkInterval.metrics[0].value", nullValue())
        .body("errors", contains("Float cannot represent non numeric value: nan"));
  }

  @Test
  void listArtifacts() {
    String[] ids = experimentWithRun();
    given()
        .queryParam("run_uuid", ids[1])
        .queryParam("path", "dir/test.txt")
        .contentType("text/plain")
        .body("hello world".getBytes(StandardCharsets.UTF_8))
        .post("/ajax-api/2.0/mlflow/upload-artifact")
        .then()
        .statusCode(200);
    given()
        .queryParam("run_id", ids[1])
        .queryParam("path", "test.txt")
        .contentType("application/octet-stream")
        .body("hello world".getBytes(StandardCharsets.UTF_8))
        .post("/ajax-api/2.0/mlflow/upload-artifact")
        .then()
        .statusCode(200);
    graphql(
            "fragment F on MlflowListArtifactsResponse { rootUri nextPageToken files { path isDir"
                + " fileSize } } query { root: mlflowListArtifacts(input: {runId: \""
                + ids[1]
                + "\"}) { ...F } sub: mlflowListArtifacts(input: {runUuid: \""
                + ids[1]
                + "\", path: \"dir\"}) { ...F } }")
        .body("errors", nullValue())
        .body("data.root.rootUri", endsWith(ids[1] + "/artifacts"))
        .body("data.root.nextPageToken", equalTo(""))
        .body("data.root.files.path", contains("dir", "test.txt"))
        .body("data.root.files.isDir", contains(true, false))
        .body("data.root.files.fileSize", contains("0", "11"))
        .body("data.sub.files.path", contains("dir/test.txt"));
  }

  @Test
  void searchDatasetsIsAMutation() {
    String[] ids = experimentWithRun();
    graphql(
            "mutation { mlflowSearchDatasets(input: {experimentIds: [\""
                + ids[0]
                + "\"]}) { datasetSummaries { experimentId name digest context } } }")
        .body("errors", nullValue())
        .body("data.mlflowSearchDatasets.datasetSummaries[0].name", equalTo("iris"))
        .body("data.mlflowSearchDatasets.datasetSummaries[0].context", equalTo("training"));
    graphql(
            "mutation { mlflowSearchDatasets(input: {experimentIds: []}) { datasetSummaries { name } } }")
        .body("data.mlflowSearchDatasets", nullValue())
        .body(
            "errors", contains("SearchDatasets request must specify at least one experiment_id."));
    graphql(
            "{ mlflowSearchDatasets(input: {experimentIds: [\"0\"]}) { datasetSummaries { name } } }")
        .body("data", nullValue())
        .body("errors[0]", startsWith("Cannot query field 'mlflowSearchDatasets' on type 'Query'"));
  }

  @Test
  void testFields() {
    graphql("{ test(inputString: \"abc\") { output } }").body("data.test.output", equalTo("abc"));
    graphql("mutation { testMutation(inputString: \"abc\") { output } }")
        .body("data.testMutation", nullValue())
        .body("errors", nullValue());
  }

  @Test
  void validationErrors() {
    graphql("{ nope }")
        .body("data", nullValue())
        .body("errors", contains("Cannot query field 'nope' on type 'Query'."));
    graphql("query Q @foo { test(inputString: \"x\") { output } }")
        .body("data", nullValue())
        .body("errors", hasSize(1));
    graphql("query Q @component { test(inputString: \"x\") { output } }")
        .body("data", nullValue())
        .body("errors", hasSize(1));
    graphql(
            "query Q($input: MlflowGetExperimentInput!) { mlflowGetExperiment(input: $input) {"
                + " experiment { name } } }")
        .body("data", nullValue())
        .body("errors", hasSize(1));
    graphql("query A { test(inputString: \"a\") { output } } query B { test { output } }")
        .body(
            "errors",
            contains("Must provide operation name if query contains multiple operations."));
    graphql(
            "query A { test(inputString: \"a\") { output } } query B { test { output } }",
            null,
            "A")
        .body("data.test.output", equalTo("a"));
  }

  @Test
  void limits() {
    StringBuilder deep = new StringBuilder("{ test(inputString: \"x\") ");
    for (int i = 0; i < 10; i++) {
      deep.append("{ output ");
    }
    deep.append("}".repeat(10)).append(" }");
    graphql(deep.toString())
        .body("data", nullValue())
        .body("errors", contains("Query exceeds maximum depth of 10"));
    StringBuilder roots = new StringBuilder("{ ");
    for (int i = 0; i < 11; i++) {
      roots.append("t").append(i).append(": test(inputString: \"x\") { output } ");
    }
    graphql(roots.append("}").toString())
        .body("data", nullValue())
        .body(
            "errors",
            contains(
                "GraphQL queries should have at most 10 root fields, got 11 root fields. To"
                    + " increase the limit, set the MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS"
                    + " environment variable."));
    StringBuilder aliases = new StringBuilder("{ test(inputString: \"x\") { ");
    for (int i = 0; i < 11; i++) {
      aliases.append("o").append(i).append(": output ");
    }
    graphql(aliases.append("} }").toString())
        .body(
            "errors",
            contains(
                "GraphQL queries should have at most 10 aliases, got 11 aliases. To increase the"
                    + " limit, set the MLFLOW_SERVER_GRAPHQL_MAX_ALIASES environment"
                    + " variable."));
  }

  @Test
  void httpEdges() {
    // GET reads the JSON body, as MLflow does
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("query", "{ test(inputString: \"g\") { output } }"))
        .when()
        .get("/graphql")
        .then()
        .statusCode(200)
        .body("data.test.output", equalTo("g"));
    given()
        .contentType("text/plain")
        .body("{\"query\": \"{ test { output } }\"}")
        .post("/graphql")
        .then()
        .statusCode(400)
        .body("error_code", equalTo("INVALID_PARAMETER_VALUE"))
        .body("message", equalTo("Bad Request. Content-Type must be one of ['application/json']."));
    for (String bad : List.of("", "not json", "[]", "{\"query\": 5}", "{\"query\": \"{ test\"}")) {
      given()
          .contentType(ContentType.JSON)
          .body(bad)
          .post("/graphql")
          .then()
          .statusCode(400)
          .body("error_code", equalTo("INVALID_PARAMETER_VALUE"));
    }
    given()
        .contentType(ContentType.JSON)
        .body("{\"query\": \"{ test { output } }\", \"variables\": \"x\"}")
        .post("/graphql")
        .then()
        .statusCode(400);
    String allow = given().put("/graphql").then().statusCode(405).extract().header("Allow");
    assertTrue(allow.contains("GET") && allow.contains("POST"), allow);
    given().get("/graphql/").then().statusCode(404);
  }

  @Test
  void introspectionUnderTheDepthLimit() {
    graphql(
            "{ __schema { directives { name locations args { name } } types { name kind fields {"
                + " name } } } }")
        .body("errors", nullValue())
        .body("data.__schema.directives.name", hasItem("component"))
        .body("data.__schema.types.name", hasItem("LongString"))
        .body("data.__schema.types.name", hasItem("MlflowRunExtension"));
    graphql("{ __type(name: \"MlflowSearchRunsInput\") { inputFields { name defaultValue } } }")
        .body(
            "data.__type.inputFields.find { it.name == 'runViewType' }.defaultValue",
            equalTo("null"));
    graphql("{ __type(name: \"Query\") { fields { name } } }")
        .body("data.__type.fields.name", hasItem("mlflowGetRun"));
  }
}
