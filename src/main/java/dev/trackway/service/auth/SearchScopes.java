package dev.trackway.service.auth;

import static dev.trackway.service.auth.ResourceTypes.EXPERIMENT;

import dev.trackway.domain.auth.ReadScope;
import dev.trackway.domain.auth.RegistryScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

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
    return tierExperiments(experimentIds, ResourceTypes.RUN, (g, id) -> g.listRead(EXPERIMENT, id));
  }

  /** SearchLoggedModels: the requested experiments whose logged models the caller may list. */
  public List<String> loggedModelExperiments(List<String> experimentIds) {
    return tierExperiments(experimentIds, ResourceTypes.LOGGED_MODEL, Grants::experimentListed);
  }

  /**
   * The requested experiments the caller may list rows of the {@code tier} in: those {@code
   * listed}, none when the tier is denied as a whole, all when access control does not apply.
   */
  private List<String> tierExperiments(
      List<String> experimentIds, String tier, BiPredicate<Grants, String> listed) {
    Grants g = grants();
    if (g == null) {
      return experimentIds;
    }
    if (g.tierDenied(tier)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String id : experimentIds) {
      if (listed.test(g, id)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * BatchGetTraces / BatchGetTraceInfos: whether the caller may read the traces of an experiment
   * (read on it, and on the trace tier else the experiment), as MLflow filters their answers; the
   * ids asked for may name traces anywhere.
   */
  public <T> List<T> readableTraces(List<T> traces, Function<T, String> experimentOf) {
    Caller c = access.restricted();
    if (c == null) {
      return traces;
    }
    Grants g = access.grants(c);
    Map<String, Boolean> decided = new HashMap<>();
    Predicate<String> readable =
        id ->
            decided.computeIfAbsent(
                id, e -> g.authorize(AccessPolicy.childOf(e, ResourceTypes.TRACE, Action.READ)));
    return traces.stream().filter(t -> readable.test(experimentOf.apply(t))).toList();
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
