package dev.trackway.api;

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
import java.util.Map;
import java.util.Set;

/** MLflow's metric-history RPCs. */
@Path(Prefixes.V2 + "/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

  @Inject TrackingService service;

  @GET
  @Path("/get-history")
  public Map<String, Object> getMetricHistory(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    String runId = req.requiredString("run_id", "run_uuid");
    Page<Metric> page =
        service.getMetricHistory(
            runId,
            req.requiredString("metric_key"),
            req.int64("max_results"),
            req.string("page_token"));
    return Resp.of("metrics", page.items(), "next_page_token", page.nextPageToken());
  }

  /** The web UI's bulk history (MLflow registers it under /ajax-api only). */
  @GET
  @Path("/get-history-bulk")
  public Map<String, Object> getMetricHistoryBulk(
      @jakarta.ws.rs.PathParam("prefix") String prefix, @Context UriInfo uri) {
    if (!"ajax-api".equals(prefix)) {
      throw new jakarta.ws.rs.NotFoundException();
    }
    Req req = Req.query(uri.getQueryParameters(), Set.of("run_id"));
    // a plain JSON handler in MLflow: "metrics" is present even when empty
    return Map.of(
        "metrics",
        service.getMetricHistoryBulk(
            req.strings("run_id"), req.string("metric_key"), req.int64("max_results")));
  }

  @GET
  @Path("/get-history-bulk-interval")
  public Map<String, Object> getMetricHistoryBulkInterval(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of("run_ids"));
    var runIds = req.strings("run_ids");
    String key = req.requiredString("metric_key");
    return Resp.of(
        "metrics",
        service.getMetricHistoryBulkInterval(
            runIds, key, req.int64("max_results"), req.int64("start_step"), req.int64("end_step")));
  }
}
