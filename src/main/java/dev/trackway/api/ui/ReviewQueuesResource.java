package dev.trackway.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.domain.LabelSchema;
import dev.trackway.domain.Page;
import dev.trackway.domain.ReviewQueue;
import dev.trackway.domain.ReviewQueueItem;
import dev.trackway.error.MlflowException;
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
@Path("/")
public class ReviewQueuesResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Inject ReviewQueueService service;

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/review-queues/list")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode listQueues(
      @QueryParam("experiment_id") String experimentId,
      @QueryParam("user") String user,
      @QueryParam("max_results") String maxResults,
      @QueryParam("page_token") String pageToken) {
    Page<ReviewQueue> page =
        service.listQueues(experimentId, user, longParam(maxResults), pageToken);
    ObjectNode out = NODES.objectNode();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray("review_queues");
      page.items().forEach(q -> list.add(queue(q)));
    }
    out.put("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    return out;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/review-queues/get-or-create-user")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode getOrCreateUserQueue(byte[] body) {
    JsonNode req;
    try {
      req = body == null || body.length == 0 ? NODES.objectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid JSON in request body: %s", e.getMessage());
    }
    String experimentId = text(req, "experiment_id", "experimentId");
    String user = text(req, "user", "user");
    if (user == null) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter 'user'. See the API docs for more information"
              + " about request parameters.");
    }
    ObjectNode out = NODES.objectNode();
    out.set("review_queue", queue(service.getOrCreateUserQueue(experimentId, user)));
    return out;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/review-queues/items/list")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode listItems(
      @QueryParam("queue_id") String queueId,
      @QueryParam("status") String status,
      @QueryParam("max_results") String maxResults,
      @QueryParam("page_token") String pageToken) {
    if (queueId == null || queueId.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter 'queue_id'. See the API docs for more"
              + " information about request parameters.");
    }
    Page<ReviewQueueItem> page =
        service.listItems(queueId, status, longParam(maxResults), pageToken);
    ObjectNode out = NODES.objectNode();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray("items");
      for (ReviewQueueItem i : page.items()) {
        ObjectNode o = list.addObject();
        o.put("queue_id", i.queueId());
        o.put("item_type", i.itemType());
        o.put("item_id", i.itemId());
        o.put("status", i.status());
        if (i.completedBy() != null) {
          o.put("completed_by", i.completedBy());
        }
        if (i.completedTimeMs() != null) {
          o.put("completed_time_ms", i.completedTimeMs());
        }
        o.put("creation_time_ms", i.creationTimeMs());
        o.put("last_update_time_ms", i.lastUpdateTimeMs());
      }
    }
    out.put("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    return out;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/label-schemas/list")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode listLabelSchemas(
      @QueryParam("experiment_id") String experimentId,
      @QueryParam("max_results") String maxResults,
      @QueryParam("page_token") String pageToken) {
    Page<LabelSchema> page =
        service.listLabelSchemas(experimentId, longParam(maxResults), pageToken);
    ObjectNode out = NODES.objectNode();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray("label_schemas");
      page.items().forEach(s -> list.add(labelSchema(s)));
    }
    out.put("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    return out;
  }

  static ObjectNode queue(ReviewQueue q) {
    ObjectNode o = NODES.objectNode();
    o.put("queue_id", q.queueId());
    o.put("experiment_id", q.experimentId());
    o.put("name", q.name());
    o.put("queue_type", q.queueType());
    if (q.createdBy() != null) {
      o.put("created_by", q.createdBy());
    }
    o.put("creation_time_ms", q.creationTimeMs());
    o.put("last_update_time_ms", q.lastUpdateTimeMs());
    if (!q.users().isEmpty()) {
      ArrayNode users = o.putArray("users");
      q.users().forEach(users::add);
    }
    if (!q.schemaIds().isEmpty()) {
      ArrayNode ids = o.putArray("schema_ids");
      q.schemaIds().forEach(ids::add);
    }
    return o;
  }

  /** The question; its input as MLflow's proto: {@code {"<kind>": {<settings but unset>}}}. */
  static ObjectNode labelSchema(LabelSchema s) {
    ObjectNode o = NODES.objectNode();
    o.put("schema_id", s.schemaId());
    o.put("experiment_id", s.experimentId());
    o.put("name", s.name());
    o.put("type", s.type());
    if (s.instruction() != null) {
      o.put("instruction", s.instruction());
    }
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
    if (s.createdBy() != null) {
      o.put("created_by", s.createdBy());
    }
    o.put("created_at", s.createdAt());
    o.put("last_updated_at", s.lastUpdatedAt());
    o.put("is_default", s.isDefault());
    return o;
  }

  private static String text(JsonNode req, String name, String camel) {
    JsonNode n = req.has(name) ? req.get(name) : req.get(camel);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Long longParam(String v) {
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter 'max_results' supplied.", v);
    }
  }
}
