package dev.trackway.store;

import dev.trackway.domain.EvaluationDataset;
import dev.trackway.domain.EvaluationDatasetRecord;
import dev.trackway.domain.Page;
import java.util.List;

/** Reads MLflow's evaluation datasets (read-only: Trackway does not create them yet). */
public interface EvaluationDatasetStore {

  /**
   * MLflow's {@code search_datasets}: datasets associated with any of {@code experimentIds} (all
   * when empty), filtered, ordered ({@code created_time DESC} by default, {@code dataset_id DESC}
   * last), one page of {@code maxResults}.
   */
  Page<EvaluationDataset> searchDatasets(
      List<String> experimentIds,
      String filter,
      int maxResults,
      List<String> orderBy,
      String pageToken);

  /** One dataset; RESOURCE_DOES_NOT_EXIST when there is none. */
  EvaluationDataset getDataset(String datasetId);

  /** Records of a dataset by {@code (created_time, dataset_record_id)}, one page. */
  Page<EvaluationDatasetRecord> getRecords(String datasetId, int maxResults, String pageToken);
}
