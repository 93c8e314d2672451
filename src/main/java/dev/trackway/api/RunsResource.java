package dev.trackway.api;

import dev.trackway.api.response.CreateRunResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.GetRunResponse;
import dev.trackway.api.response.SearchRunsResponse;
import dev.trackway.api.response.UpdateRunResponse;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.RunStatus;
import dev.trackway.service.TrackingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** MLflow's run RPCs: CreateRun ... LogBatch, LogInputs, SearchRuns. */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
  @Inject TrackingService service;

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/create")
  public CreateRunResponse createRun(Req req) {
    Run run =
        service.createRun(
            req.string("experiment_id"),
            req.string("user_id"),
            req.int64("start_time"),
            Messages.keyValues(req, "tags"),
            req.string("run_name"));
    return new CreateRunResponse(run);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/get")
  public GetRunResponse getRun(@Context UriInfo uri) {
    return new GetRunResponse(service.getRun(Req.query(uri).requiredString("run_id", "run_uuid")));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/update")
  public UpdateRunResponse updateRun(Req req) {
    String runId = req.requiredString("run_id", "run_uuid");
    var status = req.field("status");
    RunInfo info =
        service.updateRun(
            runId,
            status == null || status.isNull() ? null : runStatus(status.asText()),
            req.int64("end_time"),
            req.string("run_name"));
    return new UpdateRunResponse(info);
  }

  /** A RunStatus by name or proto number; anything else is passed on for the service to refuse. */
  static String runStatus(String s) {
    RunStatus status = RunStatus.fromNameOrNumber(s);
    return status == null ? s : status.name();
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/delete")
  public EmptyResponse deleteRun(Req req) {
    service.deleteRun(req.requiredString("run_id"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/restore")
  public EmptyResponse restoreRun(Req req) {
    service.restoreRun(req.requiredString("run_id"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/set-tag")
  public EmptyResponse setTag(Req req) {
    service.setTag(
        req.requiredString("run_id", "run_uuid"),
        req.requiredString("key"),
        req.stringOrEmpty("value"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/delete-tag")
  public EmptyResponse deleteTag(Req req) {
    service.deleteTag(req.requiredString("run_id"), req.requiredString("key"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/log-parameter")
  public EmptyResponse logParam(Req req) {
    service.logParam(
        req.requiredString("run_id", "run_uuid"),
        req.requiredString("key"),
        req.stringOrEmpty("value"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/log-metric")
  public EmptyResponse logMetric(Req req) {
    String runId = req.requiredString("run_id", "run_uuid");
    service.logMetric(runId, Messages.metric(req, runId));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/log-batch")
  public EmptyResponse logBatch(Req req) {
    service.logBatch(
        req.requiredString("run_id"),
        Messages.metrics(req),
        Messages.requiredKeyValues(req, "params"),
        Messages.requiredKeyValues(req, "tags"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/log-inputs")
  public EmptyResponse logInputs(Req req) {
    String runId = req.requiredString("run_id");
    List<String> modelIds = Messages.modelInputs(req);
    service.logInputs(runId, Messages.datasetInputs(req), modelIds);
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/runs/search")
  public SearchRunsResponse searchRuns(Req req) {
    Page<Run> page =
        service.searchRuns(
            req.strings("experiment_ids"),
            req.string("filter"),
            Messages.viewType(req, "run_view_type"),
            req.strings("order_by"),
            req.int64("max_results"),
            req.string("page_token"));
    return new SearchRunsResponse(page.items(), page.nextPageToken());
  }
}
