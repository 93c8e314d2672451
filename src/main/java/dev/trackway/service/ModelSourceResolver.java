package dev.trackway.service;

import dev.trackway.compat.PyUrl;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.domain.Run;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.LoggedModelStore;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where a new model version comes from: the source checks of MLflow's create-model-version handler
 * (the configured source regex, prompt placeholder sources, host-addressed schemes,
 * registered-model lineage, containment in the run's or logged model's artifacts) and the storage
 * location the registry keeps for it ({@code models:/<id>} is the logged model's artifact location,
 * {@code models:/name/version} that version's download URI).
 */
@ApplicationScoped
public class ModelSourceResolver {
  private static final Set<String> PROMPT_SOURCES = Set.of("dummy-source", "prompt-template");

  @Inject ModelRegistryService registry;
  @Inject ModelRegistryStore store;
  @Inject TrackingStore trackingStore;
  @Inject LoggedModelStore loggedModelStore;
  @Inject TrackwayConfig config;
  @Inject ArtifactUriPolicy uriPolicy;

  /** A checked source, the run and logged model it belongs to, and (once known) its storage. */
  public record Source(String source, String runId, String modelId, String storageLocation) {}

  /**
   * The handler's checks, in MLflow's order; a {@code models:/name/...} source comes back pinned to
   * its version with that version's run id.
   */
  Source checkSource(
      String source,
      String runId,
      boolean hasRunId,
      String modelId,
      boolean hasModelId,
      boolean prompt) {
    String regex = config.createModelVersionSourceValidationRegex().orElse(null);
    if (regex != null && !regex.isEmpty() && !Pattern.compile(regex).matcher(source).find()) {
      throw MlflowException.invalidParameterValue("Invalid model version source: '%s'.", source);
    }
    if (prompt && !PROMPT_SOURCES.contains(source)) {
      throw MlflowException.invalidParameterValue(
          "Invalid prompt source: '%s'. Prompt sources must use an MLflow placeholder.", source);
    }
    uriPolicy.validateArtifactUriScheme(source, "source");
    Source s = new Source(source, runId == null ? "" : runId, modelId == null ? "" : modelId, null);
    if (prompt) {
      return s;
    }
    s = resolveLineage(s.source(), s.runId(), s.modelId(), hasRunId, hasModelId);
    if (s.modelId() != null && !s.modelId().isEmpty()) {
      validateSourceModel(s.source(), s.modelId());
    } else {
      validateSourceRun(s.source(), s.runId());
    }
    return s;
  }

  /** The registry store's storage location of a checked source, and its run id when unset. */
  Source withStorageLocation(Source s) {
    String storageLocation = s.source();
    String rid = s.runId();
    String mid = s.modelId();
    if (PyUrl.urlparse(s.source()).scheme().equals("models")) {
      try {
        SourceUris.ModelUri mu = SourceUris.ModelUri.parse(s.source());
        if (mu.modelId() != null) {
          LoggedModel model = loggedModelStore.getLoggedModel(mu.modelId(), false);
          storageLocation = model.info().artifactUri();
          if (rid == null || rid.isEmpty()) {
            rid = model.info().sourceRunId();
          }
        } else {
          storageLocation =
              store.getModelVersionDownloadUri(
                  mu.name(), RegistryValidation.validateModelVersion(mu.version()));
        }
      } catch (MlflowException e) {
        throw MlflowException.internalError(
            "Unable to fetch model from model URI source artifact location '%s'.Error: %s",
            s.source(), e.getMessage());
      }
    }
    if ((rid == null || rid.isEmpty()) && mid != null && !mid.isEmpty()) {
      rid = loggedModelStore.getLoggedModel(mid, false).info().sourceRunId();
    }
    return new Source(s.source(), rid, mid, storageLocation);
  }

  /**
   * MLflow's {@code _resolve_registered_model_source_lineage}: a {@code models:/name/...} source is
   * pinned to {@code models:/name/<version>} and inherits that version's run id.
   */
  private Source resolveLineage(
      String source, String runId, String modelId, boolean hasRunId, boolean hasModelId) {
    PyUrl.Parts u = PyUrl.urlparse(source);
    if (!u.scheme().equals("models")) {
      return new Source(source, runId, modelId, null);
    }
    if (!u.netloc().isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. Registered model sources must use the active model"
              + " registry.",
          source);
    }
    SourceUris.ModelUri mu = parseModelVersionSource(source);
    if (mu.modelId() != null) {
      return new Source(source, runId, modelId, null);
    }
    RegisteredModel rm = registry.getRegisteredModel(mu.name());
    boolean prompt = false;
    if (rm.tags() != null) {
      for (KeyValue t : rm.tags()) {
        if (t.key().equals(MlflowTags.IS_PROMPT)) {
          prompt = t.value() != null && t.value().toLowerCase(Locale.ROOT).equals("true");
        }
      }
    }
    if (prompt) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. Prompt versions cannot be used as model version"
              + " sources.",
          source);
    }
    String version;
    if (mu.version() != null) {
      version = mu.version();
    } else if (mu.alias() != null) {
      version = registry.getModelVersionByAlias(mu.name(), mu.alias()).version();
    } else {
      List<ModelVersion> latest =
          registry.getLatestVersions(
              mu.name(), mu.stage() == null ? List.of() : List.of(mu.stage()));
      if (latest.isEmpty()) {
        throw MlflowException.invalidParameterValue(
            "No versions of model with name '%s'%s found",
            mu.name(), mu.stage() == null ? "" : " and stage '" + mu.stage() + "'");
      }
      version =
          Long.toString(
              latest.stream().mapToLong(mv -> Long.parseLong(mv.version())).max().getAsLong());
    }
    ModelVersion mv = registry.getModelVersion(mu.name(), version);
    String mvRunId = mv.runId() == null ? "" : mv.runId();
    if ((hasRunId && !runId.equals(mvRunId)) || (hasModelId && !modelId.isEmpty())) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. The run_id and model_id request parameters must"
              + " match the referenced model version.",
          source);
    }
    return new Source(
        "models:/" + mu.name() + "/" + mv.version(),
        hasRunId ? runId : mv.runId(),
        hasModelId ? modelId : null,
        null);
  }

  private static MlflowException invalidSource(String source, String idName) {
    return MlflowException.invalidParameterValue(
        "Invalid model version source: '%s'. The %s request parameter must identify the resource"
            + " that contains the source.",
        source, idName);
  }

  private static SourceUris.ModelUri parseModelVersionSource(String source) {
    try {
      return SourceUris.ModelUri.parse(source);
    } catch (MlflowException e) {
      throw invalidSource(source, "model_id");
    }
  }

  /** MLflow's {@code _validate_source_run}. */
  private void validateSourceRun(String source, String runId) {
    if (SourceUris.isLocalUri(source)) {
      if (runId != null && !runId.isEmpty()) {
        requireLocalWithin(source, sourceRun(runId, source).info().artifactUri(), "run_id");
        return;
      }
      throw localSourceOutside(source, "run_id");
    }
    SourceUris.validateNoRelativePaths(source);
    PyUrl.Parts u = PyUrl.urlparse(source);
    if (u.scheme().equals("runs")) {
      if (!u.netloc().isEmpty()) {
        throw invalidSource(source, "run_id");
      }
      String sourceRunId = SourceUris.runsUriRunId(source);
      if (runId != null && !runId.isEmpty() && sourceRunId.equals(runId)) {
        return;
      }
      throw invalidSource(source, "run_id");
    }
    if (u.scheme().equals("models")) {
      if (!u.netloc().isEmpty()) {
        throw invalidSource(source, "model_id");
      }
      if (parseModelVersionSource(source).modelId() != null) {
        throw invalidSource(source, "model_id");
      }
    }
    if (SourceUris.isMlflowArtifactSource(source)) {
      if (runId != null && !runId.isEmpty()) {
        Run run = sourceRun(runId, source);
        if (SourceUris.isUriWithinRoot(source, run.info().artifactUri())) {
          return;
        }
      }
      throw invalidSource(source, "run_id");
    }
  }

  /**
   * A local source must lie in the local artifact directory of the run or model {@code param}
   * names.
   */
  private static void requireLocalWithin(String source, String artifactUri, String param) {
    Path path = SourceUris.localPath(source);
    if (artifactUri == null
        || !SourceUris.isLocalUri(artifactUri)
        || !path.startsWith(SourceUris.localPath(artifactUri))) {
      throw localSourceOutside(path, param);
    }
  }

  /** A local source outside the artifact directory of the run or model {@code param} names. */
  private static MlflowException localSourceOutside(Object source, String param) {
    return MlflowException.invalidParameterValue(
        "Invalid model version source: '%s'. To use a local path as a model version source, the"
            + " %s request parameter has to be specified and the local path has to be contained"
            + " within the artifact directory of the run specified by the %s.",
        source, param, param);
  }

  /** MLflow's {@code _validate_source_model}. */
  private void validateSourceModel(String source, String modelId) {
    if (SourceUris.isLocalUri(source)) {
      requireLocalWithin(source, sourceModel(modelId, source).info().artifactUri(), "model_id");
      return;
    }
    SourceUris.validateNoRelativePaths(source);
    PyUrl.Parts u = PyUrl.urlparse(source);
    if (u.scheme().equals("models")) {
      if (!u.netloc().isEmpty()) {
        throw invalidSource(source, "model_id");
      }
      String sourceModelId = parseModelVersionSource(source).modelId();
      if (sourceModelId != null) {
        if (sourceModelId.equals(modelId)) {
          return;
        }
        throw invalidSource(source, "model_id");
      }
    }
    if (u.scheme().equals("runs")) {
      throw invalidSource(source, "model_id");
    }
    if (SourceUris.isMlflowArtifactSource(source)) {
      LoggedModel model = sourceModel(modelId, source);
      if (SourceUris.isUriWithinRoot(source, model.info().artifactUri())) {
        return;
      }
      throw invalidSource(source, "model_id");
    }
  }

  private Run sourceRun(String runId, String source) {
    return sourceOwner(() -> trackingStore.getRun(runId), source, "run_id");
  }

  private LoggedModel sourceModel(String modelId, String source) {
    return sourceOwner(() -> loggedModelStore.getLoggedModel(modelId, false), source, "model_id");
  }

  /** The run or logged model a source names by {@code idName}; a missing one: invalid source. */
  private static <T> T sourceOwner(Supplier<T> lookup, String source, String idName) {
    try {
      return lookup.get();
    } catch (MlflowException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw invalidSource(source, idName);
      }
      throw e;
    }
  }
}
