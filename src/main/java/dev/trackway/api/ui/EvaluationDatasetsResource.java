package dev.trackway.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.compat.PyJson;
import dev.trackway.domain.EvaluationDataset;
import dev.trackway.domain.EvaluationDatasetRecord;
import dev.trackway.domain.Page;
import dev.trackway.error.MlflowException;
import dev.trackway.service.EvaluationDatasetService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MLflow's evaluation datasets as the UI reads them: {@code datasets/search} (POST with a JSON
 * body, or GET with the same fields as query parameters), {@code datasets/<id>} and {@code
 * datasets/<id>/records}, under {@code /api/3.0/mlflow} and {@code /ajax-api/3.0/mlflow}.
 */
@Path("/")
public class EvaluationDatasetsResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Inject EvaluationDatasetService service;

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/search")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode searchPost(byte[] body) {
    JsonNode req;
    try {
      req = body == null || body.length == 0 ? NODES.objectNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid JSON in request body: %s", e.getMessage());
    }
    if (req == null || req.isNull()) {
      req = NODES.objectNode();
    }
    if (!req.isObject()) {
      throw MlflowException.invalidParameterValue("The request body must be a JSON object.");
    }
    return search(
        strings(req, "experiment_ids", "experimentIds"),
        text(req, "filter_string", "filterString"),
        longValue(req, "max_results", "maxResults"),
        strings(req, "order_by", "orderBy"),
        text(req, "page_token", "pageToken"));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/search")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode searchGet(@Context UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String max = q.getFirst("max_results");
    Long maxResults;
    try {
      maxResults = max == null || max.isEmpty() ? null : Long.parseLong(max.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter 'max_results' supplied.", max);
    }
    return search(
        q.getOrDefault("experiment_ids", List.of()),
        q.getFirst("filter_string"),
        maxResults,
        q.getOrDefault("order_by", List.of()),
        q.getFirst("page_token"));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/{dataset_id}")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode get(@PathParam("dataset_id") String datasetId) {
    ObjectNode out = NODES.objectNode();
    out.set("dataset", dataset(service.getDataset(datasetId)));
    return out;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/{dataset_id}/records")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode records(@PathParam("dataset_id") String datasetId, @Context UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    String max = q.getFirst("max_results");
    Long maxResults;
    try {
      maxResults = max == null || max.isEmpty() ? null : Long.parseLong(max.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter 'max_results' supplied.", max);
    }
    Page<EvaluationDatasetRecord> page =
        service.getRecords(datasetId, maxResults, q.getFirst("page_token"));
    ArrayNode records = NODES.arrayNode();
    for (EvaluationDatasetRecord r : page.items()) {
      records.add(record(r));
    }
    ObjectNode out = NODES.objectNode();
    out.put("records", PyJson.dumps(records));
    if (page.nextPageToken() != null) {
      out.put("next_page_token", page.nextPageToken());
    }
    return out;
  }

  private ObjectNode search(
      List<String> experimentIds,
      String filter,
      Long maxResults,
      List<String> orderBy,
      String pageToken) {
    Page<EvaluationDataset> page =
        service.searchDatasets(experimentIds, filter, maxResults, orderBy, pageToken);
    ObjectNode out = NODES.objectNode();
    if (!page.items().isEmpty()) {
      ArrayNode list = out.putArray("datasets");
      for (EvaluationDataset d : page.items()) {
        list.add(dataset(d));
      }
    }
    if (page.nextPageToken() != null) {
      out.put("next_page_token", page.nextPageToken());
    }
    return out;
  }

  /** MLflow's {@code Dataset} message; {@code tags} is a JSON object as text. */
  static ObjectNode dataset(EvaluationDataset d) {
    ObjectNode o = NODES.objectNode();
    o.put("dataset_id", d.datasetId());
    o.put("name", d.name());
    ObjectNode tags = NODES.objectNode();
    if (d.tags() != null) {
      for (Map.Entry<String, String> e : d.tags().entrySet()) {
        tags.put(e.getKey(), e.getValue());
      }
    }
    o.put("tags", PyJson.dumps(tags));
    putIfSet(o, "schema", d.schema());
    putIfSet(o, "profile", d.profile());
    putIfSet(o, "digest", d.digest());
    if (d.createdTime() != null) {
      o.put("created_time", d.createdTime());
    }
    if (d.lastUpdateTime() != null) {
      o.put("last_update_time", d.lastUpdateTime());
    }
    putIfSet(o, "created_by", d.createdBy());
    putIfSet(o, "last_updated_by", d.lastUpdatedBy());
    return o;
  }

  /** A record as MLflow's {@code DatasetRecord.to_dict} writes it (JSON columns parsed). */
  static ObjectNode record(EvaluationDatasetRecord r) {
    ObjectNode o = NODES.objectNode();
    o.put("dataset_record_id", r.datasetRecordId());
    o.put("dataset_id", r.datasetId());
    o.set("inputs", parse(r.inputs()));
    if (r.expectations() != null) {
      o.set("expectations", parse(r.expectations()));
    }
    JsonNode tags = r.tags() == null ? NODES.objectNode() : parse(r.tags());
    o.set("tags", tags.isNull() ? NODES.objectNode() : tags);
    JsonNode source = r.source() == null ? null : parse(r.source());
    String sourceId = r.sourceId();
    String sourceType = null;
    if (source != null && source.isObject()) {
      o.set("source", source);
      sourceType = source.path("source_type").asText(null);
      if (sourceId == null || sourceId.isEmpty()) {
        JsonNode data = source.path("source_data");
        sourceId = data.path("TRACE".equals(sourceType) ? "trace_id" : "source_id").asText(null);
      }
    }
    if (sourceId != null && !sourceId.isEmpty()) {
      o.put("source_id", sourceId);
    }
    if (sourceType != null) {
      o.put("source_type", sourceType);
    }
    if (r.createdTime() != null) {
      o.put("created_time", r.createdTime());
    }
    if (r.lastUpdateTime() != null) {
      o.put("last_update_time", r.lastUpdateTime());
    }
    putIfSet(o, "created_by", r.createdBy());
    putIfSet(o, "last_updated_by", r.lastUpdatedBy());
    if (r.outputs() != null) {
      JsonNode outputs = parse(r.outputs());
      JsonNode wrapped = outputs.isObject() ? outputs.get("mlflow_wrapped") : null;
      if (wrapped != null && !wrapped.isNull()) {
        o.set("outputs", wrapped);
      }
    }
    return o;
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return NODES.nullNode();
    }
    try {
      JsonNode n = JSON.readTree(json);
      // a JSON column holding a JSON string (double encoded by some writers) is read as MLflow
      // reads it through SQLAlchemy: once
      return n == null ? NODES.nullNode() : n;
    } catch (IOException e) {
      return NODES.textNode(json);
    }
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static List<String> strings(JsonNode req, String name, String camel) {
    JsonNode n = req.has(name) ? req.get(name) : req.get(camel);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (!n.isArray()) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter '%s' supplied.", n, name);
    }
    for (JsonNode v : n) {
      out.add(v.asText());
    }
    return out;
  }

  private static String text(JsonNode req, String name, String camel) {
    JsonNode n = req.has(name) ? req.get(name) : req.get(camel);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter '%s' supplied.", n, name);
    }
    return n.asText();
  }

  private static Long longValue(JsonNode req, String name, String camel) {
    JsonNode n = req.has(name) ? req.get(name) : req.get(camel);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText().trim());
      } catch (NumberFormatException e) {
        // falls through
      }
    }
    throw MlflowException.invalidParameterValue(
        "Invalid value \"%s\" for parameter '%s' supplied.", n, name);
  }
}
