package dev.trackway.api;

import dev.trackway.api.response.GetMetricHistoryBulkIntervalResponse;
import dev.trackway.api.response.GetMetricHistoryBulkResponse;
import dev.trackway.api.response.GetMetricHistoryResponse;
import dev.trackway.domain.Metric;
import dev.trackway.domain.Page;
import dev.trackway.service.TrackingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** MLflow's metric-history RPCs and the web UI's bulk history. */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

  @Inject TrackingService service;

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/metrics/get-history")
  public GetMetricHistoryResponse getMetricHistory(@Context UriInfo uri) {
    Req req = Req.query(uri);
    String runId = req.requiredString("run_id", "run_uuid");
    Page<Metric> page =
        service.getMetricHistory(
            runId,
            req.requiredString("metric_key"),
            req.int64("max_results"),
            req.string("page_token"));
    return new GetMetricHistoryResponse(page.items(), page.nextPageToken());
  }

  /** Registered by hand in MLflow, under /ajax-api only. */
  @GET
  @Path("/ajax-api/2.0/mlflow/metrics/get-history-bulk")
  public GetMetricHistoryBulkResponse getMetricHistoryBulk(@Context UriInfo uri) {
    Req req = Req.query(uri, "run_id");
    return new GetMetricHistoryBulkResponse(
        service.getMetricHistoryBulk(
            req.strings("run_id"), req.string("metric_key"), req.int64("max_results")));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/metrics/get-history-bulk-interval")
  public GetMetricHistoryBulkIntervalResponse getMetricHistoryBulkInterval(@Context UriInfo uri) {
    Req req = Req.query(uri, "run_ids");
    var runIds = req.strings("run_ids");
    String key = req.requiredString("metric_key");
    return new GetMetricHistoryBulkIntervalResponse(
        service.getMetricHistoryBulkInterval(
            runIds, key, req.int64("max_results"), req.int64("start_step"), req.int64("end_step")));
  }
}
