package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.LoggedModelStatus;
import dev.trackway.domain.Page;
import dev.trackway.service.LoggedModelService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MLflow 3's logged-model RPCs ({@code MlflowService}: CreateLoggedModel, GetLoggedModel,
 * FinalizeLoggedModel, DeleteLoggedModel, SearchLoggedModels, SetLoggedModelTags,
 * DeleteLoggedModelTag, LogLoggedModelParams). As in MLflow, the model id of the path is the one
 * acted on, while finalize and log-params also require it in the body.
 */
@Path(Prefixes.V2 + "/logged-models")
@Produces(MediaType.APPLICATION_JSON)
public class LoggedModelsResource {
  private static final String CT = "Content-Type";

  @Inject LoggedModelService service;

  @POST
  public Map<String, Object> createLoggedModel(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String experimentId = req.requiredString("experiment_id");
    String name = req.string("name");
    String modelType = req.string("model_type");
    String sourceRunId = req.string("source_run_id");
    List<KeyValue> params = keyValues(req, "params");
    List<KeyValue> tags = keyValues(req, "tags");
    LoggedModel model =
        service.createLoggedModel(
            experimentId,
            name,
            modelType == null ? "" : modelType,
            sourceRunId == null ? "" : sourceRunId,
            params,
            tags);
    return Resp.of("model", model);
  }

  @POST
  @Path("/search")
  public Map<String, Object> searchLoggedModels(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    if (!req.has("experiment_ids")) {
      throw Req.missing("experiment_ids");
    }
    List<String> experimentIds = req.strings("experiment_ids");
    String filter = req.string("filter");
    List<LoggedModelDatasetFilter> datasets = new ArrayList<>();
    for (Req d : req.messages("datasets")) {
      String digest = d.string("dataset_digest");
      datasets.add(
          new LoggedModelDatasetFilter(
              d.string("dataset_name"), digest == null || digest.isEmpty() ? null : digest));
    }
    Long max = req.int64("max_results");
    List<LoggedModelOrderBy> orderBy = new ArrayList<>();
    for (Req o : req.messages("order_by")) {
      Boolean asc = o.bool("ascending");
      String dn = o.string("dataset_name");
      String dd = o.string("dataset_digest");
      orderBy.add(
          new LoggedModelOrderBy(
              ModelRegistryResource.orEmpty(o.string("field_name")),
              asc == null || asc,
              dn == null || dn.isEmpty() ? null : dn,
              dd == null || dd.isEmpty() ? null : dd));
    }
    String pageToken = req.string("page_token");
    Page<LoggedModel> page =
        service.searchLoggedModels(
            experimentIds,
            filter == null || filter.isEmpty() ? null : filter,
            datasets,
            max,
            orderBy,
            pageToken == null || pageToken.isEmpty() ? null : pageToken);
    return Resp.of("models", page.items(), "next_page_token", page.nextPageToken());
  }

  @GET
  @Path("/{model_id}")
  public Map<String, Object> getLoggedModel(
      @PathParam("model_id") String modelId, @QueryParam("allow_deleted") String allowDeleted) {
    boolean allow = allowDeleted != null && allowDeleted.equalsIgnoreCase("true");
    return Resp.of("model", service.getLoggedModel(modelId, allow));
  }

  @PATCH
  @Path("/{model_id}")
  public Map<String, Object> finalizeLoggedModel(
      @PathParam("model_id") String modelId, @HeaderParam(CT) String ct, String body) {
    Req req = Req.body("PATCH", ct, body);
    req.requiredString("model_id");
    JsonNode status = req.field("status");
    if (status == null || status.isNull() || (status.isTextual() && status.textValue().isEmpty())) {
      throw Req.missing("status");
    }
    return Resp.of("model", service.finalizeLoggedModel(modelId, status(status)));
  }

  /** A LoggedModelStatus by proto name or number. */
  static int status(JsonNode v) {
    if (v.isTextual()) {
      for (LoggedModelStatus s : LoggedModelStatus.values()) {
        if (s.name().equals(v.textValue())) {
          return s.number();
        }
      }
      try {
        int n = Integer.parseInt(v.textValue().trim());
        if (isStatusNumber(n)) {
          return n;
        }
      } catch (NumberFormatException e) {
        // the type error below
      }
    } else if (v.isIntegralNumber() && isStatusNumber(v.asInt())) {
      return v.asInt();
    }
    throw Req.typeError("status", v);
  }

  private static boolean isStatusNumber(int n) {
    return n >= 0 && n < LoggedModelStatus.values().length;
  }

  @DELETE
  @Path("/{model_id}")
  public Map<String, Object> deleteLoggedModel(@PathParam("model_id") String modelId) {
    service.deleteLoggedModel(modelId);
    return Resp.empty();
  }

  @POST
  @Path("/{model_id}/params")
  public Map<String, Object> logLoggedModelParams(
      @PathParam("model_id") String modelId, @HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    req.requiredString("model_id");
    service.logLoggedModelParams(modelId, keyValues(req, "params"));
    return Resp.empty();
  }

  @PATCH
  @Path("/{model_id}/tags")
  public Map<String, Object> setLoggedModelTags(
      @PathParam("model_id") String modelId, @HeaderParam(CT) String ct, String body) {
    Req req = Req.body("PATCH", ct, body);
    service.setLoggedModelTags(modelId, keyValues(req, "tags"));
    return Resp.empty();
  }

  @DELETE
  @Path("/{model_id}/tags/{tag_key}")
  public Map<String, Object> deleteLoggedModelTag(
      @PathParam("model_id") String modelId, @PathParam("tag_key") String tagKey) {
    service.deleteLoggedModelTag(modelId, tagKey);
    return Resp.empty();
  }

  /** Logged-model params / tags: {key, value}, an absent field being the empty string. */
  static List<KeyValue> keyValues(Req req, String field) {
    return req.messages(field).stream()
        .map(
            t ->
                new KeyValue(
                    ModelRegistryResource.orEmpty(t.string("key")),
                    ModelRegistryResource.orEmpty(t.string("value"))))
        .toList();
  }
}
