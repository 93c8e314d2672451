package dev.trackway.api.auth;

/**
 * The access rule of a route for a caller who is not an admin (the rule names of {@code
 * auth-routes.txt}, one per MLflow validator; {@link RuleEvaluator} implements them). {@link
 * Source} says which request values a rule reads: a body is only available to the resource method,
 * so those rules are checked there ({@link RouteGuard}), the rest before the request is routed.
 */
public enum Rule {
  PUBLIC(Source.NONE),
  AUTHENTICATED(Source.NONE),
  ADMIN_ONLY(Source.NONE),
  EXPERIMENT_CREATE(Source.NONE),
  EXPERIMENT_READ(Source.PARAMS),
  EXPERIMENT_READ_BY_NAME(Source.PARAMS),
  EXPERIMENT_UPDATE(Source.PARAMS),
  EXPERIMENT_DELETE(Source.PARAMS),
  DATASETS_SEARCH(Source.PARAMS),
  SCORER_LIST(Source.PARAMS),
  ISSUES_SEARCH(Source.PARAMS),
  EVALUATION_DATASETS_SEARCH(Source.PARAMS),
  RUN_CREATE(Source.PARAMS),
  PROMPTLAB_RUN_CREATE(Source.PARAMS),
  RUN_READ(Source.PARAMS),
  RUN_UPDATE(Source.PARAMS),
  RUN_DELETE(Source.PARAMS),
  RUN_LOG_METRIC(Source.PARAMS),
  RUN_LOG_BATCH(Source.PARAMS),
  RUN_LOG_INPUTS(Source.PARAMS),
  RUN_LOG_OUTPUTS(Source.PARAMS),
  METRIC_HISTORY_BULK(Source.QUERY),
  METRIC_HISTORY_BULK_INTERVAL(Source.QUERY),
  RUN_ARTIFACT_READ(Source.QUERY),
  RUN_ARTIFACT_UPDATE(Source.QUERY),
  PRESIGNED_UPLOAD(Source.PARAMS),
  ARTIFACT_PROXY_READ(Source.PATH),
  ARTIFACT_PROXY_UPDATE(Source.PATH),
  ARTIFACT_PROXY_DELETE(Source.PATH),
  LOGGED_MODEL_CREATE(Source.PARAMS),
  LOGGED_MODEL_READ(Source.PATH),
  LOGGED_MODEL_UPDATE(Source.PATH),
  LOGGED_MODEL_DELETE(Source.PATH),
  LOGGED_MODEL_SEARCH(Source.PARAMS),
  REGISTERED_MODEL_CREATE(Source.PARAMS, true),
  REGISTERED_MODEL_READ(Source.PARAMS),
  REGISTERED_MODEL_UPDATE(Source.PARAMS),
  REGISTERED_MODEL_RENAME(Source.PARAMS, true),
  REGISTERED_MODEL_DELETE(Source.PARAMS, true),
  MODEL_VERSION_CREATE(Source.PARAMS),
  MODEL_VERSION_READ(Source.PARAMS),
  MODEL_VERSION_UPDATE(Source.PARAMS),
  MODEL_VERSION_DELETE(Source.PARAMS),
  ALIAS_SET(Source.PARAMS),
  ALIAS_DELETE(Source.PARAMS),
  MODEL_VERSION_SEARCH(Source.PARAMS),
  MODEL_VERSION_ARTIFACT(Source.QUERY),
  TRACE_START(Source.PARAMS),
  TRACE_START_V3(Source.PARAMS),
  TRACE_OTLP(Source.NONE),
  TRACE_READ_BY_REQUEST_ID(Source.PARAMS),
  TRACE_READ_BY_TRACE_ID(Source.PARAMS),
  TRACE_UPDATE_BY_REQUEST_ID(Source.PARAMS),
  TRACE_UPDATE_BY_TRACE_ID(Source.PARAMS),
  TRACE_ARTIFACT(Source.QUERY),
  TRACE_SEARCH(Source.QUERY),
  TRACE_SEARCH_V3(Source.PARAMS),
  TRACE_CORRELATION(Source.PARAMS),
  TRACE_METRICS(Source.PARAMS),
  TRACE_BATCH_GET(Source.NONE),
  TRACE_DELETE(Source.PARAMS),
  TRACE_LINK_TO_RUN(Source.PARAMS),
  ASSESSMENT_CREATE(Source.PARAMS),
  ASSESSMENT_READ(Source.PARAMS),
  ASSESSMENT_UPDATE(Source.PARAMS),
  ASSESSMENT_DELETE(Source.PARAMS),
  USER_CREATE(Source.NONE),
  USER_SELF(Source.PARAMS),
  USER_VIEW(Source.PARAMS),
  USER_PERMISSION_GET(Source.PARAMS),
  RESOURCE_MANAGE(Source.PARAMS),
  ROLES_MANAGE(Source.PARAMS),
  ROLES_VIEW(Source.PARAMS),
  ROLES_LIST(Source.QUERY);

  /** Where a rule's values come from. */
  public enum Source {
    /** nothing of the request */
    NONE,
    /** the URL path (and, for the artifact listing, its {@code path} query parameter) */
    PATH,
    /** the query string, whatever the method */
    QUERY,
    /** the query string of a GET, the JSON body otherwise (a DELETE without one: the query) */
    PARAMS
  }

  final Source source;

  /** Checked for admins too (MLflow's registered-model name rules). */
  final boolean forAdmins;

  Rule(Source source) {
    this(source, false);
  }

  Rule(Source source, boolean forAdmins) {
    this.source = source;
    this.forAdmins = forAdmins;
  }

  /** Whether the rule reads the request body of this method. */
  boolean needsBody(String method) {
    return source == Source.PARAMS && !method.equals("GET") && !method.equals("HEAD");
  }
}
