package dev.trackway.service.auth;

import static dev.trackway.service.auth.ResourceTypes.ASSESSMENT;
import static dev.trackway.service.auth.ResourceTypes.EXPERIMENT;
import static dev.trackway.service.auth.ResourceTypes.LOGGED_MODEL;
import static dev.trackway.service.auth.ResourceTypes.RUN;
import static dev.trackway.service.auth.ResourceTypes.TRACE;

import dev.trackway.store.AccessLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * MLflow 3.18's authorization rules for traces and assessments: a trace belongs to an experiment
 * (read there, the action on the {@code trace} tier, else the experiment); searches need read on
 * every named experiment, plus the tiers their filters or order reach.
 */
@ApplicationScoped
public class TraceAccess {
  @Inject AccessControl access;
  @Inject AccessPolicy policy;
  @Inject AccessLookup lookup;

  private Grants grants(Caller c) {
    return access.grants(c);
  }

  /** A trace by id: read or update. */
  public boolean trace(Caller c, String traceId, Action action) {
    Optional<String> e = experimentOf(traceId);
    return e.isPresent() && grants(c).authorize(AccessPolicy.childOf(e.get(), TRACE, action));
  }

  private Optional<String> experimentOf(String traceId) {
    return traceId == null || traceId.isEmpty()
        ? Optional.empty()
        : lookup.traceExperiment(traceId);
  }

  /** StartTrace (v2, v3, OTLP): a create in the experiment; with assessments, those not denied. */
  public boolean startTrace(Caller c, String experimentId, boolean withAssessments) {
    if (experimentId == null || experimentId.isEmpty()) {
      return false;
    }
    return withAssessments
        ? policy.createIn(
            c, experimentId, TRACE, Requirement.of(ASSESSMENT, "*", Action.NOT_DENIED))
        : policy.createIn(c, experimentId, TRACE);
  }

  /**
   * SearchTraces, CalculateTraceFilterCorrelation: read on the trace tier of every experiment
   * (none: denied), and on the tiers the filters and order keys reach (assessments, the source run,
   * the logged model).
   */
  public boolean search(
      Caller c, List<String> experimentIds, List<String> filters, List<String> orderBy) {
    Set<String> distinct = new LinkedHashSet<>(experimentIds);
    if (distinct.isEmpty()) {
      return false;
    }
    List<Requirement> all = new ArrayList<>();
    for (String e : distinct) {
      all.addAll(List.of(AccessPolicy.childOf(e, TRACE, Action.READ)));
    }
    for (String tier : tiersReached(filters, orderBy)) {
      for (String e : distinct) {
        all.add(Requirement.tier(tier, Action.READ, e));
      }
    }
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  /**
   * The tiers a trace filter or order reaches, read conservatively from the text: an assessment key
   * ({@code feedback.}, {@code expectation.}, {@code assessment}), the source run ({@code
   * mlflow.sourceRun}, {@code run_id}), the logged model ({@code mlflow.modelId}).
   */
  static Set<String> tiersReached(List<String> filters, List<String> orderBy) {
    Set<String> tiers = new LinkedHashSet<>();
    for (String f : filters) {
      if (f == null || f.isEmpty()) {
        continue;
      }
      String lower = f.toLowerCase(Locale.ROOT);
      if (lower.contains("feedback.")
          || lower.contains("expectation.")
          || lower.contains("assessment")) {
        tiers.add(ASSESSMENT);
      }
      metadataTiers(lower, tiers);
    }
    for (String o : orderBy) {
      if (o != null) {
        metadataTiers(o.toLowerCase(Locale.ROOT), tiers);
      }
    }
    return tiers;
  }

  private static void metadataTiers(String lower, Set<String> tiers) {
    if (lower.contains("mlflow.sourcerun") || lower.contains("run_id")) {
      tiers.add(RUN);
    }
    if (lower.contains("mlflow.modelid")) {
      tiers.add(LOGGED_MODEL);
    }
  }

  /** BatchGetTraces / BatchGetTraceInfos: the caller can read traces in some experiment. */
  public boolean batchGet(Caller c) {
    Grants g = grants(c);
    if (g.tierDenied(TRACE)) {
      return false;
    }
    return g.anyExperimentListed();
  }

  /**
   * DeleteTraces: read on the experiment, delete on traces (else the experiment) and assessments.
   */
  public boolean deleteTraces(Caller c, String experimentId) {
    return grants(c)
        .authorize(
            Requirement.of(EXPERIMENT, experimentId, Action.READ),
            Requirement.of(TRACE, "*", Action.DELETE)
                .orElse(EXPERIMENT, experimentId, Action.DELETE),
            Requirement.of(ASSESSMENT, "*", Action.DELETE)
                .orElse(EXPERIMENT, experimentId, Action.UPDATE));
  }

  /** LinkTracesToRun: update on the run, read on every trace (a missing one denies). */
  public boolean linkToRun(Caller c, String runId, List<String> traceIds) {
    if (!policy.run(c, runId, Action.UPDATE)) {
      return false;
    }
    List<String> experiments = new ArrayList<>();
    for (String t : traceIds) {
      Optional<String> e = experimentOf(t);
      if (e.isEmpty()) {
        return false;
      }
      experiments.add(e.get());
    }
    return policy.inExperiments(c, experiments, TRACE, Action.READ);
  }

  /** QueryTraceMetrics: read on traces of each experiment; assessments too for that view. */
  public boolean queryMetrics(Caller c, List<String> experimentIds, boolean assessmentView) {
    if (!policy.inExperiments(c, experimentIds, TRACE, Action.READ)) {
      return false;
    }
    if (!assessmentView) {
      return true;
    }
    List<Requirement> all = new ArrayList<>();
    for (String e : experimentIds) {
      all.add(Requirement.tier(ASSESSMENT, Action.READ, e));
    }
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  /** Get (READ), update (UPDATE) or delete (DELETE) one assessment of a trace. */
  public boolean assessment(Caller c, String traceId, Action action) {
    Optional<String> e = experimentOf(traceId);
    if (e.isEmpty()) {
      return false;
    }
    String exp = e.get();
    Requirement own =
        switch (action) {
          case DELETE ->
              Requirement.of(ASSESSMENT, "*", Action.DELETE).orElse(EXPERIMENT, exp, Action.UPDATE);
          default -> Requirement.tier(ASSESSMENT, action, exp);
        };
    return grants(c)
        .authorize(
            Requirement.of(EXPERIMENT, exp, Action.READ),
            Requirement.tier(TRACE, Action.READ, exp),
            own);
  }

  /**
   * CreateAssessment: read on the experiment and the trace, assessments not denied, and update on
   * the experiment or on the trace tier (a trace grant may confer the write, never weaken it).
   */
  public boolean createAssessment(Caller c, String traceId) {
    Optional<String> e = experimentOf(traceId);
    if (e.isEmpty()) {
      return false;
    }
    String exp = e.get();
    Grants g = grants(c);
    boolean addressing =
        g.authorize(
            Requirement.of(EXPERIMENT, exp, Action.READ),
            Requirement.tier(TRACE, Action.READ, exp),
            Requirement.of(ASSESSMENT, "*", Action.NOT_DENIED));
    return addressing
        && (g.satisfied(Requirement.of(EXPERIMENT, exp, Action.UPDATE))
            || g.satisfied(Requirement.of(TRACE, "*", Action.UPDATE)));
  }
}
