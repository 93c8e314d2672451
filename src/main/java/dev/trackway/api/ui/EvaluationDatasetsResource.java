package dev.trackway.api.ui;

import static dev.trackway.api.ui.UiJson.JSON;
import static dev.trackway.api.ui.UiJson.NODES;
import static dev.trackway.api.ui.UiJson.putIfSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.compat.PyJson;
import dev.trackway.domain.EvaluationDataset;
import dev.trackway.domain.EvaluationDatasetRecord;
import dev.trackway.domain.Page;
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
import java.util.List;
import java.util.Map;

/**
 * MLflow's evaluation datasets as the UI reads them: {@code datasets/search} (POST with a JSON
 * body, or GET with the same fields as query parameters), {@code datasets/<id>} and {@code
 * datasets/<id>/records}, under {@code /api/3.0/mlflow} and {@code /ajax-api/3.0/mlflow}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class EvaluationDatasetsResource {

  @Inject EvaluationDatasetService service;

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/search")
  public ObjectNode searchPost(byte[] body) {
    JsonNode req = UiJson.body(body);
    return search(
        UiJson.strings(req, "experiment_ids", "experimentIds"),
        UiJson.text(req, "filter_string", "filterString"),
        UiJson.longValue(req, "max_results", "maxResults"),
        UiJson.strings(req, "order_by", "orderBy"),
        UiJson.text(req, "page_token", "pageToken"));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/search")
  public ObjectNode searchGet(@Context UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    return search(
        q.getOrDefault("experiment_ids", List.of()),
        q.getFirst("filter_string"),
        UiJson.maxResults(q.getFirst("max_results")),
        q.getOrDefault("order_by", List.of()),
        q.getFirst("page_token"));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/{dataset_id}")
  public ObjectNode get(@PathParam("dataset_id") String datasetId) {
    ObjectNode out = NODES.objectNode();
    out.set("dataset", dataset(service.getDataset(datasetId)));
    return out;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/datasets/{dataset_id}/records")
  public ObjectNode records(@PathParam("dataset_id") String datasetId, @Context UriInfo uri) {
    MultivaluedMap<String, String> q = uri.getQueryParameters();
    Long maxResults = UiJson.maxResults(q.getFirst("max_results"));
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
    return UiJson.page("datasets", page, EvaluationDatasetsResource::dataset, false);
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
    putIfSet(o, "created_time", d.createdTime());
    putIfSet(o, "last_update_time", d.lastUpdateTime());
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
    putIfSet(o, "created_time", r.createdTime());
    putIfSet(o, "last_update_time", r.lastUpdateTime());
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
}
