package dev.trackway.api;

import dev.trackway.domain.Metric;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** MLflow's run RPCs: CreateRun ... LogBatch, LogInputs, SearchRuns. */
@Path(Prefixes.V2 + "/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
  private static final String CT = "Content-Type";

  @Inject TrackingService service;

  @POST
  @Path("/create")
  public Map<String, Object> createRun(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    Run run =
        service.createRun(
            req.string("experiment_id"),
            req.string("user_id"),
            req.int64("start_time"),
            Messages.keyValues(req, "tags"),
            req.string("run_name"));
    return Resp.of("run", run);
  }

  @GET
  @Path("/get")
  public Map<String, Object> getRun(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    return Resp.of("run", service.getRun(req.requiredString("run_id", "run_uuid")));
  }

  @POST
  @Path("/update")
  public Map<String, Object> updateRun(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id", "run_uuid");
    var status = req.field("status");
    return Resp.of(
        "run_info",
        service.updateRun(
            runId,
            status == null || status.isNull() ? null : runStatus(status.asText()),
            req.int64("end_time"),
            req.string("run_name")));
  }

  /** RunStatus by name or proto number. */
  static String runStatus(String s) {
    return switch (s) {
      case "1" -> "RUNNING";
      case "2" -> "SCHEDULED";
      case "3" -> "FINISHED";
      case "4" -> "FAILED";
      case "5" -> "KILLED";
      default -> s;
    };
  }

  @POST
  @Path("/delete")
  public Map<String, Object> deleteRun(@HeaderParam(CT) String ct, String body) {
    service.deleteRun(Req.body("POST", ct, body).requiredString("run_id"));
    return Resp.empty();
  }

  @POST
  @Path("/restore")
  public Map<String, Object> restoreRun(@HeaderParam(CT) String ct, String body) {
    service.restoreRun(Req.body("POST", ct, body).requiredString("run_id"));
    return Resp.empty();
  }

  @POST
  @Path("/set-tag")
  public Map<String, Object> setTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id", "run_uuid");
    String key = req.requiredString("key");
    String value = req.string("value");
    service.setTag(runId, key, value == null ? "" : value);
    return Resp.empty();
  }

  @POST
  @Path("/delete-tag")
  public Map<String, Object> deleteTag(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    service.deleteTag(req.requiredString("run_id"), req.requiredString("key"));
    return Resp.empty();
  }

  @POST
  @Path("/log-parameter")
  public Map<String, Object> logParam(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id", "run_uuid");
    String key = req.requiredString("key");
    String value = req.string("value");
    service.logParam(runId, key, value == null ? "" : value);
    return Resp.empty();
  }

  @POST
  @Path("/log-metric")
  public Map<String, Object> logMetric(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id", "run_uuid");
    String key = req.requiredString("key");
    if (!req.has("value")) {
      throw Req.missing("value");
    }
    Double value = req.dbl("value");
    if (!req.has("timestamp")) {
      throw Req.missing("timestamp");
    }
    Long step = req.int64("step");
    Metric metric =
        new Metric(
            key,
            value,
            req.int64("timestamp"),
            step == null ? 0L : step,
            req.string("dataset_name"),
            req.string("dataset_digest"),
            req.string("model_id"),
            runId);
    service.logMetric(runId, metric);
    return Resp.empty();
  }

  @POST
  @Path("/log-batch")
  public Map<String, Object> logBatch(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id");
    service.logBatch(
        runId,
        Messages.metrics(req),
        Messages.requiredKeyValues(req, "params"),
        Messages.requiredKeyValues(req, "tags"));
    return Resp.empty();
  }

  @POST
  @Path("/log-inputs")
  public Map<String, Object> logInputs(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    String runId = req.requiredString("run_id");
    List<String> models = new ArrayList<>();
    for (Req m : req.messages("models")) {
      models.add(m.requiredString("model_id"));
    }
    service.logInputs(runId, Messages.datasetInputs(req), models);
    return Resp.empty();
  }

  @POST
  @Path("/search")
  public Map<String, Object> searchRuns(@HeaderParam(CT) String ct, String body) {
    Req req = Req.body("POST", ct, body);
    Page<Run> page =
        service.searchRuns(
            req.strings("experiment_ids"),
            req.string("filter"),
            Messages.viewType(req, "run_view_type"),
            req.strings("order_by"),
            req.int64("max_results"),
            req.string("page_token"));
    return Resp.of("runs", page.items(), "next_page_token", page.nextPageToken());
  }
}
