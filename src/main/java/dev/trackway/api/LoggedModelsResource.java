package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.response.CreateLoggedModelResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.FinalizeLoggedModelResponse;
import dev.trackway.api.response.GetLoggedModelResponse;
import dev.trackway.api.response.SearchLoggedModelsResponse;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.LoggedModelStatus;
import dev.trackway.domain.Page;
import dev.trackway.service.LoggedModelService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * MLflow 3's logged-model RPCs ({@code MlflowService}: CreateLoggedModel, GetLoggedModel,
 * FinalizeLoggedModel, DeleteLoggedModel, SearchLoggedModels, SetLoggedModelTags,
 * DeleteLoggedModelTag, LogLoggedModelParams) and LogOutputs, which records logged models as
 * outputs of a run (shown by runs/get as {@code outputs.model_outputs}). As in MLflow, the model id
 * of the path is the one acted on, while finalize and log-params also require it in the body.
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LoggedModelsResource {
  @Inject LoggedModelService service;

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models")
  public CreateLoggedModelResponse createLoggedModel(Req req) {
    LoggedModel model =
        service.createLoggedModel(
            req.requiredString("experiment_id"),
            req.string("name"),
            req.stringOrEmpty("model_type"),
            req.stringOrEmpty("source_run_id"),
            Messages.keyValuesOrEmpty(req, "params"),
            Messages.keyValuesOrEmpty(req, "tags"));
    return new CreateLoggedModelResponse(model);
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/search")
  public SearchLoggedModelsResponse searchLoggedModels(Req req) {
    req.require("experiment_ids");
    Page<LoggedModel> page =
        service.searchLoggedModels(
            req.strings("experiment_ids"),
            req.nonEmptyString("filter"),
            Messages.datasetFilters(req),
            req.int64("max_results"),
            Messages.loggedModelOrderBy(req),
            req.nonEmptyString("page_token"));
    return new SearchLoggedModelsResponse(page.items(), page.nextPageToken());
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}")
  public GetLoggedModelResponse getLoggedModel(
      @PathParam("model_id") String modelId, @QueryParam("allow_deleted") String allowDeleted) {
    boolean allow = allowDeleted != null && allowDeleted.equalsIgnoreCase("true");
    return new GetLoggedModelResponse(service.getLoggedModel(modelId, allow));
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}")
  public FinalizeLoggedModelResponse finalizeLoggedModel(
      @PathParam("model_id") String modelId, Req req) {
    req.requiredString("model_id");
    JsonNode status = req.field("status");
    if (status == null || status.isNull() || (status.isTextual() && status.textValue().isEmpty())) {
      throw Req.missing("status");
    }
    return new FinalizeLoggedModelResponse(service.finalizeLoggedModel(modelId, status(status)));
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
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}")
  public EmptyResponse deleteLoggedModel(@PathParam("model_id") String modelId) {
    service.deleteLoggedModel(modelId);
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}/params")
  public EmptyResponse logLoggedModelParams(@PathParam("model_id") String modelId, Req req) {
    req.requiredString("model_id");
    service.logLoggedModelParams(modelId, Messages.keyValuesOrEmpty(req, "params"));
    return EmptyResponse.INSTANCE;
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}/tags")
  public EmptyResponse setLoggedModelTags(@PathParam("model_id") String modelId, Req req) {
    service.setLoggedModelTags(modelId, Messages.keyValuesOrEmpty(req, "tags"));
    return EmptyResponse.INSTANCE;
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}/tags/{tag_key}")
  public EmptyResponse deleteLoggedModelTag(
      @PathParam("model_id") String modelId, @PathParam("tag_key") String tagKey) {
    service.deleteLoggedModelTag(modelId, tagKey);
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/outputs")
  public EmptyResponse logOutputs(Req req) {
    String runId = req.requiredString("run_id");
    req.require("models");
    service.logOutputs(runId, Messages.modelOutputs(req));
    return EmptyResponse.INSTANCE;
  }
}
