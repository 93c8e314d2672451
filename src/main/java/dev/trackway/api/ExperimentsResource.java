package dev.trackway.api;

import dev.trackway.api.response.CreateExperimentResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.GetExperimentByNameResponse;
import dev.trackway.api.response.GetExperimentResponse;
import dev.trackway.api.response.SearchDatasetsResponse;
import dev.trackway.api.response.SearchExperimentsResponse;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.Page;
import dev.trackway.service.TrackingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** MLflow's experiment RPCs ({@code MlflowService}: CreateExperiment ... SearchExperiments). */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentsResource {
  @Inject TrackingService service;

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/create")
  public CreateExperimentResponse createExperiment(Req req) {
    String id =
        service.createExperiment(
            req.requiredString("name"),
            req.string("artifact_location"),
            Messages.keyValues(req, "tags"));
    return new CreateExperimentResponse(id);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/get")
  public GetExperimentResponse getExperiment(@Context UriInfo uri) {
    Req req = Req.query(uri);
    return new GetExperimentResponse(service.getExperiment(req.requiredString("experiment_id")));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/get-by-name")
  public GetExperimentByNameResponse getExperimentByName(@Context UriInfo uri) {
    String name = Req.query(uri).requiredString("experiment_name");
    return new GetExperimentByNameResponse(service.getExperimentByName(name));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/delete")
  public EmptyResponse deleteExperiment(Req req) {
    service.deleteExperiment(req.requiredString("experiment_id"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/restore")
  public EmptyResponse restoreExperiment(Req req) {
    service.restoreExperiment(req.requiredString("experiment_id"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/update")
  public EmptyResponse updateExperiment(Req req) {
    service.renameExperiment(req.requiredString("experiment_id"), req.requiredString("new_name"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/set-experiment-tag")
  public EmptyResponse setExperimentTag(Req req) {
    service.setExperimentTag(
        req.requiredString("experiment_id"), req.requiredString("key"), req.stringOrEmpty("value"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/delete-experiment-tag")
  public EmptyResponse deleteExperimentTag(Req req) {
    service.deleteExperimentTag(req.requiredString("experiment_id"), req.requiredString("key"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/search")
  public SearchExperimentsResponse searchExperimentsPost(Req req) {
    return search(req);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/experiments/search")
  public SearchExperimentsResponse searchExperimentsGet(@Context UriInfo uri) {
    return search(Req.query(uri, "order_by"));
  }

  private SearchExperimentsResponse search(Req req) {
    Page<Experiment> page =
        service.searchExperiments(
            req.string("filter"),
            Messages.viewType(req, "view_type"),
            req.strings("order_by"),
            req.int64("max_results"),
            req.string("page_token"));
    return new SearchExperimentsResponse(page.items(), page.nextPageToken());
  }

  /** Registered by hand in MLflow, under /ajax-api only. */
  @POST
  @Path("/ajax-api/2.0/mlflow/experiments/search-datasets")
  public SearchDatasetsResponse searchDatasets(Req req) {
    return new SearchDatasetsResponse(service.searchDatasets(req.strings("experiment_ids")));
  }
}
