package dev.trackway.service;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.domain.Run;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.LoggedModelStore;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MLflow's model registry RPCs: the checks of MLflow's handlers and registry store (names,
 * versions, aliases, tags, stages, model version sources), then the store. Prompts are registered
 * models and versions tagged {@code mlflow.prompt.is_prompt = true}; they go through the same
 * calls.
 */
@ApplicationScoped
public class ModelRegistryService {
  public static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";
  static final String PROMPT_TEXT_TAG = "mlflow.prompt.text";
  static final int MAX_TAG_KEY_LENGTH = 250;
  static final int MAX_TAG_VALUE_LENGTH = 100_000;
  static final int MAX_ALIAS_LENGTH = 255;
  public static final int SEARCH_REGISTERED_MODELS_MAX = 1000;
  public static final int SEARCH_REGISTERED_MODELS_DEFAULT = 100;
  public static final int SEARCH_MODEL_VERSIONS_MAX = 200_000;

  /** Proto default of SearchModelVersions.max_results. */
  public static final int SEARCH_MODEL_VERSIONS_DEFAULT = 200_000;

  static final List<String> ALL_STAGES = List.of("None", "Staging", "Production", "Archived");
  static final List<String> ACTIVE_STAGES = List.of("Staging", "Production");
  private static final Set<String> PROMPT_SOURCES = Set.of("dummy-source", "prompt-template");
  private static final Pattern ALIAS =
      Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern VERSION_ALIAS =
      Pattern.compile("^[vV]\\d+$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern PY_INT =
      Pattern.compile("[+-]?\\d+(_\\d+)*", Pattern.UNICODE_CHARACTER_CLASS);

  @Inject ModelRegistryStore store;
  @Inject TrackingStore trackingStore;
  @Inject LoggedModelStore loggedModelStore;
  @Inject LoggedModelService loggedModels;
  @Inject TrackwayConfig config;

  // ------------------------------------------------------------------ registered models

  public RegisteredModel createRegisteredModel(
      String name, List<KeyValue> tags, String description) {
    validateModelName(name);
    for (KeyValue t : tags) {
      validateRegisteredModelTag(t.key(), t.value());
    }
    return store.createRegisteredModel(name, tags, description);
  }

  public RegisteredModel getRegisteredModel(String name) {
    validateModelName(name);
    return store.getRegisteredModel(name);
  }

  public RegisteredModel updateRegisteredModel(String name, String description) {
    validateModelName(name);
    return store.updateRegisteredModel(name, description);
  }

  public RegisteredModel renameRegisteredModel(String name, String newName) {
    if (newName == null || newName.strip().isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter 'new_name'.");
    }
    validateModelName(newName);
    validateModelName(name);
    return store.renameRegisteredModel(name, newName);
  }

  public void deleteRegisteredModel(String name) {
    validateModelName(name);
    store.deleteRegisteredModel(name);
  }

  public Page<RegisteredModel> searchRegisteredModels(
      String filter, Long maxResults, List<String> orderBy, String pageToken) {
    long max = maxResults == null ? SEARCH_REGISTERED_MODELS_DEFAULT : maxResults;
    if (max > SEARCH_REGISTERED_MODELS_MAX) {
      throw MlflowException.invalidParameterValue(
          "Invalid value for request parameter max_results. It must be at most %d, but got value"
              + " %d",
          SEARCH_REGISTERED_MODELS_MAX, max);
    }
    if (max < 0) {
      // MLflow passes a negative limit to the database; refused here.
      throw MlflowException.invalidParameterValue(
          "Invalid value for max_results. It must be a positive integer, but got %d", max);
    }
    return store.searchRegisteredModels(filter, (int) max, orderBy, pageToken);
  }

  /** Latest versions of the given stages (all stages when none is given). */
  public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
    validateModelName(name);
    List<ModelVersion> latest = store.getLatestVersions(name);
    Set<String> wanted = new java.util.HashSet<>();
    for (String s : stages == null || stages.isEmpty() ? ALL_STAGES : stages) {
      wanted.add(canonicalStage(s));
    }
    return latest.stream().filter(mv -> wanted.contains(mv.currentStage())).toList();
  }

  public void setRegisteredModelTag(String name, String key, String value) {
    validateModelName(name);
    validateRegisteredModelTag(key, value);
    store.setRegisteredModelTag(name, new KeyValue(key, value));
  }

  public void deleteRegisteredModelTag(String name, String key) {
    validateModelName(name);
    Validation.tagName(key, "key");
    store.deleteRegisteredModelTag(name, key);
  }

  // ------------------------------------------------------------------ aliases

  public void setRegisteredModelAlias(String name, String alias, String version) {
    validateModelName(name);
    validateAliasName(alias);
    validateAliasNotReserved(alias);
    long v = validateModelVersion(version);
    store.setRegisteredModelAlias(name, alias, v);
  }

  public void deleteRegisteredModelAlias(String name, String alias) {
    validateModelName(name);
    validateAliasName(alias);
    store.deleteRegisteredModelAlias(name, alias);
  }

  public ModelVersion getModelVersionByAlias(String name, String alias) {
    validateModelName(name);
    validateAliasName(alias);
    if (alias.toLowerCase(Locale.ROOT).equals("latest")) {
      List<ModelVersion> latest = store.getLatestVersions(name);
      return latest.stream()
          .max((a, b) -> Long.compare(Long.parseLong(a.version()), Long.parseLong(b.version())))
          .orElseThrow(
              () ->
                  MlflowException.resourceDoesNotExist(
                      "Latest version not found for model %s.", name));
    }
    return store.getModelVersionByAlias(name, alias);
  }

  // ------------------------------------------------------------------ model versions

  /**
   * MLflow's create-model-version: source checks of the handler (prompt placeholder sources, hosts,
   * registered-model lineage, run or logged-model containment), then the store's storage location
   * ({@code models:/<id>} resolves to the logged model's artifact location, {@code
   * models:/name/version} to that version's download URI), then, for a logged model, its {@code
   * mlflow.modelVersions} tag.
   *
   * @param hasRunId whether the request set run_id (even empty), as protobuf's HasField
   * @param hasModelId whether the request set model_id
   */
  public ModelVersion createModelVersion(
      String name,
      String source,
      String runId,
      boolean hasRunId,
      List<KeyValue> tags,
      String runLink,
      String description,
      String modelId,
      boolean hasModelId) {
    String regex = config.createModelVersionSourceValidationRegex().orElse(null);
    if (regex != null && !regex.isEmpty() && !Pattern.compile(regex).matcher(source).find()) {
      throw MlflowException.invalidParameterValue("Invalid model version source: '%s'.", source);
    }
    boolean prompt = isPromptRequest(tags);
    if (prompt && !PROMPT_SOURCES.contains(source)) {
      throw MlflowException.invalidParameterValue(
          "Invalid prompt source: '%s'. Prompt sources must use an MLflow placeholder.", source);
    }
    validateArtifactUriScheme(source, "source");
    String src = source;
    String rid = runId == null ? "" : runId;
    String mid = modelId == null ? "" : modelId;
    if (!prompt) {
      String[] lineage = resolveLineage(src, rid, mid, hasRunId, hasModelId);
      src = lineage[0];
      rid = lineage[1];
      mid = lineage[2];
      if (mid != null && !mid.isEmpty()) {
        validateSourceModel(src, mid);
      } else {
        validateSourceRun(src, rid);
      }
    }
    // the registry store's part
    validateModelName(name);
    for (KeyValue t : tags) {
      validateModelVersionTag(t.key(), t.value());
    }
    String storageLocation = src;
    Uri parsed = Uri.parse(src);
    if (parsed.scheme().equals("models")) {
      try {
        ModelUri mu = ModelUri.parse(src);
        if (mu.modelId() != null) {
          LoggedModel model = loggedModelStore.getLoggedModel(mu.modelId(), false);
          storageLocation = model.info().artifactUri();
          if (rid == null || rid.isEmpty()) {
            rid = model.info().sourceRunId();
          }
        } else {
          storageLocation =
              store.getModelVersionDownloadUri(mu.name(), validateModelVersion(mu.version()));
        }
      } catch (MlflowException e) {
        throw MlflowException.internalError(
            "Unable to fetch model from model URI source artifact location '%s'.Error: %s",
            src, e.getMessage());
      }
    }
    if ((rid == null || rid.isEmpty()) && mid != null && !mid.isEmpty()) {
      rid = loggedModelStore.getLoggedModel(mid, false).info().sourceRunId();
    }
    ModelVersion mv =
        store.createModelVersion(name, src, storageLocation, rid, tags, runLink, description);
    if (!prompt && mid != null && !mid.isEmpty()) {
      loggedModels.recordModelVersion(mid, name, Long.parseLong(mv.version()));
    }
    return mv;
  }

  public ModelVersion getModelVersion(String name, String version) {
    validateModelName(name);
    return store.getModelVersion(name, validateModelVersion(version));
  }

  public ModelVersion updateModelVersion(String name, String version, String description) {
    validateModelName(name);
    return store.updateModelVersion(name, validateModelVersion(version), description);
  }

  public ModelVersion transitionModelVersionStage(
      String name, String version, String stage, boolean archiveExistingVersions) {
    String canonical = canonicalStage(stage);
    if (archiveExistingVersions && !ACTIVE_STAGES.contains(canonical)) {
      // MLflow raises this without an error code (a 500); a client error here.
      throw MlflowException.invalidParameterValue(
          "Model version transition cannot archive existing model versions because '%s' is not an"
              + " Active stage. Valid stages are ['Staging', 'Production']",
          stage);
    }
    validateModelName(name);
    return store.transitionModelVersionStage(
        name, validateModelVersion(version), canonical, archiveExistingVersions);
  }

  public void deleteModelVersion(String name, String version) {
    long v = validateModelVersion(version);
    validateModelName(name);
    store.deleteModelVersion(name, v);
  }

  public String getModelVersionDownloadUri(String name, String version) {
    validateModelName(name);
    return store.getModelVersionDownloadUri(name, validateModelVersion(version));
  }

  public Page<ModelVersion> searchModelVersions(
      String filter, Long maxResults, List<String> orderBy, String pageToken) {
    long max = maxResults == null ? SEARCH_MODEL_VERSIONS_DEFAULT : maxResults;
    if (max < 1) {
      throw MlflowException.invalidParameterValue(
          "Invalid value for max_results. It must be a positive integer, but got %d", max);
    }
    if (max > SEARCH_MODEL_VERSIONS_MAX) {
      throw MlflowException.invalidParameterValue(
          "Invalid value for request parameter max_results. It must be at most %d, but got value"
              + " %d",
          SEARCH_MODEL_VERSIONS_MAX, max);
    }
    return store.searchModelVersions(filter, (int) max, orderBy, pageToken);
  }

  public void setModelVersionTag(String name, String version, String key, String value) {
    validateModelName(name);
    long v = validateModelVersion(version);
    validateModelVersionTag(key, value);
    store.setModelVersionTag(name, v, new KeyValue(key, value));
  }

  public void deleteModelVersionTag(String name, String version, String key) {
    validateModelName(name);
    long v = validateModelVersion(version);
    Validation.tagName(key, "key");
    store.deleteModelVersionTag(name, v, key);
  }

  // ------------------------------------------------------------------ validation (validation.py)

  /** MLflow's {@code _validate_model_name}. */
  static void validateModelName(String name) {
    if (name == null || name.strip().isEmpty()) {
      throw MlflowException.invalidParameterValue("Missing value for required parameter 'name'.");
    }
    if (name.contains("/") || name.contains(":")) {
      throw MlflowException.invalidParameterValue(
          "Invalid model name '%s'. Names cannot contain '/' or ':'.", name);
    }
    if (Validation.pathNotUnique(name)) {
      throw MlflowException.invalidParameterValue(
          Validation.invalidValue("name", name, Validation.badPathMessage(name)));
    }
  }

  /** MLflow's {@code _validate_model_version}: Python's int(). */
  static long validateModelVersion(String version) {
    String t = version == null ? "" : version.strip();
    if (PY_INT.matcher(t).matches()) {
      java.math.BigInteger big = new java.math.BigInteger(t.replace("_", "").replace("+", ""));
      if (big.bitLength() < 64) {
        return big.longValue();
      }
      return big.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    throw MlflowException.invalidParameterValue(
        "Parameter 'version' must be an integer, got '%s'.", version);
  }

  static void validateRegisteredModelTag(String key, String value) {
    Validation.tagName(key, "key");
    Validation.lengthLimit("key", MAX_TAG_KEY_LENGTH, key, false);
    Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, value, false);
  }

  static void validateModelVersionTag(String key, String value) {
    Validation.tagName(key, "key");
    if (value == null) {
      throw MlflowException.invalidParameterValue("Tag value cannot be None");
    }
    Validation.lengthLimit("key", MAX_TAG_KEY_LENGTH, key, false);
    if (PROMPT_TEXT_TAG.equals(key) && value.length() > MAX_TAG_VALUE_LENGTH) {
      throw MlflowException.invalidParameterValue(
          "Prompt text exceeds max length of %d characters.", MAX_TAG_VALUE_LENGTH);
    }
    Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, value, false);
  }

  static void validateAliasName(String alias) {
    if (alias == null || alias.isEmpty()) {
      throw MlflowException.invalidParameterValue("Registered model alias name cannot be empty.");
    }
    if (!ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalidParameterValue(
          "Invalid alias name: '%s'. Names may only contain alphanumerics, underscores (_), and"
              + " dashes (-).",
          alias);
    }
    Validation.lengthLimit("Registered model alias name", MAX_ALIAS_LENGTH, alias, false);
  }

  static void validateAliasNotReserved(String alias) {
    if (alias.toLowerCase(Locale.ROOT).equals("latest")) {
      throw MlflowException.invalidParameterValue(
          "'latest' alias name (case insensitive) is reserved.");
    }
    if (VERSION_ALIAS.matcher(alias).matches()) {
      throw MlflowException.invalidParameterValue("Version alias name '%s' is reserved.", alias);
    }
  }

  /** MLflow's {@code get_canonical_stage}. */
  static String canonicalStage(String stage) {
    String s = stage == null ? "" : stage.toLowerCase(Locale.ROOT);
    for (String canonical : ALL_STAGES) {
      if (canonical.toLowerCase(Locale.ROOT).equals(s)) {
        return canonical;
      }
    }
    throw MlflowException.invalidParameterValue(
        "Invalid Model Version stage: %s. Value must be one of None, Staging, Production, Archived.",
        stage);
  }

  /** The handler's prompt test: the last is_prompt tag wins and must be 'true' (any case). */
  static boolean isPromptRequest(List<KeyValue> tags) {
    String v = "false";
    for (KeyValue t : tags) {
      if (IS_PROMPT_TAG.equals(t.key())) {
        v = t.value() == null ? "" : t.value();
      }
    }
    return v.toLowerCase(Locale.ROOT).equals("true");
  }

  // ------------------------------------------------------------------ model version sources

  private static final Set<String> HOST_ADDRESSED_SCHEMES =
      Set.of(
          "ftp",
          "sftp",
          "hdfs",
          "viewfs",
          "http",
          "https",
          "mlflow-artifacts",
          "r2",
          "b2",
          "abfss");
  private static final Map<String, String> SCHEME_FAMILIES =
      Map.of("viewfs", "hdfs", "https", "http", "mlflow-artifacts", "http");
  private static final Map<String, List<Integer>> DEFAULT_PORTS =
      Map.of(
          "ftp",
          List.of(21),
          "sftp",
          List.of(22),
          "http",
          List.of(80),
          "https",
          List.of(443),
          "mlflow-artifacts",
          List.of(80, 443),
          "r2",
          List.of(443),
          "b2",
          List.of(443),
          "abfss",
          List.of(443));

  /**
   * MLflow's host policy: a source whose scheme makes the server connect to the host it names is
   * refused unless the scheme is allowed by MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES or it
   * targets the host of the server's own default artifact root.
   */
  void validateArtifactUriScheme(String uri, String field) {
    Set<List<Object>> targets = hostTargets(uri);
    if (targets == null) {
      return;
    }
    String scheme = Uri.parse(uri).scheme();
    String allowed = config.allowedHostAddressedArtifactSchemes().orElse(null);
    if (allowed != null) {
      for (String s : allowed.split(",")) {
        if (s.strip().toLowerCase(Locale.ROOT).equals(scheme)) {
          return;
        }
      }
    }
    Set<List<Object>> trusted = hostTargets(config.defaultArtifactRootUri());
    if (trusted != null && targets.stream().anyMatch(trusted::contains)) {
      return;
    }
    throw MlflowException.invalidParameterValue(
        "'%s' cannot use the '%s' scheme: the '%s' scheme addresses a host other than the tracking"
            + " server's configured artifact storage, so the server would connect to the host"
            + " named in the URI. Set the MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES"
            + " environment variable on the server to allow it.",
        field, scheme, scheme);
  }

  /** (scheme family, host, port) targets of a host-addressed URI, or null when it names none. */
  static Set<List<Object>> hostTargets(String uri) {
    Uri u = Uri.parse(uri);
    if (!HOST_ADDRESSED_SCHEMES.contains(u.scheme())) {
      return null;
    }
    if (u.scheme().equals("mlflow-artifacts") && u.netloc().isEmpty()) {
      return null;
    }
    String hostPort = u.netloc();
    int at = hostPort.lastIndexOf('@');
    if (at >= 0) {
      hostPort = hostPort.substring(at + 1);
    }
    String host = hostPort;
    Integer port = null;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.endsWith("]")) {
      host = hostPort.substring(0, colon);
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Set.of(List.of("malformed", u.netloc(), -1));
      }
    }
    String family = SCHEME_FAMILIES.getOrDefault(u.scheme(), u.scheme());
    List<Integer> ports =
        port != null ? List.of(port) : DEFAULT_PORTS.getOrDefault(u.scheme(), List.of(-1));
    Set<List<Object>> out = new java.util.HashSet<>();
    for (Integer p : ports) {
      out.add(List.of(family, host.toLowerCase(Locale.ROOT), p));
    }
    return out;
  }

  /**
   * MLflow's {@code _resolve_registered_model_source_lineage}: a {@code models:/name/...} source is
   * pinned to {@code models:/name/<version>} and inherits that version's run id.
   *
   * @return source, run id, model id
   */
  private String[] resolveLineage(
      String source, String runId, String modelId, boolean hasRunId, boolean hasModelId) {
    Uri u = Uri.parse(source);
    if (!u.scheme().equals("models")) {
      return new String[] {source, runId, modelId};
    }
    if (!u.netloc().isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. Registered model sources must use the active model"
              + " registry.",
          source);
    }
    ModelUri mu = parseModelVersionSource(source);
    if (mu.modelId() != null) {
      return new String[] {source, runId, modelId};
    }
    RegisteredModel rm = getRegisteredModel(mu.name());
    boolean prompt = false;
    if (rm.tags() != null) {
      for (KeyValue t : rm.tags()) {
        if (t.key().equals(IS_PROMPT_TAG)) {
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
      version = getModelVersionByAlias(mu.name(), mu.alias()).version();
    } else {
      List<ModelVersion> latest =
          getLatestVersions(mu.name(), mu.stage() == null ? List.of() : List.of(mu.stage()));
      if (latest.isEmpty()) {
        throw MlflowException.invalidParameterValue(
            "No versions of model with name '%s'%s found",
            mu.name(), mu.stage() == null ? "" : " and stage '" + mu.stage() + "'");
      }
      version =
          Long.toString(
              latest.stream().mapToLong(mv -> Long.parseLong(mv.version())).max().getAsLong());
    }
    ModelVersion mv = getModelVersion(mu.name(), version);
    String mvRunId = mv.runId() == null ? "" : mv.runId();
    if ((hasRunId && !runId.equals(mvRunId)) || (hasModelId && !modelId.isEmpty())) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. The run_id and model_id request parameters must"
              + " match the referenced model version.",
          source);
    }
    return new String[] {
      "models:/" + mu.name() + "/" + mv.version(),
      hasRunId ? runId : mv.runId(),
      hasModelId ? modelId : null
    };
  }

  private static MlflowException invalidSource(String source, String idName) {
    return MlflowException.invalidParameterValue(
        "Invalid model version source: '%s'. The %s request parameter must identify the resource"
            + " that contains the source.",
        source, idName);
  }

  private static ModelUri parseModelVersionSource(String source) {
    try {
      return ModelUri.parse(source);
    } catch (MlflowException e) {
      throw invalidSource(source, "model_id");
    }
  }

  /** MLflow's {@code _validate_source_run}. */
  private void validateSourceRun(String source, String runId) {
    if (isLocalUri(source)) {
      String shown = source;
      if (runId != null && !runId.isEmpty()) {
        Run run = sourceRun(runId, source);
        Path path = localPath(source);
        shown = path.toString();
        if (isLocalUri(run.info().artifactUri())) {
          Path root = localPath(run.info().artifactUri());
          if (path.startsWith(root)) {
            return;
          }
        }
      }
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. To use a local path as a model version source, the"
              + " run_id request parameter has to be specified and the local path has to be"
              + " contained within the artifact directory of the run specified by the run_id.",
          shown);
    }
    validateNoRelativePaths(source);
    Uri u = Uri.parse(source);
    if (u.scheme().equals("runs")) {
      if (!u.netloc().isEmpty()) {
        throw invalidSource(source, "run_id");
      }
      String sourceRunId = runsUriRunId(source);
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
    if (isMlflowArtifactSource(source)) {
      if (runId != null && !runId.isEmpty()) {
        Run run = sourceRun(runId, source);
        if (isUriWithinRoot(source, run.info().artifactUri())) {
          return;
        }
      }
      throw invalidSource(source, "run_id");
    }
  }

  /** MLflow's {@code _validate_source_model}. */
  private void validateSourceModel(String source, String modelId) {
    if (isLocalUri(source)) {
      LoggedModel model = sourceModel(modelId, source);
      Path path = localPath(source);
      String location = model.info().artifactUri();
      if (location != null && isLocalUri(location) && path.startsWith(localPath(location))) {
        return;
      }
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. To use a local path as a model version source, the"
              + " model_id request parameter has to be specified and the local path has to be"
              + " contained within the artifact directory of the run specified by the model_id.",
          path);
    }
    validateNoRelativePaths(source);
    Uri u = Uri.parse(source);
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
    if (isMlflowArtifactSource(source)) {
      LoggedModel model = sourceModel(modelId, source);
      if (isUriWithinRoot(source, model.info().artifactUri())) {
        return;
      }
      throw invalidSource(source, "model_id");
    }
  }

  private Run sourceRun(String runId, String source) {
    try {
      return trackingStore.getRun(runId);
    } catch (MlflowException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw invalidSource(source, "run_id");
      }
      throw e;
    }
  }

  private LoggedModel sourceModel(String modelId, String source) {
    try {
      return loggedModelStore.getLoggedModel(modelId, false);
    } catch (MlflowException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw invalidSource(source, "model_id");
      }
      throw e;
    }
  }

  /** The run id of a {@code runs:/<run_id>/path} URI. */
  private static String runsUriRunId(String uri) {
    String path = Uri.parse(uri).path();
    if (!path.startsWith("/")
        || path.length() <= 1
        || path.substring(1).split("/", -1)[0].isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Not a proper runs:/ URI: %s. Runs URIs must be of the form"
              + " 'runs:/<run_id>/run-relative/path/to/artifact'",
          uri);
    }
    return path.substring(1).split("/", -1)[0];
  }

  /** MLflow's {@code is_local_uri} (on a POSIX server): no scheme, or {@code file:}. */
  static boolean isLocalUri(String uri) {
    String scheme = Uri.parse(uri).scheme();
    return scheme.isEmpty() || scheme.equals("file");
  }

  private static Path localPath(String uri) {
    Uri u = Uri.parse(uri);
    String p = u.scheme().equals("file") ? unquote(u.path(), false) : uri;
    return Path.of(p.isEmpty() ? "." : p).toAbsolutePath().normalize();
  }

  /**
   * MLflow's {@code _validate_non_local_source_contains_relative_paths}: after unquoting, the path
   * must be absolute, without {@code .} or {@code ..} segments or NUL.
   */
  static void validateNoRelativePaths(String source) {
    String s = source;
    for (String unquoted = unquote(s, true); !unquoted.equals(s); unquoted = unquote(s, true)) {
      s = unquoted;
    }
    String path = Uri.parse(s).path();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    path = path.replaceAll("/+", "/");
    boolean bad = path.indexOf('\0') >= 0 || Arrays.asList(s.split("/", -1)).contains("..");
    if (!bad) {
      bad = !path.startsWith("/") || Arrays.asList(path.split("/", -1)).contains(".");
    }
    if (bad) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. If supplying a source as an http, https, local file"
              + " path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided"
              + " without relative path references present. Please provide an absolute path.",
          s);
    }
  }

  private static final List<String> ARTIFACT_ROUTE =
      List.of("api", "2.0", "mlflow-artifacts", "artifacts");

  static boolean isMlflowArtifactSource(String source) {
    Uri u = Uri.parse(source);
    if (u.scheme().equals("mlflow-artifacts")) {
      return true;
    }
    if (!u.scheme().equals("http") && !u.scheme().equals("https")) {
      return false;
    }
    List<String> parts = pathParts(u.path());
    for (int i = 0; i + ARTIFACT_ROUTE.size() <= parts.size(); i++) {
      if (parts.subList(i, i + ARTIFACT_ROUTE.size()).equals(ARTIFACT_ROUTE)) {
        return true;
      }
    }
    return false;
  }

  static boolean isUriWithinRoot(String source, String root) {
    if (root == null) {
      return false;
    }
    Uri s = Uri.parse(source);
    Uri r = Uri.parse(root);
    List<String> sp = pathParts(s.path());
    List<String> rp = pathParts(r.path());
    return s.scheme().equals(r.scheme())
        && s.netloc().toLowerCase(Locale.ROOT).equals(r.netloc().toLowerCase(Locale.ROOT))
        && !rp.isEmpty()
        && sp.size() >= rp.size()
        && sp.subList(0, rp.size()).equals(rp);
  }

  private static List<String> pathParts(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String p = part;
      for (String u = unquote(p, false); !u.equals(p); u = unquote(p, false)) {
        p = u;
      }
      out.add(p);
    }
    return out;
  }

  /**
   * Python's {@code unquote} / {@code unquote_plus} (lenient: invalid escapes stay as they are).
   */
  static String unquote(String s, boolean plus) {
    if (s.indexOf('%') < 0 && (!plus || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      byte b = raw[i];
      if (b == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
        out.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        i += 2;
      } else if (plus && b == '+') {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  /** The parts of a URI the way Python's {@code urllib.parse.urlparse} splits it. */
  record Uri(String scheme, String netloc, String path) {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*):");

    static Uri parse(String uri) {
      String rest = uri;
      String scheme = "";
      var m = SCHEME.matcher(uri);
      if (m.find()) {
        scheme = m.group(1).toLowerCase(Locale.ROOT);
        rest = uri.substring(m.end());
      }
      String netloc = "";
      if (rest.startsWith("//")) {
        int end = rest.length();
        for (char ch : new char[] {'/', '?', '#'}) {
          int i = rest.indexOf(ch, 2);
          if (i >= 0 && i < end) {
            end = i;
          }
        }
        netloc = rest.substring(2, end);
        rest = rest.substring(end);
      }
      int q = rest.indexOf('?');
      int h = rest.indexOf('#');
      int end = rest.length();
      if (q >= 0) {
        end = q;
      }
      if (h >= 0 && h < end) {
        end = h;
      }
      return new Uri(scheme, netloc, rest.substring(0, end));
    }
  }

  /**
   * MLflow's {@code _parse_model_uri}: {@code models:/<id>}, {@code /name/version|stage|latest},
   * {@code /name@alias}.
   */
  record ModelUri(String modelId, String name, String version, String stage, String alias) {
    static ModelUri parse(String uri) {
      String improper =
          "Not a proper models:/ URI: "
              + uri
              + ". Models URIs must be of the form 'models:/name/suffix' or 'models:/name@alias'"
              + " where suffix is a version, stage, or the string 'latest' and where alias is a"
              + " registered model alias. Only one of suffix or alias can be defined at a time.";
      int hash = uri.indexOf('#');
      Uri u = Uri.parse(uri);
      // urlparse(allow_fragments=False): a '#' stays in the path
      String path =
          hash >= 0 && u.scheme().equals("models") ? uri.substring(uri.indexOf(':') + 1) : u.path();
      if (!u.scheme().equals("models") || !path.startsWith("/") || path.length() <= 1) {
        throw MlflowException.invalidParameterValue(improper);
      }
      String[] parts = path.replaceFirst("^/+", "").split("/", -1);
      if (parts.length > 2 || parts[0].strip().isEmpty()) {
        throw MlflowException.invalidParameterValue(improper);
      }
      if (parts.length == 2) {
        String name = parts[0];
        String suffix = parts[1];
        if (suffix.strip().isEmpty()) {
          throw MlflowException.invalidParameterValue(improper);
        }
        if (suffix.chars().allMatch(Character::isDigit)) {
          return new ModelUri(null, name, suffix, null, null);
        }
        if (suffix.equalsIgnoreCase("latest")) {
          return new ModelUri(null, name, null, null, null);
        }
        return new ModelUri(null, name, null, suffix, null);
      }
      if (path.contains("@")) {
        int at = parts[0].lastIndexOf('@');
        if (at < 0 || parts[0].substring(at + 1).strip().isEmpty()) {
          throw MlflowException.invalidParameterValue(improper);
        }
        return new ModelUri(
            null, parts[0].substring(0, at), null, null, parts[0].substring(at + 1));
      }
      return new ModelUri(parts[0], null, null, null, null);
    }
  }
}
