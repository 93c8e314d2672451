package dev.trackway.service;

import dev.trackway.domain.LabelSchema;
import dev.trackway.domain.Page;
import dev.trackway.domain.ReviewQueue;
import dev.trackway.domain.ReviewQueueItem;
import dev.trackway.error.MlflowException;
import dev.trackway.store.ReviewQueueStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Set;

/**
 * The part of MLflow's review queues and label schemas that the UI's Review page uses: a reviewer's
 * own queue (created on first visit), the listings, and the experiment's default question. Creating
 * custom queues and questions, and adding traces, is not served yet.
 */
@ApplicationScoped
public class ReviewQueueService {
  static final int USER_MAX_LENGTH = 250;
  static final int DEFAULT_MAX_RESULTS = 1000;
  static final int LABEL_SCHEMAS_DEFAULT_MAX_RESULTS = 100;
  static final Set<String> STATUSES = Set.of("PENDING", "COMPLETE", "DECLINED");

  @Inject ReviewQueueStore store;
  @Inject TrackingService tracking;

  public Page<ReviewQueue> listQueues(
      String experimentId, String user, Long maxResults, String pageToken) {
    experiment(experimentId);
    return store.listQueues(
        experimentId,
        user == null ? null : normalizeUser(user),
        max(maxResults, DEFAULT_MAX_RESULTS),
        pageToken);
  }

  public ReviewQueue getOrCreateUserQueue(String experimentId, String user) {
    experiment(experimentId);
    return store.getOrCreateUserQueue(experimentId, normalizeUser(user));
  }

  public Page<ReviewQueueItem> listItems(
      String queueId, String status, Long maxResults, String pageToken) {
    String s = status == null ? null : status.trim().toUpperCase(Locale.ROOT);
    if (s != null && !STATUSES.contains(s)) {
      throw MlflowException.invalidParameterValue(
          "`status` must be one of ['pending', 'complete', 'declined']; got '%s'.", status);
    }
    return store.listItems(queueId, s, max(maxResults, DEFAULT_MAX_RESULTS), pageToken);
  }

  public Page<LabelSchema> listLabelSchemas(
      String experimentId, Long maxResults, String pageToken) {
    experiment(experimentId);
    return store.listLabelSchemas(
        experimentId, max(maxResults, LABEL_SCHEMAS_DEFAULT_MAX_RESULTS), pageToken);
  }

  private void experiment(String experimentId) {
    if (experimentId == null || experimentId.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter 'experiment_id'. See the API docs for more"
              + " information about request parameters.");
    }
    tracking.getExperiment(experimentId); // RESOURCE_DOES_NOT_EXIST, or the invalid-id error
  }

  static String normalizeUser(String user) {
    String u = user == null ? "" : user.strip().toLowerCase(Locale.ROOT);
    if (u.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "`user` must be a non-empty string; got '%s'.", user == null ? "" : user);
    }
    if (u.length() > USER_MAX_LENGTH) {
      throw MlflowException.invalidParameterValue(
          "`user` must be at most %d characters; got %d.", USER_MAX_LENGTH, u.length());
    }
    return u;
  }

  private static int max(Long maxResults, int dflt) {
    if (maxResults == null) {
      return dflt;
    }
    if (maxResults < 1 || maxResults > Validation.SEARCH_MAX_RESULTS_THRESHOLD) {
      throw MlflowException.invalidParameterValue(
          "max_results must be between 1 and %d.", Validation.SEARCH_MAX_RESULTS_THRESHOLD);
    }
    return maxResults.intValue();
  }
}
