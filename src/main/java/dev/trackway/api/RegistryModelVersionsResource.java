package dev.trackway.api;

import dev.trackway.api.response.CreateModelVersionResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.GetModelVersionDownloadUriResponse;
import dev.trackway.api.response.GetModelVersionResponse;
import dev.trackway.api.response.SearchModelVersionsResponse;
import dev.trackway.api.response.TransitionModelVersionStageResponse;
import dev.trackway.api.response.UpdateModelVersionResponse;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.service.ModelRegistryService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * MLflow's model-version RPCs ({@code ModelRegistryService}: CreateModelVersion ...
 * SearchModelVersions, tags, TransitionModelVersionStage, GetModelVersionDownloadUri).
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryModelVersionsResource {
  @Inject ModelRegistryService service;

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/create")
  public CreateModelVersionResponse createModelVersion(Req req) {
    ModelVersion mv =
        service.createModelVersion(
            req.requiredString("name"),
            req.requiredString("source"),
            req.stringOrEmpty("run_id"),
            req.has("run_id"),
            Messages.keyValuesOrEmpty(req, "tags"),
            req.stringOrEmpty("run_link"),
            req.stringOrEmpty("description"),
            req.stringOrEmpty("model_id"),
            req.has("model_id"));
    return new CreateModelVersionResponse(mv);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/get")
  public GetModelVersionResponse getModelVersion(@Context UriInfo uri) {
    Req req = Req.query(uri);
    ModelVersion mv =
        service.getModelVersion(req.requiredString("name"), req.requiredString("version"));
    return new GetModelVersionResponse(mv);
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/update")
  public UpdateModelVersionResponse updateModelVersion(Req req) {
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    // as MLflow: no description in the request clears it
    String description = req.has("description") ? req.string("description") : null;
    return new UpdateModelVersionResponse(service.updateModelVersion(name, version, description));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/transition-stage")
  public TransitionModelVersionStageResponse transitionModelVersionStage(Req req) {
    String name = req.requiredString("name");
    String version = req.requiredString("version");
    String stage = req.requiredString("stage");
    Boolean archive = req.bool("archive_existing_versions");
    return new TransitionModelVersionStageResponse(
        service.transitionModelVersionStage(name, version, stage, archive != null && archive));
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/delete")
  public EmptyResponse deleteModelVersion(Req req) {
    service.deleteModelVersion(req.requiredString("name"), req.requiredString("version"));
    return EmptyResponse.INSTANCE;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/get-download-uri")
  public GetModelVersionDownloadUriResponse getModelVersionDownloadUri(@Context UriInfo uri) {
    // MLflow's handler has no required-field checks here: the store's checks answer
    Req req = Req.query(uri);
    return new GetModelVersionDownloadUriResponse(
        service.getModelVersionDownloadUri(
            req.stringOrEmpty("name"), req.stringOrEmpty("version")));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/search")
  public SearchModelVersionsResponse searchModelVersions(@Context UriInfo uri) {
    Req req = Req.query(uri, "order_by");
    String filter = req.string("filter");
    Long max =
        ModelRegistryResource.maxResults(req, ModelRegistryService.SEARCH_MODEL_VERSIONS_MAX);
    Page<ModelVersion> page =
        service.searchModelVersions(
            filter, max, req.strings("order_by"), req.nonEmptyString("page_token"));
    return new SearchModelVersionsResponse(page.items(), page.nextPageToken());
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/set-tag")
  public EmptyResponse setModelVersionTag(Req req) {
    service.setModelVersionTag(
        req.requiredString("name"),
        req.requiredString("version"),
        req.requiredString("key"),
        req.stringOrEmpty("value"));
    return EmptyResponse.INSTANCE;
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/model-versions/delete-tag")
  public EmptyResponse deleteModelVersionTag(Req req) {
    service.deleteModelVersionTag(
        req.requiredString("name"), req.requiredString("version"), req.requiredString("key"));
    return EmptyResponse.INSTANCE;
  }
}
