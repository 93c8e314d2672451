package dev.trackway.api;

import dev.trackway.api.response.CreateRegisteredModelResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.GetLatestVersionsResponse;
import dev.trackway.api.response.GetModelVersionByAliasResponse;
import dev.trackway.api.response.GetRegisteredModelResponse;
import dev.trackway.api.response.RenameRegisteredModelResponse;
import dev.trackway.api.response.SearchRegisteredModelsResponse;
import dev.trackway.api.response.UpdateRegisteredModelResponse;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
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
 * MLflow's registered-model RPCs ({@code ModelRegistryService}: CreateRegisteredModel ...
 * SearchRegisteredModels, tags, aliases, GetLatestVersions). Deletes carry their parameters in a
 * JSON body, as MLflow's client sends them.
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ModelRegistryResource {
  @Inject ModelRegistryService service;

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/create")
  public CreateRegisteredModelResponse createRegisteredModel(Req req) {
    RegisteredModel model =
        service.createRegisteredModel(
            req.requiredString("name"),
            Messages.keyValuesOrEmpty(req, "tags"),
            req.stringOrEmpty("description"));
    return new CreateRegisteredModelResponse(model);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/get")
  public GetRegisteredModelResponse getRegisteredModel(@Context UriInfo uri) {
    String name = Req.query(uri).requiredString("name");
    return new GetRegisteredModelResponse(service.getRegisteredModel(name));
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/update")
  public UpdateRegisteredModelResponse updateRegisteredModel(Req req) {
    RegisteredModel model =
        service.updateRegisteredModel(req.requiredString("name"), req.stringOrEmpty("description"));
    return new UpdateRegisteredModelResponse(model);
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/rename")
  public RenameRegisteredModelResponse renameRegisteredModel(Req req) {
    RegisteredModel model =
        service.renameRegisteredModel(req.requiredString("name"), req.requiredString("new_name"));
    return new RenameRegisteredModelResponse(model);
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/delete")
  public EmptyResponse deleteRegisteredModel(Req req) {
    service.deleteRegisteredModel(req.requiredString("name"));
    return EmptyResponse.INSTANCE;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/search")
  public SearchRegisteredModelsResponse searchRegisteredModels(@Context UriInfo uri) {
    Req req = Req.query(uri, "order_by");
    String filter = req.string("filter");
    Long max = maxResults(req, ModelRegistryService.SEARCH_REGISTERED_MODELS_MAX);
    Page<RegisteredModel> page =
        service.searchRegisteredModels(
            filter, max, req.strings("order_by"), req.nonEmptyString("page_token"));
    return new SearchRegisteredModelsResponse(page.items(), page.nextPageToken());
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/get-latest-versions")
  public GetLatestVersionsResponse getLatestVersionsPost(Req req) {
    return latestVersions(req);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/get-latest-versions")
  public GetLatestVersionsResponse getLatestVersionsGet(@Context UriInfo uri) {
    return latestVersions(Req.query(uri, "stages"));
  }

  private GetLatestVersionsResponse latestVersions(Req req) {
    String name = req.requiredString("name");
    return new GetLatestVersionsResponse(service.getLatestVersions(name, req.strings("stages")));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/set-tag")
  public EmptyResponse setRegisteredModelTag(Req req) {
    service.setRegisteredModelTag(
        req.requiredString("name"), req.requiredString("key"), req.stringOrEmpty("value"));
    return EmptyResponse.INSTANCE;
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/delete-tag")
  public EmptyResponse deleteRegisteredModelTag(Req req) {
    service.deleteRegisteredModelTag(req.requiredString("name"), req.requiredString("key"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/alias")
  public EmptyResponse setRegisteredModelAlias(Req req) {
    service.setRegisteredModelAlias(
        req.requiredString("name"), req.requiredString("alias"), req.requiredString("version"));
    return EmptyResponse.INSTANCE;
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/alias")
  public EmptyResponse deleteRegisteredModelAlias(Req req) {
    service.deleteRegisteredModelAlias(req.requiredString("name"), req.requiredString("alias"));
    return EmptyResponse.INSTANCE;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/registered-models/alias")
  public GetModelVersionByAliasResponse getModelVersionByAlias(@Context UriInfo uri) {
    Req req = Req.query(uri);
    ModelVersion version =
        service.getModelVersionByAlias(req.requiredString("name"), req.requiredString("alias"));
    return new GetModelVersionByAliasResponse(version);
  }

  /**
   * max_results as MLflow's handler checks it: an integer no larger than {@code limit}, else the
   * generic "Invalid value ..." message quoting the value as sent.
   */
  static Long maxResults(Req req, long limit) {
    Long max = req.int64("max_results");
    if (max != null && max > limit) {
      throw Req.typeError("max_results", req.field("max_results"));
    }
    return max;
  }
}
