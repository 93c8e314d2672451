package dev.trackway.api.graphql;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.service.auth.AccessControl;
import dev.trackway.service.auth.AccessPolicy;
import dev.trackway.service.auth.Action;
import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.SearchScopes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * MLflow's per-field authorization of {@code /graphql} for callers who are not admins ({@code
 * MLFLOW_SERVER_ENABLE_GRAPHQL_AUTH}, with {@code --app-name basic-auth}): a field the caller may
 * not read resolves to null (HTTP 200, no error), as MLflow's middleware answers. Searches are
 * scoped by the services themselves (runs, model versions).
 */
@ApplicationScoped
public class GraphqlAccess {
  @Inject TrackwayConfig config;
  @Inject AccessControl access;
  @Inject AccessPolicy policy;
  @Inject SearchScopes scopes;

  private Caller restricted() {
    return access.enabled() && config.serverEnableGraphqlAuth() ? access.restricted() : null;
  }

  boolean experimentReadable(String experimentId) {
    Caller c = restricted();
    return c == null || policy.experiment(c, experimentId, Action.READ);
  }

  /** The run of {@code runId} (else {@code runUuid}) if the caller may read it, else null. */
  String readableRun(String runId, String runUuid) {
    String id = runId.isEmpty() ? runUuid : runId;
    return runsReadable(List.of(id)) ? id : null;
  }

  boolean runsReadable(List<String> runIds) {
    Caller c = restricted();
    if (c == null) {
      return true;
    }
    for (String runId : runIds) {
      if (!policy.run(c, runId, Action.READ)) {
        return false;
      }
    }
    return true;
  }

  /**
   * mlflowSearchRuns: false (the field resolves to null) when experiments are named and the caller
   * may list the runs of none of them, as MLflow's middleware; the search itself is narrowed to the
   * listable ones by the service.
   */
  boolean runSearchAllowed(List<String> experimentIds) {
    return restricted() == null
        || experimentIds.isEmpty()
        || !scopes.runExperiments(experimentIds).isEmpty();
  }

  /**
   * mlflowSearchModelVersions: a filter that selects by {@code run_id} needs the run tier not to be
   * denied (the match itself would tell which run a version belongs to), as REST's
   * SearchModelVersions rule.
   */
  boolean modelVersionSearchAllowed(String filter) {
    Caller c = restricted();
    return c == null || filter == null || !filter.contains("run_id") || policy.runTierNotDenied(c);
  }

  /** The experiments of a dataset search the caller may list; null: none of the named ones. */
  List<String> datasetExperiments(List<String> experimentIds) {
    if (restricted() == null) {
      return experimentIds;
    }
    List<String> listed = scopes.listedExperiments(experimentIds);
    return listed.isEmpty() && !experimentIds.isEmpty() ? null : listed;
  }
}
