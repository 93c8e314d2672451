package dev.trackway.store;

import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.Page;
import java.util.List;

/**
 * Persistence of MLflow 3's logged models ({@code logged_models} and its params, tags and metrics
 * tables) and of run outputs ({@code inputs} rows RUN_OUTPUT to MODEL_OUTPUT), named after MLflow's
 * tracking store methods.
 */
public interface LoggedModelStore {

  /** Logged model status numbers as stored ({@code logged_models.status}). */
  int STATUS_UNSPECIFIED = 0;

  int STATUS_PENDING = 1;
  int STATUS_READY = 2;
  int STATUS_FAILED = 3;

  LoggedModel createLoggedModel(NewLoggedModel model);

  LoggedModel getLoggedModel(String modelId, boolean allowDeleted);

  LoggedModel finalizeLoggedModel(String modelId, int status);

  /** Soft delete (lifecycle_stage 'deleted'). */
  void deleteLoggedModel(String modelId);

  void setLoggedModelTags(String modelId, List<KeyValue> tags);

  void deleteLoggedModelTag(String modelId, String key);

  void logLoggedModelParams(String modelId, List<KeyValue> params);

  Page<LoggedModel> searchLoggedModels(
      List<String> experimentIds,
      String filter,
      List<LoggedModelDatasetFilter> datasets,
      int maxResults,
      List<LoggedModelOrderBy> orderBy,
      String pageToken);

  /** Records the models as outputs of the (active) run. */
  void logOutputs(String runId, List<ModelIo> models);
}
