package dev.trackway.service;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.DatasetSummary;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MetricWithRunId;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.RunStatus;
import dev.trackway.domain.ViewType;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.AccessHooks;
import dev.trackway.service.auth.SearchScopes;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** MLflow's tracking RPCs: validation with MLflow's rules, then one store call. */
@ApplicationScoped
public class TrackingService {
  public static final int MAX_RUNS_GET_METRIC_HISTORY_BULK = 100;
  public static final int MAX_RESULTS_PER_RUN = 2500;
  static final int MAX_DATASET_SUMMARIES_EXPERIMENTS = 20;

  @Inject TrackingStore store;
  @Inject TrackwayConfig config;
  @Inject IngestMetrics ingest;
  @Inject SearchScopes scopes;
  @Inject AccessHooks hooks;
  @Inject ArtifactUriPolicy uriPolicy;

  public String createExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    Validation.experimentName(name);
    for (KeyValue t : tags) {
      Validation.experimentTag(t.key(), t.value());
    }
    if (artifactLocation != null && !artifactLocation.isEmpty()) {
      uriPolicy.validateStorageLocation(artifactLocation, "artifact_location");
      artifactLocation = SourceUris.resolveUriIfLocal(artifactLocation);
      ArtifactUriPolicy.validateLength(artifactLocation);
    }
    String id = store.createExperiment(name, artifactLocation, tags);
    hooks.experimentCreated(id);
    return id;
  }

  public Experiment getExperiment(String id) {
    return store.getExperiment(id);
  }

  public Experiment getExperimentByName(String name) {
    Experiment e = store.getExperimentByName(name);
    if (e == null) {
      throw MlflowException.resourceDoesNotExist("Could not find experiment with name '%s'", name);
    }
    return e;
  }

  public void deleteExperiment(String id) {
    store.deleteExperiment(id);
  }

  public void restoreExperiment(String id) {
    store.restoreExperiment(id);
  }

  public void renameExperiment(String id, String newName) {
    Validation.experimentName(newName);
    store.renameExperiment(id, newName);
  }

  public void setExperimentTag(String id, String key, String value) {
    Validation.experimentTag(key, value);
    store.setExperimentTag(id, new KeyValue(key, value));
  }

  public void deleteExperimentTag(String id, String key) {
    store.deleteExperimentTag(id, key);
  }

  public Page<Experiment> searchExperiments(
      String filter, ViewType viewType, List<String> orderBy, Long maxResults, String pageToken) {
    Validation.maxResults(maxResults == null ? 0 : maxResults);
    return store.searchExperiments(
        filter, viewType, orderBy, maxResults.intValue(), pageToken, scopes.experiments());
  }

  public Run createRun(
      String experimentId, String userId, Long startTime, List<KeyValue> tags, String runName) {
    List<KeyValue> checked = new ArrayList<>();
    for (int i = 0; i < tags.size(); i++) {
      KeyValue t = tags.get(i);
      checked.add(
          new KeyValue(
              t.key(), Validation.tag(t.key(), t.value(), "", config.truncateLongValues())));
    }
    if (experimentId == null || experimentId.isEmpty()) {
      experimentId = "0";
    }
    return store.createRun(
        experimentId,
        userId == null ? "" : userId,
        startTime == null ? 0 : startTime,
        checked,
        runName);
  }

  public Run getRun(String runId) {
    return store.getRun(runId);
  }

  public RunInfo updateRun(String runId, String status, Long endTime, String runName) {
    if (status != null
        && Arrays.stream(RunStatus.values()).noneMatch(s -> s.name().equals(status))) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter 'status' supplied.", status);
    }
    return store.updateRun(runId, status, endTime, runName);
  }

  public void deleteRun(String runId) {
    store.deleteRun(runId);
  }

  public void restoreRun(String runId) {
    store.restoreRun(runId);
  }

  public void setTag(String runId, String key, String value) {
    String v = Validation.tag(key, value, "", config.truncateLongValues());
    store.setTag(runId, new KeyValue(key, v));
  }

  public void deleteTag(String runId, String key) {
    store.deleteTag(runId, key);
  }

  public void logParam(String runId, String key, String value) {
    String v = Validation.param(key, value, "", config.truncateLongValues());
    store.logBatch(runId, List.of(), List.of(new KeyValue(key, v)), List.of());
  }

  public void logMetric(String runId, Metric metric) {
    Validation.metric(metric.key(), metric.value(), metric.timestamp(), "");
    store.logBatch(runId, List.of(metric), List.of(), List.of());
  }

  public void logBatch(
      String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
    Validation.batchLimit("metrics", Validation.MAX_METRICS_PER_BATCH, metrics.size());
    Validation.batchLimit("params", Validation.MAX_PARAMS_TAGS_PER_BATCH, params.size());
    Validation.batchLimit("tags", Validation.MAX_PARAMS_TAGS_PER_BATCH, tags.size());
    Validation.batchLimit(
        "metrics, params, and tags",
        Validation.MAX_ENTITIES_PER_BATCH,
        metrics.size() + params.size() + tags.size());
    for (int i = 0; i < metrics.size(); i++) {
      Metric m = metrics.get(i);
      Validation.metric(m.key(), m.value(), m.timestamp(), "metrics[" + i + "]");
    }
    List<KeyValue> checkedParams = checked(params, "params", Validation::param);
    List<KeyValue> checkedTags = checked(tags, "tags", Validation::tag);
    Validation.paramKeysUnique(checkedParams.stream().map(KeyValue::key).toList());
    store.logBatch(runId, metrics, checkedParams, checkedTags);
    ingest.logBatchWritten(metrics.size(), checkedParams.size(), checkedTags.size());
  }

  /** A param or tag check: key, value and field path in, the value to store out. */
  @FunctionalInterface
  interface KeyValueCheck {
    String check(String key, String value, String path, boolean truncateLong);
  }

  /** Each element checked (and its value possibly truncated) with its index in the message. */
  private List<KeyValue> checked(List<KeyValue> items, String field, KeyValueCheck check) {
    List<KeyValue> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      KeyValue kv = items.get(i);
      String path = field + "[" + i + "]";
      out.add(
          new KeyValue(
              kv.key(), check.check(kv.key(), kv.value(), path, config.truncateLongValues())));
    }
    return out;
  }

  public void logInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
    for (DatasetInput di : datasets) {
      if (di.dataset() == null) {
        throw MlflowException.invalidParameterValue("Dataset cannot be None");
      }
      var d = di.dataset();
      Validation.dataset(d.name(), d.digest(), d.sourceType(), d.source(), d.schema(), d.profile());
      if (di.tags() != null) {
        for (KeyValue t : di.tags()) {
          Validation.inputTag(t.key(), t.value());
        }
      }
    }
    store.logInputs(runId, datasets, modelIds);
  }

  public Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      List<String> orderBy,
      Long maxResults,
      String pageToken) {
    long max = maxResults == null ? 1000 : maxResults;
    if (max > Validation.SEARCH_MAX_RESULTS_THRESHOLD) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied. It must be at most %d",
          max, Validation.SEARCH_MAX_RESULTS_THRESHOLD);
    }
    if (max <= 0) {
      return new Page<>(List.of(), null);
    }
    // only the experiments whose runs the caller may list (access control)
    List<String> visible = scopes.runExperiments(experimentIds);
    if (visible.isEmpty() && !experimentIds.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return store.searchRuns(visible, filter, viewType, orderBy, (int) max, pageToken);
  }

  public Page<Metric> getMetricHistory(
      String runId, String key, Long maxResults, String pageToken) {
    if (maxResults != null && maxResults <= 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer.",
          maxResults);
    }
    Integer max =
        maxResults == null ? null : (int) Math.min(Integer.MAX_VALUE - 1, Math.max(0, maxResults));
    return store.getMetricHistory(runId, key, max, pageToken);
  }

  public List<MetricWithRunId> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Long maxResults, Long startStep, Long endStep) {
    if (runIds.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter 'run_ids'. See the API docs for more information"
              + " about request parameters.");
    }
    if (runIds.size() > MAX_RUNS_GET_METRIC_HISTORY_BULK) {
      throw MlflowException.invalidParameterValue(
          "GetMetricHistoryBulkInterval request must specify at most %d run_ids. Received %d"
              + " run_ids. See the API docs for more information about request parameters.",
          MAX_RUNS_GET_METRIC_HISTORY_BULK, runIds.size());
    }
    long max = maxResults == null ? MAX_RESULTS_PER_RUN : maxResults;
    if (max < 1 || max > MAX_RESULTS_PER_RUN) {
      throw MlflowException.invalidParameterValue(
          "max_results must be between 1 and %d. See the API docs for more information about"
              + " request parameters.",
          MAX_RESULTS_PER_RUN);
    }
    if (startStep != null && endStep != null) {
      if (startStep > endStep) {
        throw MlflowException.invalidParameterValue(
            "end_step must be greater than start_step. Found start_step=%d and end_step=%d.",
            startStep, endStep);
      }
    } else if (startStep != null || endStep != null) {
      throw MlflowException.invalidParameterValue(
          "If either start step or end step are specified, both must be specified.");
    }
    return store.getMetricHistoryBulkInterval(runIds, key, (int) max, startStep, endStep);
  }

  static final int MAX_HISTORY_BULK_RESULTS = 25000;

  /** The web UI's get-history-bulk (ajax only): whole histories of up to 100 runs. */
  public List<MetricWithRunId> getMetricHistoryBulk(
      List<String> runIds, String key, Long maxResults) {
    if (runIds.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "GetMetricHistoryBulk request must specify at least one run_id.");
    }
    if (runIds.size() > MAX_RUNS_GET_METRIC_HISTORY_BULK) {
      throw MlflowException.invalidParameterValue(
          "GetMetricHistoryBulk request cannot specify more than %d run_ids. Received %d run_ids.",
          MAX_RUNS_GET_METRIC_HISTORY_BULK, runIds.size());
    }
    if (key == null) {
      throw MlflowException.invalidParameterValue(
          "GetMetricHistoryBulk request must specify a metric_key.");
    }
    long max =
        maxResults == null
            ? MAX_HISTORY_BULK_RESULTS
            : Math.min(maxResults, MAX_HISTORY_BULK_RESULTS);
    return store.getMetricHistoryBulk(runIds, key, (int) Math.max(0, max));
  }

  public List<DatasetSummary> searchDatasets(List<String> experimentIds) {
    if (experimentIds.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "SearchDatasets request must specify at least one experiment_id.");
    }
    if (experimentIds.size() > MAX_DATASET_SUMMARIES_EXPERIMENTS) {
      throw MlflowException.invalidParameterValue(
          "SearchDatasets request cannot specify more than %d experiment_ids. Received %d"
              + " experiment_ids.",
          MAX_DATASET_SUMMARIES_EXPERIMENTS, experimentIds.size());
    }
    return store.searchDatasets(experimentIds);
  }
}
