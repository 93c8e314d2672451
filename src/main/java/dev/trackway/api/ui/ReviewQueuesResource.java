package dev.trackway.api.ui;

import static dev.trackway.api.ui.UiJson.JSON;
import static dev.trackway.api.ui.UiJson.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trackway.api.Guarded;
import dev.trackway.domain.LabelSchema;
import dev.trackway.domain.Page;
import dev.trackway.domain.ReviewQueue;
import dev.trackway.domain.ReviewQueueItem;
import dev.trackway.service.ReviewQueueService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * What the UI's Review page calls: {@code review-queues/list}, {@code
 * review-queues/get-or-create-user} (the reviewer's own queue, created on first visit, as MLflow),
 * {@code review-queues/items/list} and {@code label-schemas/list} (which creates the experiment's
 * default question on first use, as MLflow), under {@code /api/3.0/mlflow} and {@code
 * /ajax-api/3.0/mlflow}.
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ReviewQueuesResource {

  @Inject ReviewQueueService service;

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/review-queues/list")
  public ObjectNode listQueues(
      @QueryParam("experiment_id") String experimentId,
      @QueryParam("user") String user,
      @QueryParam("max_results") String maxResults,
      @QueryParam("page_token") String pageToken) {
    Page<ReviewQueue> page =
        service.listQueues(experimentId, user, UiJson.maxResults(maxResults), pageToken);
    return UiJson.page("review_queues", page, ReviewQueuesResource::queue, true);
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/review-queues/get-or-create-user")
  public ObjectNode getOrCreateUserQueue(byte[] body) {
    JsonNode req = UiJson.body(body);
    String experimentId = UiJson.anyText(req, "experiment_id", "experimentId");
    String user = UiJson.required("user", UiJson.anyText(req, "user", "user"));
    ObjectNode out = NODES.objectNode();
    out.set("review_queue", queue(service.getOrCreateUserQueue(experimentId, user)));
    return out;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/review-queues/items/list")
  public ObjectNode listItems(
      @QueryParam("queue_id") String queueId,
      @QueryParam("status") String status,
      @QueryParam("max_results") String maxResults,
      @QueryParam("page_token") String pageToken) {
    Page<ReviewQueueItem> page =
        service.listItems(
            UiJson.required("queue_id", queueId), status, UiJson.maxResults(maxResults), pageToken);
    return UiJson.page("items", page, ReviewQueuesResource::item, true);
  }

  static ObjectNode item(ReviewQueueItem i) {
    ObjectNode o = NODES.objectNode();
    o.put("queue_id", i.queueId());
    o.put("item_type", i.itemType());
    o.put("item_id", i.itemId());
    o.put("status", i.status());
    UiJson.putIfSet(o, "completed_by", i.completedBy());
    UiJson.putIfSet(o, "completed_time_ms", i.completedTimeMs());
    o.put("creation_time_ms", i.creationTimeMs());
    o.put("last_update_time_ms", i.lastUpdateTimeMs());
    return o;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/label-schemas/list")
  public ObjectNode listLabelSchemas(
      @QueryParam("experiment_id") String experimentId,
      @QueryParam("max_results") String maxResults,
      @QueryParam("page_token") String pageToken) {
    Page<LabelSchema> page =
        service.listLabelSchemas(experimentId, UiJson.maxResults(maxResults), pageToken);
    return UiJson.page("label_schemas", page, ReviewQueuesResource::labelSchema, true);
  }

  static ObjectNode queue(ReviewQueue q) {
    ObjectNode o = NODES.objectNode();
    o.put("queue_id", q.queueId());
    o.put("experiment_id", q.experimentId());
    o.put("name", q.name());
    o.put("queue_type", q.queueType());
    UiJson.putIfSet(o, "created_by", q.createdBy());
    o.put("creation_time_ms", q.creationTimeMs());
    o.put("last_update_time_ms", q.lastUpdateTimeMs());
    UiJson.putIfAny(o, "users", q.users(), TextNode::valueOf);
    UiJson.putIfAny(o, "schema_ids", q.schemaIds(), TextNode::valueOf);
    return o;
  }

  /** The question; its input as MLflow's proto: {@code {"<kind>": {<settings but unset>}}}. */
  static ObjectNode labelSchema(LabelSchema s) {
    ObjectNode o = NODES.objectNode();
    o.put("schema_id", s.schemaId());
    o.put("experiment_id", s.experimentId());
    o.put("name", s.name());
    o.put("type", s.type());
    UiJson.putIfSet(o, "instruction", s.instruction());
    o.put("enable_comment", s.enableComment());
    ObjectNode settings = NODES.objectNode();
    try {
      JsonNode config = s.inputConfig() == null ? null : JSON.readTree(s.inputConfig());
      if (config != null && config.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().isNull()) {
            settings.set(e.getKey(), e.getValue());
          }
        }
      }
    } catch (IOException e) {
      // unreadable settings: the kind alone
    }
    o.putObject("input").set(s.inputType(), settings);
    UiJson.putIfSet(o, "created_by", s.createdBy());
    o.put("created_at", s.createdAt());
    o.put("last_updated_at", s.lastUpdatedAt());
    o.put("is_default", s.isDefault());
    return o;
  }
}
