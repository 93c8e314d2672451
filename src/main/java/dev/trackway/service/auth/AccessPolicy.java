package dev.trackway.service.auth;

import static dev.trackway.service.auth.ResourceTypes.EXPERIMENT;
import static dev.trackway.service.auth.ResourceTypes.LOGGED_MODEL;
import static dev.trackway.service.auth.ResourceTypes.RUN;

import dev.trackway.artifacts.ArtifactPaths;
import dev.trackway.domain.Experiment;
import dev.trackway.error.MlflowException;
import dev.trackway.store.AccessLookup;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow 3.18's authorization rules for experiments, runs, logged models and their artifacts, one
 * method per rule ({@code validate_can_*} of {@code mlflow/server/auth/__init__.py}), for a caller
 * who is not an admin. A rule answers allowed or not; a resource that does not exist is "not" (403,
 * no existence oracle) unless MLflow answers otherwise, which the rule then throws.
 */
@ApplicationScoped
public class AccessPolicy {
  /** The tiers a deleted experiment takes with it. */
  static final List<String> EXPERIMENT_CASCADE =
      List.of(
          RUN,
          ResourceTypes.TRACE,
          LOGGED_MODEL,
          ResourceTypes.ASSESSMENT,
          ResourceTypes.REVIEW_QUEUE,
          ResourceTypes.SCORER,
          ResourceTypes.SCORER_VERSION);

  private static final Pattern EXPERIMENT_PREFIX =
      Pattern.compile("^(?:workspaces/[^/]+/)?(\\d+)/", Pattern.CASE_INSENSITIVE);
  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");

  @Inject AccessControl access;
  @Inject AccessLookup lookup;
  @Inject TrackingStore tracking;

  Grants grants(Caller c) {
    return access.grants(c);
  }

  // ------------------------------------------------------------------ experiments

  /** CreateExperiment: unless {@code (experiment, *)} is denied. */
  public boolean createExperiment(Caller c) {
    return notDenied(c, EXPERIMENT, "*");
  }

  /** A create of {@code type} named {@code id} ({@code *}: any), unless it is denied. */
  boolean notDenied(Caller c, String type, String id) {
    return grants(c).authorize(Requirement.of(type, id, Action.NOT_DENIED));
  }

  /** The caller's permission on one experiment satisfies {@code action}. */
  public boolean experiment(Caller c, String experimentId, Action action) {
    return action.metBy(grants(c).point(EXPERIMENT, experimentId));
  }

  /** GetExperimentByName: a name no experiment has is MLflow's 404, for everyone. */
  public boolean experimentByName(Caller c, String name) {
    Experiment e = tracking.getExperimentByName(name);
    if (e == null) {
      throw MlflowException.resourceDoesNotExist("Could not find experiment with name %s", name);
    }
    return experiment(c, e.experimentId(), Action.READ);
  }

  /** DeleteExperiment / RestoreExperiment: delete on the experiment and on every tier in it. */
  public boolean deleteExperiment(Caller c, String experimentId) {
    List<Requirement> all = new ArrayList<>();
    all.add(Requirement.of(EXPERIMENT, experimentId, Action.DELETE));
    for (String tier : EXPERIMENT_CASCADE) {
      all.add(Requirement.tier(tier, Action.DELETE, experimentId));
    }
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  /** Every experiment is readable (SearchDatasets); none is a 400. */
  public boolean readExperiments(Caller c, List<String> experimentIds, String emptyMessage) {
    if (experimentIds.isEmpty()) {
      throw MlflowException.invalidParameterValue(emptyMessage);
    }
    for (String id : experimentIds) {
      if (!experiment(c, id, Action.READ)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ runs

  /** A run operation: read on its experiment, the action on the run tier (else experiment). */
  public boolean run(Caller c, String runId, Action action) {
    Optional<String> e = runId == null ? Optional.empty() : lookup.runExperiment(runId);
    return e.isPresent() && grants(c).authorize(childOf(e.get(), RUN, action));
  }

  static Requirement[] childOf(String experimentId, String tier, Action action) {
    return new Requirement[] {
      Requirement.of(EXPERIMENT, experimentId, Action.READ),
      Requirement.tier(tier, action, experimentId)
    };
  }

  /** A create in an experiment: update on it, the created tier not denied. */
  public boolean createIn(Caller c, String experimentId, String tier, Requirement... extra) {
    List<Requirement> all = new ArrayList<>();
    all.add(Requirement.of(EXPERIMENT, experimentId, Action.UPDATE));
    all.add(Requirement.of(tier, "*", Action.NOT_DENIED));
    all.addAll(List.of(extra));
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  /**
   * LogMetric / LogBatch / LogInputs / LogOutputs: update on the run and on every logged model the
   * request writes to (each judged in its own experiment; a missing one denies).
   */
  public boolean updateRunAndModels(Caller c, String runId, Collection<String> modelIds) {
    Optional<String> e = runId == null ? Optional.empty() : lookup.runExperiment(runId);
    if (e.isEmpty()) {
      return false;
    }
    List<Requirement> all = new ArrayList<>(List.of(childOf(e.get(), RUN, Action.UPDATE)));
    for (String modelId : new TreeSet<>(modelIds)) {
      Optional<String> m = lookup.loggedModelExperiment(modelId);
      if (m.isEmpty()) {
        return false;
      }
      all.addAll(List.of(childOf(m.get(), LOGGED_MODEL, Action.UPDATE)));
    }
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  /**
   * The bulk metric routes: every run must exist (MLflow's 404 otherwise), and read on the run tier
   * of each distinct experiment; no run is a 400.
   */
  public boolean readRuns(Caller c, List<String> runIds, String emptyMessage) {
    if (runIds.isEmpty()) {
      throw MlflowException.invalidParameterValue(emptyMessage);
    }
    Set<String> experiments = new LinkedHashSet<>();
    for (String runId : runIds) {
      experiments.add(
          lookup
              .runExperiment(runId)
              .orElseThrow(
                  () -> MlflowException.resourceDoesNotExist("Run with id=%s not found", runId)));
    }
    return inExperiments(c, experiments, RUN, Action.READ);
  }

  /** Read on each experiment and the action on the tier in each. */
  boolean inExperiments(Caller c, Collection<String> experimentIds, String tier, Action action) {
    Set<String> distinct = new LinkedHashSet<>(experimentIds);
    if (distinct.isEmpty()) {
      return false;
    }
    List<Requirement> all = new ArrayList<>();
    for (String e : distinct) {
      all.addAll(List.of(childOf(e, tier, action)));
    }
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  // ------------------------------------------------------------------ logged models

  public boolean loggedModel(Caller c, String modelId, Action action) {
    Optional<String> e = modelId == null ? Optional.empty() : lookup.loggedModelExperiment(modelId);
    return e.isPresent() && grants(c).authorize(childOf(e.get(), LOGGED_MODEL, action));
  }

  /** CreateLoggedModel: a create in the experiment, and read on the source run if named. */
  public boolean createLoggedModel(Caller c, String experimentId, String sourceRunId) {
    return createIn(c, experimentId, LOGGED_MODEL)
        && (sourceRunId == null || sourceRunId.isEmpty() || run(c, sourceRunId, Action.READ));
  }

  /** CreatePresignedUploadUrl: exactly one of the ids; update on that run or logged model. */
  public boolean presignedUpload(Caller c, String runId, String modelId) {
    boolean hasRun = runId != null && !runId.isEmpty();
    boolean hasModel = modelId != null && !modelId.isEmpty();
    if (hasRun == hasModel) {
      throw MlflowException.invalidParameterValue(
          "Exactly one of run_id and model_id must be provided.");
    }
    return hasModel ? loggedModel(c, modelId, Action.UPDATE) : run(c, runId, Action.UPDATE);
  }

  /** A search whose filter selects on a run id needs the run tier not to be denied. */
  public boolean runTierNotDenied(Caller c) {
    return notDenied(c, RUN, "*");
  }

  // ------------------------------------------------------------------ proxied artifacts

  /**
   * The proxied artifact routes ({@code mlflow-artifacts}): the path names an experiment ({@code
   * <id>/...}) and perhaps a tier in it ({@code <run>/artifacts/...}, {@code models/...}, {@code
   * traces/...}); GET needs read, PUT and the multipart routes update, DELETE manage (which reaches
   * every tier under the path). A path naming no experiment is judged by the default permission; an
   * unsafe path denies.
   */
  public boolean artifactProxy(Caller c, String rawPath, Action action) {
    if (rawPath == null || rawPath.isEmpty()) {
      return action.metBy(access.defaultPermission());
    }
    String relative;
    try {
      relative = ArtifactPaths.validate(rawPath);
    } catch (MlflowException e) {
      return false;
    }
    List<String> segments = new ArrayList<>();
    for (String s : relative.split("/", -1)) {
      if (!s.equals(".")) {
        segments.add(s);
      }
    }
    relative = String.join("/", segments);
    String[] parts = relative.replaceAll("^/+|/+$", "").split("/", -1);
    if (parts[0].equalsIgnoreCase("workspaces")) {
      if (parts.length < 3 || parts[1].isEmpty() || parts[1].equals(".") || parts[1].equals("..")) {
        return false;
      }
      relative = String.join("/", List.of(parts).subList(2, parts.length));
    }
    String first = relative.replaceAll("^/+", "").split("/", 2)[0];
    if (first.equals("skills")) {
      // MLflow's Skill Registry namespace: no skill grants in Trackway, so only admins
      return false;
    }
    Matcher m = EXPERIMENT_PREFIX.matcher(relative.replaceAll("^/+|/+$", "") + "/");
    if (!m.find()) {
      return action.metBy(access.defaultPermission());
    }
    String experimentId = m.group(1);
    List<String> tiers = artifactTiers(relative, action == Action.MANAGE);
    if (tiers.isEmpty()) {
      return experiment(c, experimentId, action);
    }
    List<Requirement> all = new ArrayList<>();
    all.add(Requirement.of(EXPERIMENT, experimentId, Action.READ));
    for (String tier : tiers) {
      all.add(Requirement.tier(tier, action, experimentId));
    }
    return grants(c).authorize(all.toArray(Requirement[]::new));
  }

  /** The tiers an artifact path under an experiment reaches (MLflow's child-type rules). */
  static List<String> artifactTiers(String relative, boolean recursive) {
    String rest = EXPERIMENT_PREFIX.matcher(relative.replaceAll("^/+", "") + "/").replaceFirst("");
    List<String> segments = new ArrayList<>();
    for (String s : rest.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s.toLowerCase(Locale.ROOT));
      }
    }
    if (segments.isEmpty()) {
      return recursive ? List.of(RUN, ResourceTypes.TRACE, LOGGED_MODEL) : List.of();
    }
    if (segments.get(0).equals("models")) {
      return List.of(LOGGED_MODEL);
    }
    if (segments.get(0).equals("traces")) {
      return List.of(ResourceTypes.TRACE);
    }
    if (segments.size() > 1 && segments.get(1).equals("artifacts")) {
      return List.of(RUN);
    }
    if (RUN_ID.matcher(segments.get(0)).matches()) {
      return List.of(RUN);
    }
    return recursive ? List.of(RUN) : List.of();
  }
}
