package dev.trackway.store;

import dev.trackway.domain.LabelSchema;
import dev.trackway.domain.Page;
import dev.trackway.domain.ReviewQueue;
import dev.trackway.domain.ReviewQueueItem;

/**
 * MLflow's review queues and label schemas, as far as the UI's Review page uses them: listing, a
 * reviewer's own queue (created on first use) and the experiment's default question.
 */
public interface ReviewQueueStore {

  /** Queues of an experiment, newest first; those {@code user} is assigned to when given. */
  Page<ReviewQueue> listQueues(String experimentId, String user, int maxResults, String pageToken);

  /** The user's own queue in the experiment, created when it does not exist yet. */
  ReviewQueue getOrCreateUserQueue(String experimentId, String user);

  /** Items of a queue, newest first; RESOURCE_DOES_NOT_EXIST for an unknown queue. */
  Page<ReviewQueueItem> listItems(String queueId, String status, int maxResults, String pageToken);

  /**
   * Label schemas of an experiment, newest first; the experiment's default question ("Feedback") is
   * created on first use, as MLflow does.
   */
  Page<LabelSchema> listLabelSchemas(String experimentId, int maxResults, String pageToken);
}
