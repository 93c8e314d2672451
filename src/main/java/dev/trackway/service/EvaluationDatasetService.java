package dev.trackway.service;

import dev.trackway.domain.EvaluationDataset;
import dev.trackway.domain.EvaluationDatasetRecord;
import dev.trackway.domain.Page;
import dev.trackway.error.MlflowException;
import dev.trackway.store.EvaluationDatasetStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * MLflow's evaluation datasets (GenAI), read side: what the UI's Datasets pages call. Creating
 * datasets and records is not served yet (docs/compatibility.md).
 */
@ApplicationScoped
public class EvaluationDatasetService {
  static final int DEFAULT_MAX_RESULTS = 1000;

  @Inject EvaluationDatasetStore store;

  public Page<EvaluationDataset> searchDatasets(
      List<String> experimentIds,
      String filter,
      Long maxResults,
      List<String> orderBy,
      String pageToken) {
    long max = maxResults == null || maxResults == 0 ? DEFAULT_MAX_RESULTS : maxResults;
    Validation.maxResults(max);
    return store.searchDatasets(experimentIds, filter, (int) max, orderBy, pageToken);
  }

  public EvaluationDataset getDataset(String datasetId) {
    return store.getDataset(datasetId);
  }

  public Page<EvaluationDatasetRecord> getRecords(
      String datasetId, Long maxResults, String pageToken) {
    long max = maxResults == null || maxResults == 0 ? DEFAULT_MAX_RESULTS : maxResults;
    if (max < 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied.", max);
    }
    return store.getRecords(datasetId, (int) Math.min(max, Integer.MAX_VALUE - 1), pageToken);
  }
}
