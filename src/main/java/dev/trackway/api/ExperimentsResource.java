package dev.trackway.api;

import dev.trackway.domain.Experiment;
import dev.trackway.domain.Page;
import dev.trackway.service.TrackingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;

/** MLflow's experiment RPCs ({@code MlflowService}: CreateExperiment ... SearchExperiments). */
@Path(Prefixes.V2 + "/experiments")
@Produces(MediaType.APPLICATION_JSON)
public class ExperimentsResource {
  private static final String CT = "Content-Type";

  @Inject TrackingService service;

  @POST
  @Path("/create")
  public Map<String, Object> createExperiment(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String id =
        service.createExperiment(
            req.requiredString("name"),
            req.string("artifact_location"),
            Messages.keyValues(req, "tags"));
    return Resp.of("experiment_id", id);
  }

  @GET
  @Path("/get")
  public Map<String, Object> getExperiment(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    return Resp.of("experiment", service.getExperiment(req.requiredString("experiment_id")));
  }

  @GET
  @Path("/get-by-name")
  public Map<String, Object> getExperimentByName(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    return Resp.of(
        "experiment", service.getExperimentByName(req.requiredString("experiment_name")));
  }

  @POST
  @Path("/delete")
  public Map<String, Object> deleteExperiment(@HeaderParam(CT) String ct, String body) {
    service.deleteExperiment(Req.body("POST", ct, body).requiredString("experiment_id"));
    return Resp.empty();
  }

  @POST
  @Path("/restore")
  public Map<String, Object> restoreExperiment(@HeaderParam(CT) String ct, String body) {
    service.restoreExperiment(Req.body("POST", ct, body).requiredString("experiment_id"));
    return Resp.empty();
  }

  @POST
  @Path("/update")
  public Map<String, Object> updateExperiment(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String id = req.requiredString("experiment_id");
    service.renameExperiment(id, req.requiredString("new_name"));
    return Resp.empty();
  }

  @POST
  @Path("/set-experiment-tag")
  public Map<String, Object> setExperimentTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String id = req.requiredString("experiment_id");
    String key = req.requiredString("key");
    String value = req.string("value");
    service.setExperimentTag(id, key, value == null ? "" : value);
    return Resp.empty();
  }

  @POST
  @Path("/delete-experiment-tag")
  public Map<String, Object> deleteExperimentTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    service.deleteExperimentTag(req.requiredString("experiment_id"), req.requiredString("key"));
    return Resp.empty();
  }

  @POST
  @Path("/search")
  public Map<String, Object> searchExperimentsPost(@HeaderParam(CT) String ct, String body) {
    return search(Req.body("POST", ct, body));
  }

  @GET
  @Path("/search")
  public Map<String, Object> searchExperimentsGet(@Context UriInfo uri) {
    return search(Req.query(uri.getQueryParameters(), Set.of("order_by")));
  }

  private Map<String, Object> search(Req req) {
    Page<Experiment> page =
        service.searchExperiments(
            req.string("filter"),
            Messages.viewType(req, "view_type"),
            req.strings("order_by"),
            req.int64("max_results"),
            req.string("page_token"));
    return Resp.of("experiments", page.items(), "next_page_token", page.nextPageToken());
  }

  /** The web UI's dataset summaries (registered by hand in MLflow, under /ajax-api only). */
  @POST
  @Path("/search-datasets")
  public Map<String, Object> searchDatasets(
      @jakarta.ws.rs.PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    if (!"ajax-api".equals(prefix)) {
      throw new jakarta.ws.rs.NotFoundException();
    }
    Req req = Req.body("POST", ct, body);
    return Resp.of("dataset_summaries", service.searchDatasets(req.strings("experiment_ids")));
  }
}
