package dev.trackway.api;

import dev.trackway.api.response.BatchGetTraceInfosResponse;
import dev.trackway.api.response.BatchGetTracesResponse;
import dev.trackway.api.response.CalculateTraceFilterCorrelationResponse;
import dev.trackway.api.response.DeleteTracesResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.EndTraceResponse;
import dev.trackway.api.response.GetTraceInfoResponse;
import dev.trackway.api.response.GetTraceInfoV3Response;
import dev.trackway.api.response.GetTraceResponse;
import dev.trackway.api.response.QueryTraceMetricsResponse;
import dev.trackway.api.response.SearchTracesResponse;
import dev.trackway.api.response.SearchTracesV3Response;
import dev.trackway.api.response.StartTraceResponse;
import dev.trackway.api.response.StartTraceV3Response;
import dev.trackway.api.response.trace.MetricDataPoint;
import dev.trackway.domain.Page;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceMetricPoint;
import dev.trackway.domain.trace.TraceMetricsQuery;
import dev.trackway.error.MlflowException;
import dev.trackway.service.TracingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * MLflow's trace RPCs: the v3 ones the 3.18 client and UI call (StartTraceV3, GetTraceInfoV3,
 * GetTrace, BatchGetTraces, BatchGetTraceInfos, SearchTracesV3, tags, DeleteTracesV3, links,
 * QueryTraceMetrics, CalculateTraceFilterCorrelation) and the v2 ones still served (StartTrace,
 * EndTrace, GetTraceInfo, SearchTraces, tags, DeleteTraces).
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TracesResource {
  @Inject TracingService service;

  // ------------------------------------------------------------------ v3

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces")
  public StartTraceV3Response startTraceV3(Req req) {
    Req trace = req.message("trace");
    if (trace == null) {
      throw Req.missing("trace");
    }
    Req info = trace.message("trace_info");
    TraceInfo stored =
        service.startTrace(TraceMessages.traceInfo(info == null ? Req.of(null) : info));
    return new StartTraceV3Response(TraceMessages.trace(stored));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/{trace_id}")
  public GetTraceInfoV3Response getTraceInfoV3(@PathParam("trace_id") String traceId) {
    return new GetTraceInfoV3Response(TraceMessages.trace(service.getTraceInfo(traceId)));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/get")
  public GetTraceResponse getTrace(@Context UriInfo uri) {
    Req req = Req.query(uri);
    String traceId = req.requiredString("trace_id");
    Boolean allowPartial = req.bool("allow_partial");
    return new GetTraceResponse(
        TraceMessages.trace(service.getTrace(traceId, allowPartial != null && allowPartial)));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/batchGet")
  public BatchGetTracesResponse batchGetTraces(@Context UriInfo uri) {
    Req req = Req.query(uri, "trace_ids", "experiment_ids");
    List<String> ids = requiredList(req, "trace_ids");
    List<String> experiments = optionalList(req, "experiment_ids");
    return new BatchGetTracesResponse(
        orNull(
            service.batchGetTraces(ids, experiments).stream().map(TraceMessages::trace).toList()));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/batchGetInfos")
  public BatchGetTraceInfosResponse batchGetTraceInfos(Req req) {
    List<String> ids = requiredList(req, "trace_ids");
    List<String> experiments = optionalList(req, "experiment_ids");
    return new BatchGetTraceInfosResponse(
        orNull(TraceMessages.infosV3(service.batchGetTraceInfos(ids, experiments))));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/search")
  public SearchTracesV3Response searchTracesV3(Req req) {
    req.require("locations");
    List<String> experimentIds = new ArrayList<>();
    for (Req location : req.messages("locations")) {
      Req experiment = location.message("mlflow_experiment");
      if (experiment != null) {
        experimentIds.add(experiment.stringOrEmpty("experiment_id"));
      }
    }
    Page<TraceInfo> page = search(experimentIds, req);
    return new SearchTracesV3Response(
        orNull(TraceMessages.infosV3(page.items())), page.nextPageToken());
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/delete-traces")
  public DeleteTracesResponse deleteTracesV3(Req req) {
    return deleteTraces(req);
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/metrics")
  public QueryTraceMetricsResponse queryTraceMetrics(Req req) {
    List<String> experimentIds = requiredList(req, "experiment_ids");
    req.require("view_type");
    String metricName = req.requiredString("metric_name");
    req.require("aggregations");
    List<TraceMetricsQuery.Aggregation> aggregations = new ArrayList<>();
    for (Req a : req.messages("aggregations")) {
      aggregations.add(
          new TraceMetricsQuery.Aggregation(
              enumValue(a.field("aggregation_type"), AGGREGATION_TYPES, "aggregation_type"),
              a.dbl("percentile_value")));
    }
    Long maxResults = req.int64("max_results");
    List<TraceMetricPoint> points =
        service.queryTraceMetrics(
            new TraceMetricsQuery(
                experimentIds,
                enumValue(req.field("view_type"), VIEW_TYPES, "view_type"),
                metricName,
                aggregations,
                req.strings("dimensions"),
                req.strings("filters"),
                req.int64("time_interval_seconds"),
                req.int64("start_time_ms"),
                req.int64("end_time_ms"),
                maxResults == null ? 1000 : (int) (long) maxResults));
    List<MetricDataPoint> out =
        points.stream()
            .map(
                p ->
                    new MetricDataPoint(
                        p.metricName(),
                        p.dimensions().isEmpty() ? null : p.dimensions(),
                        p.values()))
            .toList();
    return new QueryTraceMetricsResponse(out.isEmpty() ? null : out, null);
  }

  private static final String[] VIEW_TYPES = {null, "TRACES", "SPANS", "ASSESSMENTS"};
  private static final String[] AGGREGATION_TYPES = {
    null, "COUNT", "SUM", "AVG", "PERCENTILE", "MIN", "MAX"
  };

  /** A proto enum field given by name or number. */
  private static String enumValue(
      com.fasterxml.jackson.databind.JsonNode v, String[] names, String field) {
    if (v == null || v.isNull()) {
      return "UNSPECIFIED";
    }
    if (v.isIntegralNumber()) {
      int i = v.asInt();
      if (i > 0 && i < names.length) {
        return names[i];
      }
    } else {
      for (String n : names) {
        if (n != null && n.equals(v.asText())) {
          return n;
        }
      }
    }
    throw MlflowException.invalidParameterValue(
        "Invalid value %s for enum field '%s'.", v.toString(), field);
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/traces/calculate-filter-correlation")
  public CalculateTraceFilterCorrelationResponse calculateFilterCorrelation(Req req) {
    List<String> experimentIds = requiredList(req, "experiment_ids");
    TracingService.FilterCorrelation c =
        service.calculateTraceFilterCorrelation(
            experimentIds,
            req.requiredString("filter_string1"),
            req.requiredString("filter_string2"),
            req.string("base_filter"));
    return new CalculateTraceFilterCorrelationResponse(
        c.npmi(),
        c.npmiSmoothed(),
        c.filter1Count(),
        c.filter2Count(),
        c.jointCount(),
        c.totalCount());
  }

  // ------------------------------------------------------------------ v2 (and shared)

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces")
  public StartTraceResponse startTrace(Req req) {
    TraceInfo info =
        service.startTraceV2(
            req.stringOrEmpty("experiment_id"),
            req.int64OrZero("timestamp_ms"),
            TraceMessages.keyValueMap(req, "request_metadata"),
            TraceMessages.keyValueMap(req, "tags"));
    return new StartTraceResponse(TraceMessages.infoV2(info));
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces/{request_id}")
  public EndTraceResponse endTrace(@PathParam("request_id") String requestId, Req req) {
    TraceInfo info =
        service.endTraceV2(
            requestId,
            req.int64OrZero("timestamp_ms"),
            TraceMessages.traceStatus(req.field("status")),
            TraceMessages.keyValueMap(req, "request_metadata"),
            TraceMessages.keyValueMap(req, "tags"));
    return new EndTraceResponse(TraceMessages.infoV2(info));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces/{request_id}/info")
  public GetTraceInfoResponse getTraceInfo(@PathParam("request_id") String requestId) {
    return new GetTraceInfoResponse(TraceMessages.infoV2(service.getTraceInfo(requestId)));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces")
  public SearchTracesResponse searchTraces(@Context UriInfo uri) {
    Req req = Req.query(uri, "experiment_ids", "order_by");
    List<String> experimentIds = requiredList(req, "experiment_ids");
    Page<TraceInfo> page = search(experimentIds, req);
    return new SearchTracesResponse(
        orNull(page.items().stream().map(TraceMessages::infoV2).toList()), page.nextPageToken());
  }

  /** SetTraceTag (v2, {@code request_id}) and SetTraceTagV3 ({@code trace_id}): one handler. */
  @PATCH
  @Path("/{prefix: api|ajax-api}/{version: 2\\.0|3\\.0}/mlflow/traces/{trace_id}/tags")
  public EmptyResponse setTraceTag(@PathParam("trace_id") String traceId, Req req) {
    service.setTraceTag(traceId, req.requiredString("key"), req.stringOrEmpty("value"));
    return EmptyResponse.INSTANCE;
  }

  /** DeleteTraceTag (v2) and DeleteTraceTagV3: one handler. */
  @DELETE
  @Path("/{prefix: api|ajax-api}/{version: 2\\.0|3\\.0}/mlflow/traces/{trace_id}/tags")
  public EmptyResponse deleteTraceTag(@PathParam("trace_id") String traceId, Req req) {
    service.deleteTraceTag(traceId, req.requiredString("key"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces/delete-traces")
  public DeleteTracesResponse deleteTraces(Req req) {
    int deleted =
        service.deleteTraces(
            req.requiredString("experiment_id"),
            req.int64("max_timestamp_millis"),
            req.int64("max_traces"),
            req.strings("request_ids"));
    return new DeleteTracesResponse(deleted);
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces/link-to-run")
  public EmptyResponse linkTracesToRun(Req req) {
    List<String> ids = requiredList(req, "trace_ids");
    service.linkTracesToRun(ids, req.requiredString("run_id"));
    return EmptyResponse.INSTANCE;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/traces/link-prompts")
  public EmptyResponse linkPromptsToTrace(Req req) {
    String traceId = req.requiredString("trace_id");
    req.require("prompt_versions");
    List<String[]> versions = new ArrayList<>();
    for (Req pv : req.messages("prompt_versions")) {
      versions.add(new String[] {pv.stringOrEmpty("name"), pv.stringOrEmpty("version")});
    }
    service.linkPromptsToTrace(traceId, versions);
    return EmptyResponse.INSTANCE;
  }

  /** SearchTracesV3 and SearchTraces: the same search once the experiments are known. */
  private Page<TraceInfo> search(List<String> experimentIds, Req req) {
    return service.searchTraces(
        experimentIds,
        req.string("filter"),
        req.strings("order_by"),
        req.int64("max_results"),
        TraceMessages.emptyToNull(req.string("page_token")));
  }

  /** An empty repeated field is left out of a response, as protobuf does. */
  static <T> List<T> orNull(List<T> items) {
    return items == null || items.isEmpty() ? null : items;
  }

  /** A required repeated field: present (an empty list is allowed, as in MLflow). */
  static List<String> requiredList(Req req, String field) {
    req.require(field);
    return req.strings(field);
  }

  /** An optional repeated field: null when absent (no filter), else its values. */
  static List<String> optionalList(Req req, String field) {
    return req.has(field) ? req.strings(field) : null;
  }
}
