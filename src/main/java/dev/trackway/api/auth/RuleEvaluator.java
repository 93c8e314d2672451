package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.Req;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.AccessPolicy;
import dev.trackway.service.auth.Action;
import dev.trackway.service.auth.AdminAccess;
import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.RegistryAccess;
import dev.trackway.service.auth.ResourceTypes;
import dev.trackway.service.auth.TraceAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a rule's values from the request as MLflow's validator does and asks the service's
 * permission rules; true allows. A rule may throw MLflow's 400/404 instead (a missing parameter, a
 * name that does not exist where MLflow says so).
 */
@ApplicationScoped
public class RuleEvaluator {
  @Inject AccessPolicy policy;
  @Inject RegistryAccess registry;
  @Inject TraceAccess traces;
  @Inject AdminAccess admin;

  boolean allows(Rule rule, Caller c, Params p) {
    return switch (rule) {
      case PUBLIC, AUTHENTICATED -> true;
      case ADMIN_ONLY, TRACE_OTLP -> false;
      case EXPERIMENT_CREATE -> policy.createExperiment(c);
      case EXPERIMENT_READ -> policy.experiment(c, p.required("experiment_id"), Action.READ);
      case EXPERIMENT_READ_BY_NAME -> policy.experimentByName(c, p.required("experiment_name"));
      case EXPERIMENT_UPDATE -> policy.experiment(c, p.required("experiment_id"), Action.UPDATE);
      case EXPERIMENT_DELETE -> policy.deleteExperiment(c, p.required("experiment_id"));
      case DATASETS_SEARCH ->
          policy.readExperiments(
              c,
              p.list("experiment_ids"),
              "SearchDatasets request must specify at least one experiment_id.");
      // no experiment: a cross-experiment listing whose rows MLflow filters afterwards
      case SCORER_LIST -> blank(p.opt("experiment_id")) || readable(c, p.opt("experiment_id"));
      case ISSUES_SEARCH ->
          !blank(p.opt("experiment_id"))
              && readable(c, p.opt("experiment_id"))
              && (!mentions(p.opt("filter_string"), "source_run_id") || policy.runTierNotDenied(c));
      // MLflow: a search must name experiments, all of them readable (403 otherwise, not 400)
      case EVALUATION_DATASETS_SEARCH ->
          !p.list("experiment_ids").isEmpty()
              && p.list("experiment_ids").stream().allMatch(id -> readable(c, id));
      case RUN_CREATE -> policy.createIn(c, p.required("experiment_id"), ResourceTypes.RUN);
      case PROMPTLAB_RUN_CREATE -> promptlab(c, p);
      case RUN_READ -> policy.run(c, p.required("run_id"), Action.READ);
      case RUN_UPDATE -> policy.run(c, p.required("run_id"), Action.UPDATE);
      case RUN_DELETE -> policy.run(c, p.required("run_id"), Action.DELETE);
      case RUN_LOG_METRIC ->
          policy.updateRunAndModels(c, p.required("run_id"), ids(p.opt("model_id")));
      case RUN_LOG_BATCH ->
          policy.updateRunAndModels(c, p.required("run_id"), modelIds(p, "metrics"));
      case RUN_LOG_INPUTS, RUN_LOG_OUTPUTS ->
          policy.updateRunAndModels(c, p.required("run_id"), modelIds(p, "models"));
      case METRIC_HISTORY_BULK ->
          policy.readRuns(
              c,
              p.list("run_id"),
              "GetMetricHistoryBulk request must specify at least one run_id.");
      case METRIC_HISTORY_BULK_INTERVAL ->
          policy.readRuns(
              c,
              p.list("run_ids"),
              "GetMetricHistoryBulkInterval request must specify at least one run_id.");
      case RUN_ARTIFACT_READ -> policy.run(c, runIdOrUuid(p), Action.READ);
      case RUN_ARTIFACT_UPDATE -> policy.run(c, runIdOrUuid(p), Action.UPDATE);
      case PRESIGNED_UPLOAD -> policy.presignedUpload(c, p.opt("run_id"), p.opt("model_id"));
      case ARTIFACT_PROXY_READ -> policy.artifactProxy(c, artifactPath(p), Action.READ);
      case ARTIFACT_PROXY_UPDATE -> policy.artifactProxy(c, artifactPath(p), Action.UPDATE);
      case ARTIFACT_PROXY_DELETE -> policy.artifactProxy(c, artifactPath(p), Action.MANAGE);
      case LOGGED_MODEL_CREATE ->
          policy.createLoggedModel(c, p.opt("experiment_id"), p.opt("source_run_id"));
      case LOGGED_MODEL_READ -> policy.loggedModel(c, p.required("model_id"), Action.READ);
      case LOGGED_MODEL_UPDATE -> policy.loggedModel(c, p.required("model_id"), Action.UPDATE);
      case LOGGED_MODEL_DELETE -> policy.loggedModel(c, p.required("model_id"), Action.DELETE);
      case LOGGED_MODEL_SEARCH ->
          !mentions(p.opt("filter"), "source_run_id") || policy.runTierNotDenied(c);
      case REGISTERED_MODEL_CREATE ->
          registry.createModel(c, p.opt("name"), promptTag(p) == Boolean.TRUE);
      case REGISTERED_MODEL_READ -> registry.model(c, p.required("name"), Action.READ);
      case REGISTERED_MODEL_UPDATE -> registry.model(c, p.required("name"), Action.UPDATE);
      case REGISTERED_MODEL_RENAME ->
          registry.renameModel(c, p.required("name"), p.opt("new_name"));
      case REGISTERED_MODEL_DELETE -> registry.deleteModel(c, p.required("name"));
      case MODEL_VERSION_CREATE ->
          registry.createVersion(
              c,
              p.required("name"),
              promptTag(p),
              p.opt("source"),
              p.present("run_id") ? p.opt("run_id") : null,
              p.present("model_id") ? p.opt("model_id") : null);
      case MODEL_VERSION_READ -> registry.version(c, p.required("name"), Action.READ);
      case MODEL_VERSION_UPDATE -> registry.version(c, p.required("name"), Action.UPDATE);
      case MODEL_VERSION_DELETE -> registry.version(c, p.required("name"), Action.DELETE);
      case ALIAS_SET -> registry.alias(c, p.required("name"), Action.UPDATE);
      case ALIAS_DELETE -> registry.alias(c, p.required("name"), Action.DELETE);
      case MODEL_VERSION_SEARCH ->
          !mentions(p.opt("filter"), "run_id") || policy.runTierNotDenied(c);
      case MODEL_VERSION_ARTIFACT -> registry.versionArtifact(c, p.opt("name"));
      case TRACE_START -> traces.startTrace(c, p.required("experiment_id"), false);
      case TRACE_START_V3 -> startTraceV3(c, p);
      case TRACE_READ_BY_REQUEST_ID -> traces.trace(c, p.required("request_id"), Action.READ);
      case TRACE_READ_BY_TRACE_ID -> traces.trace(c, p.required("trace_id"), Action.READ);
      case TRACE_UPDATE_BY_REQUEST_ID -> traces.trace(c, p.required("request_id"), Action.UPDATE);
      case TRACE_UPDATE_BY_TRACE_ID -> traces.trace(c, p.required("trace_id"), Action.UPDATE);
      case TRACE_ARTIFACT -> traces.trace(c, requiredQuery(p, "request_id"), Action.READ);
      case TRACE_SEARCH ->
          traces.search(
              c, p.list("experiment_ids"), List.of(orEmpty(p.opt("filter"))), p.list("order_by"));
      case TRACE_SEARCH_V3 ->
          traces.search(c, v3Experiments(p), List.of(orEmpty(p.opt("filter"))), p.list("order_by"));
      case TRACE_CORRELATION ->
          traces.search(
              c,
              p.list("experiment_ids"),
              List.of(
                  orEmpty(p.opt("filter_string1")),
                  orEmpty(p.opt("filter_string2")),
                  orEmpty(p.opt("base_filter"))),
              List.of());
      case TRACE_METRICS ->
          traces.queryMetrics(
              c, p.list("experiment_ids"), "ASSESSMENTS".equals(p.opt("view_type")));
      case TRACE_BATCH_GET -> traces.batchGet(c);
      case TRACE_DELETE -> traces.deleteTraces(c, p.required("experiment_id"));
      case TRACE_LINK_TO_RUN -> traces.linkToRun(c, p.required("run_id"), p.list("trace_ids"));
      case ASSESSMENT_CREATE -> traces.createAssessment(c, p.required("trace_id"));
      case ASSESSMENT_READ -> traces.assessment(c, p.required("trace_id"), Action.READ);
      case ASSESSMENT_UPDATE -> traces.assessment(c, p.required("trace_id"), Action.UPDATE);
      case ASSESSMENT_DELETE -> traces.assessment(c, p.required("trace_id"), Action.DELETE);
      case USER_CREATE -> admin.canCreateUser(c);
      case USER_SELF -> c.username().equals(p.required("username"));
      case USER_VIEW -> admin.canViewUser(c, p.required("username"));
      case USER_PERMISSION_GET ->
          admin.canGetUserPermission(
              c, p.required("resource_type"), p.required("username"), p.opt("resource_id"));
      case RESOURCE_MANAGE ->
          admin.canManageResource(c, p.required("resource_type"), p.required("resource_id"));
      case ROLES_MANAGE -> admin.canManageRoles(c, roleWorkspace(p));
      case ROLES_VIEW -> admin.canViewRoles(c, roleWorkspace(p));
      case ROLES_LIST -> admin.canListRoles(c, p.list("workspace"));
    };
  }

  /**
   * The checks MLflow applies to admins as well (they skip every other rule): registered-model
   * names ({@code *} is reserved, renames and deletes name the model as stored).
   */
  void adminChecks(Rule rule, Caller c, Params p) {
    switch (rule) {
      case REGISTERED_MODEL_CREATE -> RegistryAccess.rejectWildcardName(p.opt("name"));
      case REGISTERED_MODEL_RENAME ->
          registry.renameRules(c, p.required("name"), p.opt("new_name"));
      case REGISTERED_MODEL_DELETE ->
          registry
              .target(p.required("name"))
              .ifPresent(t -> RegistryAccess.requireStoredSpelling(p.required("name"), t.name()));
      default -> {
        // nothing for admins
      }
    }
  }

  private String roleWorkspace(Params p) {
    String workspace = p.opt("workspace");
    if (p.present("workspace") && (workspace == null || workspace.isBlank())) {
      throw MlflowException.invalidParameterValue(
          "Parameter 'workspace' must be a non-empty string.");
    }
    return admin.roleWorkspace(p.optInt("role_id"), p.optInt("role_permission_id"), workspace);
  }

  private boolean promptlab(Caller c, Params p) {
    String experimentId = p.opt("experiment_id");
    if (experimentId == null || experimentId.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "CreatePromptlabRun request must specify experiment_id.");
    }
    return policy.createIn(c, experimentId, ResourceTypes.RUN);
  }

  private boolean startTraceV3(Caller c, Params p) {
    JsonNode info = path(p.node("trace"), "trace_info");
    String experimentId =
        text(path(path(path(info, "trace_location"), "mlflow_experiment"), "experiment_id"));
    JsonNode assessments = path(info, "assessments");
    return traces.startTrace(
        c, experimentId, assessments != null && assessments.isArray() && !assessments.isEmpty());
  }

  private static List<String> v3Experiments(Params p) {
    List<String> out = new ArrayList<>();
    JsonNode locations = p.node("locations");
    if (locations != null && locations.isArray()) {
      for (JsonNode l : locations) {
        String id = text(path(path(l, "mlflow_experiment"), "experiment_id"));
        if (id != null && !id.isEmpty()) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** A field of a JSON object by its proto name or lowerCamelCase JSON name. */
  private static JsonNode path(JsonNode n, String field) {
    if (n == null || !n.isObject()) {
      return null;
    }
    JsonNode v = n.get(field);
    return v != null ? v : n.get(Req.camel(field));
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  /** The model ids of a repeated message field (metrics of LogBatch, models of LogInputs). */
  private static Set<String> modelIds(Params p, String field) {
    Set<String> out = new LinkedHashSet<>();
    JsonNode items = p.node(field);
    if (items != null && items.isArray()) {
      for (JsonNode m : items) {
        String id = text(path(m, "model_id"));
        if (id != null && !id.isEmpty()) {
          out.add(id);
        }
      }
    }
    return out;
  }

  private static Set<String> ids(String id) {
    return id == null || id.isEmpty() ? Set.of() : Set.of(id);
  }

  /** The request's {@code mlflow.prompt.is_prompt} tag (the last wins), or null. */
  private static Boolean promptTag(Params p) {
    JsonNode tags = p.node("tags");
    Boolean value = null;
    if (tags != null && tags.isArray()) {
      for (JsonNode t : tags) {
        if ("mlflow.prompt.is_prompt".equals(text(path(t, "key")))) {
          String v = text(path(t, "value"));
          value = v != null && v.toLowerCase(Locale.ROOT).equals("true");
        }
      }
    }
    return value;
  }

  private static String runIdOrUuid(Params p) {
    String id = p.opt("run_id");
    if (id == null || id.isEmpty()) {
      id = p.opt("run_uuid");
    }
    if (id == null || id.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Request must specify run_id or run_uuid parameter");
    }
    return id;
  }

  private static String requiredQuery(Params p, String name) {
    String v = p.opt(name);
    if (v == null || v.isEmpty()) {
      throw MlflowException.invalidParameterValue("Request must specify %s parameter", name);
    }
    return v;
  }

  /** The artifact path of the URL, else the listing's {@code path} query parameter. */
  private static String artifactPath(Params p) {
    String v = p.opt("artifact_path");
    return v == null || v.isEmpty() ? p.opt("path") : v;
  }

  private static boolean mentions(String filter, String attribute) {
    return filter != null && filter.contains(attribute);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private boolean readable(Caller c, String experimentId) {
    return policy.experiment(c, experimentId, Action.READ);
  }

  private static boolean blank(String s) {
    return s == null || s.isEmpty();
  }
}
