package dev.trackway.service;

import dev.trackway.domain.KeyValue;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.ModelVersionStage;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.AccessHooks;
import dev.trackway.service.auth.SearchScopes;
import dev.trackway.store.LoggedModelStore;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.NewModelVersion;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow's model registry RPCs: the checks of MLflow's handlers and registry store (names,
 * versions, aliases, tags, stages, model version sources), then the store. Prompts are registered
 * models and versions tagged {@code mlflow.prompt.is_prompt = true}; they go through the same
 * calls.
 */
@ApplicationScoped
public class ModelRegistryService {
  public static final int SEARCH_REGISTERED_MODELS_MAX = 1000;
  public static final int SEARCH_REGISTERED_MODELS_DEFAULT = 100;
  public static final int SEARCH_MODEL_VERSIONS_MAX = 200_000;

  /** Proto default of SearchModelVersions.max_results. */
  public static final int SEARCH_MODEL_VERSIONS_DEFAULT = 200_000;

  @Inject ModelRegistryStore store;
  @Inject TrackingStore trackingStore;
  @Inject LoggedModelStore loggedModelStore;
  @Inject LoggedModelService loggedModels;
  @Inject ModelSourceResolver sources;
  @Inject SearchScopes scopes;
  @Inject AccessHooks hooks;

  // ------------------------------------------------------------------ registered models

  public RegisteredModel createRegisteredModel(
      String name, List<KeyValue> tags, String description) {
    RegistryValidation.validateModelName(name);
    for (KeyValue t : tags) {
      RegistryValidation.validateRegisteredModelTag(t.key(), t.value());
    }
    RegisteredModel created = store.createRegisteredModel(name, tags, description);
    hooks.registeredModelCreated(
        created.name(),
        RegistryValidation.isPromptRequest(created.tags() == null ? List.of() : created.tags()));
    return created;
  }

  public RegisteredModel getRegisteredModel(String name) {
    RegistryValidation.validateModelName(name);
    return store.getRegisteredModel(name);
  }

  public RegisteredModel updateRegisteredModel(String name, String description) {
    RegistryValidation.validateModelName(name);
    return store.updateRegisteredModel(name, description);
  }

  public RegisteredModel renameRegisteredModel(String name, String newName) {
    if (newName == null || newName.strip().isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter 'new_name'.");
    }
    RegistryValidation.validateModelName(newName);
    RegistryValidation.validateModelName(name);
    RegisteredModel renamed = store.renameRegisteredModel(name, newName);
    hooks.registeredModelRenamed(name, newName);
    return renamed;
  }

  public void deleteRegisteredModel(String name) {
    RegistryValidation.validateModelName(name);
    store.deleteRegisteredModel(name);
    hooks.registeredModelDeleted(name);
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
    return store.searchRegisteredModels(
        filter, (int) max, orderBy, pageToken, scopes.registeredModels());
  }

  /** Latest versions of the given stages (all stages when none is given). */
  public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
    RegistryValidation.validateModelName(name);
    List<ModelVersion> latest = store.getLatestVersions(name);
    Set<String> wanted = new java.util.HashSet<>();
    for (String s :
        stages == null || stages.isEmpty()
            ? Arrays.stream(ModelVersionStage.values()).map(ModelVersionStage::value).toList()
            : stages) {
      wanted.add(RegistryValidation.canonicalStage(s));
    }
    return latest.stream().filter(mv -> wanted.contains(mv.currentStage())).toList();
  }

  public void setRegisteredModelTag(String name, String key, String value) {
    RegistryValidation.validateModelName(name);
    RegistryValidation.validateRegisteredModelTag(key, value);
    store.setRegisteredModelTag(name, new KeyValue(key, value));
  }

  public void deleteRegisteredModelTag(String name, String key) {
    RegistryValidation.validateModelName(name);
    Validation.tagName(key, "key");
    store.deleteRegisteredModelTag(name, key);
  }

  // ------------------------------------------------------------------ aliases

  public void setRegisteredModelAlias(String name, String alias, String version) {
    RegistryValidation.validateModelName(name);
    RegistryValidation.validateAliasName(alias);
    RegistryValidation.validateAliasNotReserved(alias);
    long v = RegistryValidation.validateModelVersion(version);
    store.setRegisteredModelAlias(name, alias, v);
  }

  public void deleteRegisteredModelAlias(String name, String alias) {
    RegistryValidation.validateModelName(name);
    RegistryValidation.validateAliasName(alias);
    store.deleteRegisteredModelAlias(name, alias);
  }

  public ModelVersion getModelVersionByAlias(String name, String alias) {
    RegistryValidation.validateModelName(name);
    RegistryValidation.validateAliasName(alias);
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
    boolean prompt = RegistryValidation.isPromptRequest(tags);
    ModelSourceResolver.Source src =
        sources.checkSource(source, runId, hasRunId, modelId, hasModelId, prompt);
    // the registry store's part
    RegistryValidation.validateModelName(name);
    for (KeyValue t : tags) {
      RegistryValidation.validateModelVersionTag(t.key(), t.value());
    }
    src = sources.withStorageLocation(src);
    String mid = src.modelId();
    ModelVersion mv =
        store.createModelVersion(
            new NewModelVersion(
                name,
                src.source(),
                src.storageLocation(),
                src.runId(),
                tags,
                runLink,
                description));
    if (!prompt && mid != null && !mid.isEmpty()) {
      loggedModels.recordModelVersion(mid, name, Long.parseLong(mv.version()));
    }
    return mv;
  }

  public ModelVersion getModelVersion(String name, String version) {
    RegistryValidation.validateModelName(name);
    return store.getModelVersion(name, RegistryValidation.validateModelVersion(version));
  }

  public ModelVersion updateModelVersion(String name, String version, String description) {
    RegistryValidation.validateModelName(name);
    return store.updateModelVersion(
        name, RegistryValidation.validateModelVersion(version), description);
  }

  public ModelVersion transitionModelVersionStage(
      String name, String version, String stage, boolean archiveExistingVersions) {
    String canonical = RegistryValidation.canonicalStage(stage);
    if (archiveExistingVersions && !ModelVersionStage.fromName(canonical).isActive()) {
      // MLflow raises this without an error code (a 500); a client error here.
      throw MlflowException.invalidParameterValue(
          "Model version transition cannot archive existing model versions because '%s' is not an"
              + " Active stage. Valid stages are ['Staging', 'Production']",
          stage);
    }
    RegistryValidation.validateModelName(name);
    return store.transitionModelVersionStage(
        name, RegistryValidation.validateModelVersion(version), canonical, archiveExistingVersions);
  }

  public void deleteModelVersion(String name, String version) {
    long v = RegistryValidation.validateModelVersion(version);
    RegistryValidation.validateModelName(name);
    store.deleteModelVersion(name, v);
  }

  public String getModelVersionDownloadUri(String name, String version) {
    RegistryValidation.validateModelName(name);
    return store.getModelVersionDownloadUri(name, RegistryValidation.validateModelVersion(version));
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
    return store.searchModelVersions(filter, (int) max, orderBy, pageToken, scopes.modelVersions());
  }

  public void setModelVersionTag(String name, String version, String key, String value) {
    RegistryValidation.validateModelName(name);
    long v = RegistryValidation.validateModelVersion(version);
    RegistryValidation.validateModelVersionTag(key, value);
    store.setModelVersionTag(name, v, new KeyValue(key, value));
  }

  public void deleteModelVersionTag(String name, String version, String key) {
    RegistryValidation.validateModelName(name);
    long v = RegistryValidation.validateModelVersion(version);
    Validation.tagName(key, "key");
    store.deleteModelVersionTag(name, v, key);
  }
}
