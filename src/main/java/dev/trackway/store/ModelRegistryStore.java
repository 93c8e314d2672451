package dev.trackway.store;

import dev.trackway.domain.KeyValue;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.domain.auth.RegistryScope;
import java.util.List;

/**
 * Persistence of MLflow's model registry (registered models, model versions, their tags and
 * aliases) on MLflow's registry tables, named after MLflow's registry store methods. Inputs are
 * validated by the service layer; the store enforces what needs the database (existence,
 * uniqueness, version numbering) with MLflow's error codes and messages.
 */
public interface ModelRegistryStore {

  RegisteredModel createRegisteredModel(String name, List<KeyValue> tags, String description);

  RegisteredModel getRegisteredModel(String name);

  RegisteredModel updateRegisteredModel(String name, String description);

  RegisteredModel renameRegisteredModel(String name, String newName);

  /** Deletes the model with its versions, version tags, tags and aliases. */
  void deleteRegisteredModel(String name);

  default Page<RegisteredModel> searchRegisteredModels(
      String filter, int maxResults, List<String> orderBy, String pageToken) {
    return searchRegisteredModels(filter, maxResults, orderBy, pageToken, RegistryScope.ALL);
  }

  /** The models in {@code scope} only (the caller's read scope, applied in SQL). */
  Page<RegisteredModel> searchRegisteredModels(
      String filter, int maxResults, List<String> orderBy, String pageToken, RegistryScope scope);

  /** The latest version of each stage (aliases filled in), in MLflow's order. */
  List<ModelVersion> getLatestVersions(String name);

  void setRegisteredModelTag(String name, KeyValue tag);

  void deleteRegisteredModelTag(String name, String key);

  /**
   * Creates version max+1 (deleted versions count), retrying a bounded number of times when a
   * concurrent request took the number; updates the model's last update time.
   */
  ModelVersion createModelVersion(NewModelVersion version);

  ModelVersion getModelVersion(String name, long version);

  /** Sets the description ({@code null} clears it, as MLflow does when none is sent). */
  ModelVersion updateModelVersion(String name, long version, String description);

  /** {@code stage} is canonical; archiving moves other versions in that stage to Archived. */
  ModelVersion transitionModelVersionStage(
      String name, long version, String stage, boolean archiveExistingVersions);

  /**
   * MLflow's soft delete: stage Deleted_Internal, fields redacted, the version's aliases removed.
   */
  void deleteModelVersion(String name, long version);

  /** The storage location of the version, or its source when it has none. */
  String getModelVersionDownloadUri(String name, long version);

  default Page<ModelVersion> searchModelVersions(
      String filter, int maxResults, List<String> orderBy, String pageToken) {
    return searchModelVersions(filter, maxResults, orderBy, pageToken, RegistryScope.ALL);
  }

  /** The versions in {@code scope} only (the caller's read scope, applied in SQL). */
  Page<ModelVersion> searchModelVersions(
      String filter, int maxResults, List<String> orderBy, String pageToken, RegistryScope scope);

  void setModelVersionTag(String name, long version, KeyValue tag);

  void deleteModelVersionTag(String name, long version, String key);

  void setRegisteredModelAlias(String name, String alias, long version);

  void deleteRegisteredModelAlias(String name, String alias);

  ModelVersion getModelVersionByAlias(String name, String alias);
}
