package dev.trackway.store;

import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.DatasetSummary;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MetricWithRunId;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.ViewType;
import dev.trackway.domain.auth.ReadScope;
import java.util.List;

/**
 * Persistence of MLflow's tracking entities, named after MLflow's RPCs. Inputs are validated by the
 * service layer; the store enforces what needs the database (existence, lifecycle, write-once
 * params) with MLflow's error codes.
 */
public interface TrackingStore {

  String createExperiment(String name, String artifactLocation, List<KeyValue> tags);

  Experiment getExperiment(String experimentId);

  /** {@code null} when no experiment has this name. */
  Experiment getExperimentByName(String name);

  void deleteExperiment(String experimentId);

  void restoreExperiment(String experimentId);

  void renameExperiment(String experimentId, String newName);

  void setExperimentTag(String experimentId, KeyValue tag);

  void deleteExperimentTag(String experimentId, String key);

  default Page<Experiment> searchExperiments(
      String filter, ViewType viewType, List<String> orderBy, int maxResults, String pageToken) {
    return searchExperiments(filter, viewType, orderBy, maxResults, pageToken, ReadScope.ALL);
  }

  /** The experiments in {@code scope} only (the caller's read scope, applied in SQL). */
  Page<Experiment> searchExperiments(
      String filter,
      ViewType viewType,
      List<String> orderBy,
      int maxResults,
      String pageToken,
      ReadScope scope);

  Run createRun(
      String experimentId, String userId, long startTime, List<KeyValue> tags, String runName);

  Run getRun(String runId);

  RunInfo updateRun(String runId, String status, Long endTime, String runName);

  void deleteRun(String runId);

  void restoreRun(String runId);

  void setTag(String runId, KeyValue tag);

  void deleteTag(String runId, String key);

  void logBatch(String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags);

  void logInputs(String runId, List<DatasetInput> datasets, List<String> modelIds);

  Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      List<String> orderBy,
      int maxResults,
      String pageToken);

  Page<Metric> getMetricHistory(String runId, String key, Integer maxResults, String pageToken);

  List<MetricWithRunId> getMetricHistoryBulkInterval(
      List<String> runIds, String key, int maxResults, Long startStep, Long endStep);

  /** Histories of several runs, ordered by run id, timestamp, step, value; at most maxResults. */
  List<MetricWithRunId> getMetricHistoryBulk(List<String> runIds, String key, int maxResults);

  List<DatasetSummary> searchDatasets(List<String> experimentIds);
}
