package dev.trackway.api.graphql;

import static graphql.Scalars.GraphQLBoolean;
import static graphql.Scalars.GraphQLFloat;
import static graphql.Scalars.GraphQLInt;
import static graphql.Scalars.GraphQLString;

import graphql.introspection.Introspection.DirectiveLocation;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The type system of MLflow's {@code /graphql}, written out in Java: the names, nullability and
 * descriptions that MLflow 3.18's server publishes (every field nullable, lists of non-null items,
 * int64 values as the {@code LongString} scalar, one directive {@code @component} on operations).
 * The test {@code GraphqlSchemaTest} compares it with the schema the installed mlflow package
 * prints, so a drift shows up as a failing test.
 *
 * <p>Resolvers come from {@link GraphqlResolvers}; every other field reads the {@code Map} its
 * parent resolved to (graphql-java's default property fetcher, no reflection).
 */
public final class GraphqlSchemaFactory {
  private GraphqlSchemaFactory() {}

  static final String LONG_STRING_DESCRIPTION =
      "LongString Scalar type to prevent truncation to max integer in JavaScript.";
  static final String ECHO_FIELD = "Simple echoing field";
  static final String ECHO_OUTPUT = "Echoes the input string";

  /** The schema, its root fields resolved by {@code resolvers}. */
  public static GraphQLSchema build(GraphqlResolvers resolvers) {
    GraphQLScalarType longString = LongStringScalar.TYPE;
    GraphQLCodeRegistry.Builder code = GraphQLCodeRegistry.newCodeRegistry();

    GraphQLObjectType errorDetail = obj("ErrorDetail", f("field", GraphQLString), f("message"));
    GraphQLObjectType apiError =
        obj(
            "ApiError",
            f("code"),
            f("message"),
            f("helpUrl"),
            f("traceId"),
            f("errorDetails", GraphQLList.list(errorDetail)));

    GraphQLObjectType experimentTag = keyValue("MlflowExperimentTag");
    GraphQLObjectType experiment =
        obj(
            "MlflowExperiment",
            f("experimentId"),
            f("name"),
            f("artifactLocation"),
            f("lifecycleStage"),
            f("lastUpdateTime", longString),
            f("creationTime", longString),
            f("tags", list(experimentTag)),
            f("effectiveTraceArchivalRetention"),
            f("workspace"));

    GraphQLObjectType metricWithRunId =
        obj(
            "MlflowMetricWithRunId",
            f("key"),
            f("value", GraphQLFloat),
            f("timestamp", longString),
            f("step", longString),
            f("runId"));
    code.dataFetcher(
        FieldCoordinates.coordinates("MlflowMetricWithRunId", "value"),
        GraphqlResolvers.STRICT_FLOAT);

    GraphQLEnumType runStatus =
        enumType("MlflowRunStatus", "RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
    GraphQLObjectType runInfo =
        obj(
            "MlflowRunInfo",
            f("runId"),
            f("runUuid"),
            f("runName"),
            f("experimentId"),
            f("userId"),
            f("status", runStatus),
            f("startTime", longString),
            f("endTime", longString),
            f("artifactUri"),
            f("lifecycleStage"));
    GraphQLObjectType metricExtension = metric("MlflowMetricExtension");
    GraphQLObjectType runData =
        obj(
            "MlflowRunData",
            f("metrics", list(metricExtension)),
            f("params", list(keyValue("MlflowParam"))),
            f("tags", list(keyValue("MlflowRunTag"))));
    GraphQLObjectType dataset =
        obj(
            "MlflowDataset",
            f("name"),
            f("digest"),
            f("sourceType"),
            f("source"),
            f("schema"),
            f("profile"));
    GraphQLObjectType datasetInput =
        obj(
            "MlflowDatasetInput",
            f("tags", list(keyValue("MlflowInputTag"))),
            f("dataset", dataset));
    GraphQLObjectType modelInput = obj("MlflowModelInput", f("modelId"));
    GraphQLObjectType runInputs =
        obj(
            "MlflowRunInputs",
            f("datasetInputs", list(datasetInput)),
            f("modelInputs", list(modelInput)));
    GraphQLObjectType modelOutput = obj("MlflowModelOutput", f("modelId"), f("step", longString));
    GraphQLObjectType runOutputs = obj("MlflowRunOutputs", f("modelOutputs", list(modelOutput)));

    GraphQLEnumType modelVersionStatus =
        enumType(
            "MlflowModelVersionStatus", "PENDING_REGISTRATION", "FAILED_REGISTRATION", "READY");
    GraphQLEnumType connectionState =
        enumType(
            "MlflowDeploymentJobConnectionState",
            "DEPLOYMENT_JOB_CONNECTION_STATE_UNSPECIFIED",
            "NOT_SET_UP",
            "CONNECTED",
            "NOT_FOUND",
            "REQUIRED_PARAMETERS_CHANGED");
    GraphQLEnumType jobRunState =
        enumType(
            "MlflowModelVersionDeploymentJobStateDeploymentJobRunState",
            "DEPLOYMENT_JOB_RUN_STATE_UNSPECIFIED",
            "NO_VALID_DEPLOYMENT_JOB_FOUND",
            "RUNNING",
            "SUCCEEDED",
            "FAILED",
            "PENDING",
            "APPROVAL");
    GraphQLObjectType deploymentJobState =
        obj(
            "MlflowModelVersionDeploymentJobState",
            f("jobId"),
            f("runId"),
            f("jobState", connectionState),
            f("runState", jobRunState),
            f("currentTaskName"));
    code.dataFetcher(
        FieldCoordinates.coordinates("MlflowModelVersionDeploymentJobState", "jobState"),
        GraphqlResolvers.unsetEnum("MlflowDeploymentJobConnectionState"));
    code.dataFetcher(
        FieldCoordinates.coordinates("MlflowModelVersionDeploymentJobState", "runState"),
        GraphqlResolvers.unsetEnum("MlflowModelVersionDeploymentJobStateDeploymentJobRunState"));
    GraphQLObjectType modelMetric = metric("MlflowModelMetric");
    code.dataFetcher(
        FieldCoordinates.coordinates("MlflowModelMetric", "value"), GraphqlResolvers.STRICT_FLOAT);
    GraphQLObjectType modelVersion =
        obj(
            "MlflowModelVersion",
            f("name"),
            f("version"),
            f("creationTimestamp", longString),
            f("lastUpdatedTimestamp", longString),
            f("userId"),
            f("currentStage"),
            f("description"),
            f("source"),
            f("runId"),
            f("status", modelVersionStatus),
            f("statusMessage"),
            f("tags", list(keyValue("MlflowModelVersionTag"))),
            f("runLink"),
            f("aliases", GraphQLList.list(GraphQLString)),
            f("modelId"),
            f("modelParams", list(obj("MlflowModelParam", f("name"), f("value")))),
            f("modelMetrics", list(modelMetric)),
            f("deploymentJobState", deploymentJobState));

    GraphQLObjectType runExtension =
        obj(
            "MlflowRunExtension",
            f("info", runInfo),
            f("data", runData),
            f("inputs", runInputs),
            f("outputs", runOutputs),
            f("experiment", experiment),
            f("modelVersions", list(modelVersion)));
    code.dataFetcher(
        FieldCoordinates.coordinates("MlflowRunExtension", "experiment"), GraphqlResolvers.LOADED);
    code.dataFetcher(
        FieldCoordinates.coordinates("MlflowRunExtension", "modelVersions"),
        GraphqlResolvers.LOADED);

    GraphQLObjectType getExperimentResponse =
        obj("MlflowGetExperimentResponse", f("experiment", experiment), f("apiError", apiError));
    GraphQLObjectType bulkIntervalResponse =
        obj(
            "MlflowGetMetricHistoryBulkIntervalResponse",
            f("metrics", list(metricWithRunId)),
            f("apiError", apiError));
    GraphQLObjectType getRunResponse =
        obj("MlflowGetRunResponse", f("run", runExtension), f("apiError", apiError));
    GraphQLObjectType fileInfo =
        obj("MlflowFileInfo", f("path"), f("isDir", GraphQLBoolean), f("fileSize", longString));
    GraphQLObjectType listArtifactsResponse =
        obj(
            "MlflowListArtifactsResponse",
            f("rootUri"),
            f("files", list(fileInfo)),
            f("nextPageToken"),
            f("apiError", apiError));
    GraphQLObjectType searchModelVersionsResponse =
        pageResponse("MlflowSearchModelVersionsResponse", "modelVersions", modelVersion, apiError);
    GraphQLObjectType searchRunsResponse =
        pageResponse("MlflowSearchRunsResponse", "runs", runExtension, apiError);
    GraphQLObjectType datasetSummary =
        obj("MlflowDatasetSummary", f("experimentId"), f("name"), f("digest"), f("context"));
    GraphQLObjectType searchDatasetsResponse =
        obj(
            "MlflowSearchDatasetsResponse",
            f("datasetSummaries", list(datasetSummary)),
            f("apiError", apiError));
    GraphQLObjectType test = obj("Test", f("output", GraphQLString, ECHO_OUTPUT));
    GraphQLObjectType testMutation = obj("TestMutation", f("output", GraphQLString, ECHO_OUTPUT));

    GraphQLInputObjectType getExperimentInput =
        input("MlflowGetExperimentInput", in("experimentId", GraphQLString));
    GraphQLInputObjectType bulkIntervalInput =
        input(
            "MlflowGetMetricHistoryBulkIntervalInput",
            in("runIds", GraphQLList.list(GraphQLString)),
            in("metricKey", GraphQLString),
            in("startStep", GraphQLInt),
            in("endStep", GraphQLInt),
            in("maxResults", GraphQLInt));
    GraphQLInputObjectType getRunInput =
        input("MlflowGetRunInput", in("runId", GraphQLString), in("runUuid", GraphQLString));
    GraphQLInputObjectType listArtifactsInput =
        input(
            "MlflowListArtifactsInput",
            in("runId", GraphQLString),
            in("runUuid", GraphQLString),
            in("path", GraphQLString),
            in("pageToken", GraphQLString));
    GraphQLInputObjectType searchModelVersionsInput =
        input(
            "MlflowSearchModelVersionsInput",
            in("filter", GraphQLString),
            in("maxResults", longString),
            in("orderBy", GraphQLList.list(GraphQLString)),
            in("pageToken", GraphQLString));
    GraphQLEnumType viewType = enumType("MlflowViewType", "ACTIVE_ONLY", "DELETED_ONLY", "ALL");
    GraphQLInputObjectType searchRunsInput =
        input(
            "MlflowSearchRunsInput",
            in("experimentIds", GraphQLList.list(GraphQLString)),
            in("filter", GraphQLString),
            GraphQLInputObjectField.newInputObjectField()
                .name("runViewType")
                .type(viewType)
                .defaultValueProgrammatic(null)
                .build(),
            in("maxResults", GraphQLInt),
            in("orderBy", GraphQLList.list(GraphQLString)),
            in("pageToken", GraphQLString));
    GraphQLInputObjectType searchDatasetsInput =
        input("MlflowSearchDatasetsInput", in("experimentIds", GraphQLList.list(GraphQLString)));

    List<GraphQLFieldDefinition> queries = new ArrayList<>();
    queries.add(root("mlflowGetExperiment", getExperimentResponse, getExperimentInput));
    queries.add(
        root("mlflowGetMetricHistoryBulkInterval", bulkIntervalResponse, bulkIntervalInput));
    queries.add(root("mlflowGetRun", getRunResponse, getRunInput));
    queries.add(root("mlflowListArtifacts", listArtifactsResponse, listArtifactsInput));
    queries.add(
        root("mlflowSearchModelVersions", searchModelVersionsResponse, searchModelVersionsInput));
    queries.add(echo("test", test));
    queries.add(root("mlflowSearchRuns", searchRunsResponse, searchRunsInput));
    GraphQLObjectType query = GraphQLObjectType.newObject().name("Query").fields(queries).build();

    GraphQLObjectType mutation =
        GraphQLObjectType.newObject()
            .name("Mutation")
            .field(root("mlflowSearchDatasets", searchDatasetsResponse, searchDatasetsInput))
            .field(root("mlflowSearchRuns", searchRunsResponse, searchRunsInput))
            .field(echo("testMutation", testMutation))
            .build();

    bind(code, "Query", "mlflowGetExperiment", resolvers::getExperiment);
    bind(
        code,
        "Query",
        "mlflowGetMetricHistoryBulkInterval",
        resolvers::getMetricHistoryBulkInterval);
    bind(code, "Query", "mlflowGetRun", resolvers::getRun);
    bind(code, "Query", "mlflowListArtifacts", resolvers::listArtifacts);
    bind(code, "Query", "mlflowSearchModelVersions", resolvers::searchModelVersions);
    bind(code, "Query", "test", GraphqlResolvers::echo);
    bind(code, "Query", "mlflowSearchRuns", resolvers::searchRuns);
    bind(code, "Mutation", "mlflowSearchDatasets", resolvers::searchDatasets);
    bind(code, "Mutation", "mlflowSearchRuns", resolvers::searchRuns);
    // MLflow declares this one but never binds a resolver: it is always null.
    bind(code, "Mutation", "testMutation", env -> null);

    GraphQLDirective component =
        GraphQLDirective.newDirective()
            .name("component")
            .argument(
                GraphQLArgument.newArgument()
                    .name("name")
                    .type(GraphQLNonNull.nonNull(GraphQLString)))
            .validLocations(DirectiveLocation.QUERY, DirectiveLocation.MUTATION)
            .build();

    return GraphQLSchema.newSchema()
        .query(query)
        .mutation(mutation)
        .additionalDirective(component)
        .codeRegistry(code.build())
        .build();
  }

  // ------------------------------------------------------------------ building blocks

  private static void bind(
      GraphQLCodeRegistry.Builder code, String type, String field, DataFetcher<?> fetcher) {
    code.dataFetcher(FieldCoordinates.coordinates(type, field), fetcher);
  }

  private static GraphQLFieldDefinition root(
      String name, GraphQLOutputType type, GraphQLInputType input) {
    return GraphQLFieldDefinition.newFieldDefinition()
        .name(name)
        .type(type)
        .argument(GraphQLArgument.newArgument().name("input").type(input))
        .build();
  }

  private static GraphQLFieldDefinition echo(String name, GraphQLOutputType type) {
    return GraphQLFieldDefinition.newFieldDefinition()
        .name(name)
        .description(ECHO_FIELD)
        .type(type)
        .argument(GraphQLArgument.newArgument().name("inputString").type(GraphQLString))
        .build();
  }

  private static GraphQLObjectType obj(String name, GraphQLFieldDefinition... fields) {
    return GraphQLObjectType.newObject().name(name).fields(List.of(fields)).build();
  }

  /** A search response: a page of items, the next page's token, and the error. */
  private static GraphQLObjectType pageResponse(
      String name, String field, GraphQLOutputType item, GraphQLObjectType apiError) {
    return obj(name, f(field, list(item)), f("nextPageToken"), f("apiError", apiError));
  }

  /**
   * A metric as MLflow's schema has it twice, once for a run's data and once for a logged model
   * (the same fields under two type names).
   */
  private static GraphQLObjectType metric(String name) {
    return obj(
        name,
        f("key"),
        f("value", GraphQLFloat),
        f("timestamp", LongStringScalar.TYPE),
        f("step", LongStringScalar.TYPE),
        f("datasetName"),
        f("datasetDigest"),
        f("modelId"),
        f("runId"));
  }

  private static GraphQLObjectType keyValue(String name) {
    return obj(name, f("key"), f("value"));
  }

  private static GraphQLFieldDefinition f(String name) {
    return f(name, GraphQLString);
  }

  private static GraphQLFieldDefinition f(String name, GraphQLOutputType type) {
    return GraphQLFieldDefinition.newFieldDefinition().name(name).type(type).build();
  }

  private static GraphQLFieldDefinition f(String name, GraphQLOutputType type, String doc) {
    return GraphQLFieldDefinition.newFieldDefinition()
        .name(name)
        .description(doc)
        .type(type)
        .build();
  }

  /** A list of non-null items, as MLflow's repeated message fields. */
  private static GraphQLList list(GraphQLOutputType item) {
    return GraphQLList.list(GraphQLNonNull.nonNull(item));
  }

  private static GraphQLEnumType enumType(String name, String... values) {
    GraphQLEnumType.Builder b = GraphQLEnumType.newEnum().name(name);
    for (String v : values) {
      b.value(v);
    }
    return b.build();
  }

  private static GraphQLInputObjectType input(String name, GraphQLInputObjectField... fields) {
    return GraphQLInputObjectType.newInputObject().name(name).fields(List.of(fields)).build();
  }

  private static GraphQLInputObjectField in(String name, GraphQLInputType type) {
    return GraphQLInputObjectField.newInputObjectField().name(name).type(type).build();
  }
}
