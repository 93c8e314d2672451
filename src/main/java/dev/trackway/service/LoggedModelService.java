package dev.trackway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.compat.PyJson;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.Page;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.SearchScopes;
import dev.trackway.store.LoggedModelStore;
import dev.trackway.store.NewLoggedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** MLflow 3's logged-model RPCs and log-outputs: MLflow's validation, then the store. */
@ApplicationScoped
public class LoggedModelService {
  /** Proto default of SearchLoggedModels.max_results. */
  static final int SEARCH_DEFAULT_MAX_RESULTS = 50;

  /** MLflow store default, used when max_results is 0. */
  static final int SEARCH_STORE_DEFAULT_MAX_RESULTS = 100;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BAD_NAME_CHARS = List.of("/", ":", ".", "%", "\"", "'");

  @Inject LoggedModelStore store;
  @Inject SearchScopes scopes;

  public LoggedModel createLoggedModel(
      String experimentId,
      String name,
      String modelType,
      String sourceRunId,
      List<KeyValue> params,
      List<KeyValue> tags) {
    String n = name == null || name.isEmpty() ? null : name;
    validateLoggedModelName(n);
    return store.createLoggedModel(
        new NewLoggedModel(experimentId, n, modelType, sourceRunId, params, tags));
  }

  /** MLflow's {@code _validate_logged_model_name}. */
  static void validateLoggedModelName(String name) {
    if (name == null) {
      return;
    }
    if (name.isEmpty() || BAD_NAME_CHARS.stream().anyMatch(name::contains)) {
      throw MlflowException.invalidParameterValue(
          "Invalid model name (%s) provided. Model name must be a non-empty string and cannot"
              + " contain the following characters: ('/', ':', '.', '%%', '\"', \"'\")",
          PyRepr.str(name));
    }
  }

  public LoggedModel getLoggedModel(String modelId, boolean allowDeleted) {
    return store.getLoggedModel(modelId, allowDeleted);
  }

  public LoggedModel finalizeLoggedModel(String modelId, int status) {
    return store.finalizeLoggedModel(modelId, status);
  }

  public void deleteLoggedModel(String modelId) {
    store.deleteLoggedModel(modelId);
  }

  public void setLoggedModelTags(String modelId, List<KeyValue> tags) {
    store.setLoggedModelTags(modelId, tags);
  }

  public void deleteLoggedModelTag(String modelId, String key) {
    store.deleteLoggedModelTag(modelId, key);
  }

  public void logLoggedModelParams(String modelId, List<KeyValue> params) {
    store.logLoggedModelParams(modelId, params);
  }

  public Page<LoggedModel> searchLoggedModels(
      List<String> experimentIds,
      String filter,
      List<LoggedModelDatasetFilter> datasets,
      Long maxResults,
      List<LoggedModelOrderBy> orderBy,
      String pageToken) {
    for (LoggedModelDatasetFilter d : datasets) {
      if (d.datasetName() == null || d.datasetName().isEmpty()) {
        throw MlflowException.invalidParameterValue(
            "`dataset_name` in the `datasets` clause must be specified.");
      }
    }
    long max = maxResults == null ? SEARCH_DEFAULT_MAX_RESULTS : maxResults;
    if (max == 0) {
      max = SEARCH_STORE_DEFAULT_MAX_RESULTS;
    }
    if (max < 0 || max > Integer.MAX_VALUE - 1) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer.",
          max);
    }
    // only the experiments whose logged models the caller may list (access control)
    List<String> visible = scopes.loggedModelExperiments(experimentIds);
    if (visible.isEmpty() && !experimentIds.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return store.searchLoggedModels(visible, filter, datasets, (int) max, orderBy, pageToken);
  }

  public void logOutputs(String runId, List<ModelIo> models) {
    store.logOutputs(runId, models);
  }

  /**
   * MLflow's {@code set_model_versions_tags}: adds {@code {"name", "version"}} to the model's
   * {@code mlflow.modelVersions} tag (a JSON list written like Python's json.dumps).
   */
  public void recordModelVersion(String modelId, String name, long version) {
    ObjectNode entry = JsonNodeFactory.instance.objectNode();
    entry.put("name", name);
    entry.put("version", version);
    LoggedModel model = store.getLoggedModel(modelId, false);
    String existing = null;
    if (model.info().tags() != null) {
      for (KeyValue t : model.info().tags()) {
        if (t.key().equals(MlflowTags.MODEL_VERSIONS)) {
          existing = t.value();
        }
      }
    }
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    list.add(entry);
    if (existing != null && !existing.isEmpty()) {
      try {
        JsonNode parsed = JSON.readTree(existing);
        if (parsed != null && parsed.isArray()) {
          boolean present = false;
          for (JsonNode n : parsed) {
            present |= sameEntry(n, entry);
          }
          if (!present) {
            ArrayNode merged = JsonNodeFactory.instance.arrayNode();
            merged.addAll((ArrayNode) parsed);
            merged.add(entry);
            list = merged;
          }
        }
      } catch (Exception e) {
        // not JSON: replaced by the new list
      }
    }
    store.setLoggedModelTags(
        modelId, List.of(new KeyValue(MlflowTags.MODEL_VERSIONS, PyJson.dumps(list))));
  }

  /** Python's dict equality for {"name": str, "version": int} entries (1 == 1.0, "1" != 1). */
  private static boolean sameEntry(JsonNode n, ObjectNode entry) {
    if (!n.isObject() || n.size() != entry.size()) {
      return false;
    }
    JsonNode name = n.get("name");
    JsonNode version = n.get("version");
    return name != null
        && name.isTextual()
        && name.textValue().equals(entry.get("name").textValue())
        && version != null
        && version.isNumber()
        && version.doubleValue() == entry.get("version").doubleValue();
  }
}
