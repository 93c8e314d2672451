package dev.trackway.service.auth;

import static dev.trackway.service.auth.ResourceTypes.EXPERIMENT;

import dev.trackway.domain.auth.ReadScope;
import dev.trackway.domain.auth.RegistryScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the current caller's searches may return, as scopes the stores apply in SQL (so a caller who
 * may read 3 of 1,000 runs gets exactly those 3, in full pages). Everything when access control is
 * off or the caller is an admin. The visible sets are MLflow 3.18's: SearchExperiments lists
 * experiments a grant or the default lets the caller read; runs and registry rows also follow a
 * workspace grant; a denied tier ({@code run}, {@code logged_model}, versions) hides its rows.
 */
@ApplicationScoped
public class SearchScopes {
  @Inject AccessControl access;

  private Grants grants() {
    Caller c = access.restricted();
    return c == null ? null : access.grants(c);
  }

  /** SearchExperiments (and the GraphQL experiment listings). */
  public ReadScope experiments() {
    Grants g = grants();
    return g == null ? ReadScope.ALL : g.experimentSearchScope();
  }

  /** SearchRuns: the requested experiments whose runs the caller may list. */
  public List<String> runExperiments(List<String> experimentIds) {
    Grants g = grants();
    if (g == null) {
      return experimentIds;
    }
    if (g.tierDenied(ResourceTypes.RUN)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String id : experimentIds) {
      if (g.listRead(EXPERIMENT, id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** SearchLoggedModels: the requested experiments whose logged models the caller may list. */
  public List<String> loggedModelExperiments(List<String> experimentIds) {
    Grants g = grants();
    if (g == null) {
      return experimentIds;
    }
    if (g.tierDenied(ResourceTypes.LOGGED_MODEL)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String id : experimentIds) {
      if (g.experimentListed(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Experiments of other listings (SearchDatasets in GraphQL): listable ones only. */
  public List<String> listedExperiments(List<String> experimentIds) {
    Grants g = grants();
    if (g == null) {
      return experimentIds;
    }
    return experimentIds.stream().filter(id -> g.listRead(EXPERIMENT, id)).toList();
  }

  /** SearchRegisteredModels. */
  public RegistryScope registeredModels() {
    Grants g = grants();
    if (g == null) {
      return RegistryScope.ALL;
    }
    return new RegistryScope(
        g.listScope(ResourceTypes.REGISTERED_MODEL), g.listScope(ResourceTypes.PROMPT));
  }

  /** SearchModelVersions: as registered models, and nothing of a denied version tier. */
  public RegistryScope modelVersions() {
    Grants g = grants();
    if (g == null) {
      return RegistryScope.ALL;
    }
    return new RegistryScope(
        g.tierDenied(ResourceTypes.REGISTERED_MODEL_VERSION)
            ? ReadScope.NONE
            : g.listScope(ResourceTypes.REGISTERED_MODEL),
        g.tierDenied(ResourceTypes.PROMPT_VERSION)
            ? ReadScope.NONE
            : g.listScope(ResourceTypes.PROMPT));
  }

  /**
   * Whether the current caller is denied the tier as a whole ({@code (tier, *, DENY)}): responses
   * then leave out what leads there (MLflow's after-request redaction).
   */
  public boolean tierDenied(String tier) {
    Grants g = grants();
    return g != null && g.tierDenied(tier);
  }
}
