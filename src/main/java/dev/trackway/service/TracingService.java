package dev.trackway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.compat.PyJsonText;
import dev.trackway.compat.otlp.OtlpSpans;
import dev.trackway.domain.ArtifactDownload;
import dev.trackway.domain.Page;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.Trace;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.domain.trace.TraceMetricPoint;
import dev.trackway.domain.trace.TraceMetricsQuery;
import dev.trackway.domain.trace.TraceSpanBatch;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.SearchScopes;
import dev.trackway.store.TraceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * MLflow 3 tracing: OTLP span ingest, the trace RPCs (v3 and the v2 ones still called),
 * assessments, dashboard metrics and the trace data download, with the validation MLflow's handlers
 * and store apply, then the store.
 */
@ApplicationScoped
public class TracingService {
  private static final Logger LOG = Logger.getLogger(TracingService.class);

  public static final String SIZE_STATS = "mlflow.trace.sizeStats";
  static final String ARCHIVAL_FAILURE = "mlflow.trace.archivalFailure";
  static final int MAX_TAG_KEY_LENGTH = 250;
  static final int MAX_TAG_VALUE_LENGTH = 8000;
  static final int MAX_TRACE_NAME_LENGTH = 4096;
  static final int MAX_SESSION_ID_LENGTH = 250;
  static final int MAX_SEARCH_RESULTS = 500;
  static final int MAX_LINK_TRACES = 100;

  /** Tags clients cannot set (MLflow's handler-blocked trace tags). */
  public static final Set<String> BLOCKED_TAGS = OtlpSpans.BLOCKED_TAGS;

  @Inject TraceStore store;
  @Inject ArtifactService artifacts;
  @Inject SearchScopes scopes;

  // ------------------------------------------------------------------ OTLP

  /**
   * MLflow's OTLP route after decoding: all spans of the request in one store call (one
   * transaction), then, with {@code x-mlflow-run-id}, the finished traces linked to the run
   * (failures there are only logged, as in MLflow).
   */
  public void logSpans(String experimentId, List<OtlpSpans.Converted> spans, String runId) {
    if (spans.isEmpty()) {
      return;
    }
    Map<String, List<OtlpSpans.Converted>> byTrace = new LinkedHashMap<>();
    for (OtlpSpans.Converted s : spans) {
      byTrace.computeIfAbsent(s.row().traceId(), k -> new ArrayList<>()).add(s);
    }
    List<TraceSpanBatch> batches = new ArrayList<>(byTrace.size());
    Set<String> rootTraces = new LinkedHashSet<>();
    for (Map.Entry<String, List<OtlpSpans.Converted>> e : byTrace.entrySet()) {
      TraceSpanBatch b = TraceSpanBatches.batch(e.getKey(), e.getValue());
      batches.add(b);
      if (e.getValue().stream().anyMatch(OtlpSpans.Converted::isRoot)) {
        rootTraces.add(e.getKey());
      }
    }
    store.logSpans(experimentId, batches);
    if (runId != null && !runId.isEmpty() && !rootTraces.isEmpty()) {
      try {
        store.linkTracesToRun(new ArrayList<>(rootTraces), runId);
      } catch (RuntimeException ex) {
        LOG.warnf(ex, "Failed to link OpenTelemetry traces to MLflow run %s", runId);
      }
    }
  }

  // ------------------------------------------------------------------ v3 trace info

  /** StartTraceV3: blocked tags dropped, the trace inserted or merged. */
  public TraceInfo startTrace(TraceInfo info) {
    Map<String, String> tags = new LinkedHashMap<>(info.tags());
    BLOCKED_TAGS.forEach(tags::remove);
    Validation.lengthLimit(
        "Trace name", MAX_TRACE_NAME_LENGTH, tags.get(TraceKeys.TRACE_NAME), false);
    if (info.metadata().containsKey(TraceKeys.SESSION)) {
      Validation.lengthLimit(
          "Session ID", MAX_SESSION_ID_LENGTH, info.metadata().get(TraceKeys.SESSION), false);
    }
    validateNewTraceId(info.traceId());
    List<Assessment> assessments = new ArrayList<>();
    for (Assessment a : info.assessments() == null ? List.<Assessment>of() : info.assessments()) {
      assessments.add(withIdAndTimes(a, info.traceId()));
    }
    return store.startTrace(
        new TraceInfo(
            info.traceId(),
            info.experimentId(),
            info.requestTimeMs(),
            info.executionTimeMs(),
            info.state(),
            info.clientRequestId(),
            info.requestPreview(),
            info.responsePreview(),
            info.metadata(),
            tags,
            assessments));
  }

  /** MLflow's checks of an id a new trace's artifact location is made from. */
  static void validateNewTraceId(String id) {
    if (id == null
        || id.isEmpty()
        || !stripTrailing(id, " .").equals(id)
        || id.contains("/")
        || id.equals(".")
        || id.equals("..")) {
      throw MlflowException.invalidParameterValue(
          Validation.invalidValue("trace_id", id, "must be a single path component"));
    }
    for (char ch : id.toCharArray()) {
      if (ch == '%' || ch == '?' || ch == '#' || ch < 32 || ch == 127) {
        throw MlflowException.invalidParameterValue(
            Validation.invalidValue(
                "trace_id", id, "must not contain '%', '?', '#' or control characters"));
      }
    }
  }

  private static String stripTrailing(String s, String chars) {
    int end = s.length();
    while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  public TraceInfo getTraceInfo(String traceId) {
    TraceInfo info = store.getTraceInfo(traceId);
    if (info == null) {
      throw MlflowException.resourceDoesNotExist("Trace with ID '%s' not found.", traceId);
    }
    return info;
  }

  public List<TraceInfo> batchGetTraceInfos(List<String> traceIds, List<String> experimentIds) {
    return scopes.readableTraces(
        store.getTraceInfos(traceIds, experimentIds), TraceInfo::experimentId);
  }

  /**
   * GetTrace: the trace with its spans from the database. Without {@code allowPartial}, a trace
   * whose size stats announce more spans than are stored is read again after 1 s and 2 s (batches
   * of its spans may still be in flight), then reported not found, as in MLflow.
   */
  public Trace getTrace(String traceId, boolean allowPartial) {
    for (int attempt = 0; ; attempt++) {
      List<Trace> traces = store.getTraces(List.of(traceId), null);
      if (traces.isEmpty()) {
        throw MlflowException.resourceDoesNotExist("Trace with ID %s is not found.", traceId);
      }
      Trace t = traces.get(0);
      if (!TraceKeys.TRACKING_STORE.equals(t.info().tags().get(TraceKeys.SPANS_LOCATION))) {
        throw new MlflowException(
            ErrorCode.INTERNAL_ERROR, "Trace data not stored in tracking store");
      }
      if (allowPartial || isComplete(t)) {
        return t;
      }
      if (attempt >= 2) {
        throw MlflowException.resourceDoesNotExist(
            "Trace with ID %s is not fully exported yet, please try again later.", traceId);
      }
      try {
        Thread.sleep(1000L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw MlflowException.internalError("Interrupted");
      }
    }
  }

  /** Has at least the spans its size stats announce (and at least one). */
  static boolean isComplete(Trace t) {
    if (t.spanContents().isEmpty()) {
      return false;
    }
    String stats = t.info().metadata().get(SIZE_STATS);
    if (stats == null) {
      return true;
    }
    JsonNode n = PyJsonText.tryLoads(stats);
    long expected = n != null && n.has("num_spans") ? n.get("num_spans").asLong(0) : 0;
    return t.spanContents().size() >= expected;
  }

  /**
   * BatchGetTraces: complete traces stored in the database, in the order asked; unknown, incomplete
   * and artifact-stored traces are left out.
   */
  public List<Trace> batchGetTraces(List<String> traceIds, List<String> experimentIds) {
    List<Trace> out = new ArrayList<>();
    List<Trace> found = store.getTraces(traceIds, experimentIds);
    for (Trace t : scopes.readableTraces(found, t -> t.info().experimentId())) {
      if (TraceKeys.TRACKING_STORE.equals(t.info().tags().get(TraceKeys.SPANS_LOCATION))
          && isComplete(t)) {
        out.add(t);
      }
    }
    return out;
  }

  public Page<TraceInfo> searchTraces(
      List<String> experimentIds,
      String filter,
      List<String> orderBy,
      Long maxResults,
      String pageToken) {
    long max = maxResults == null ? 100 : maxResults;
    if (max > MAX_SEARCH_RESULTS) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied.  Hint: Value was of type 'int'."
              + " See the API docs for more information about request parameters.",
          max);
    }
    if (max <= 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %d for parameter 'max_results' supplied. It must be a positive integer",
          max);
    }
    return store.searchTraces(experimentIds, filter, orderBy, (int) max, pageToken);
  }

  // ------------------------------------------------------------------ tags

  public void setTraceTag(String traceId, String key, String value) {
    checkMutableTag(key, "set");
    Validation.tagName(key, "key");
    String k = Validation.lengthLimit("key", MAX_TAG_KEY_LENGTH, key, false);
    String v = Validation.lengthLimit("value", MAX_TAG_VALUE_LENGTH, value, true);
    if (k.equals(TraceKeys.TRACE_NAME)) {
      Validation.lengthLimit("Trace name", MAX_TRACE_NAME_LENGTH, v, false);
    }
    store.setTraceTag(traceId, k, v);
  }

  public void deleteTraceTag(String traceId, String key) {
    checkMutableTag(key, "deleted");
    store.deleteTraceTag(traceId, key);
  }

  private static void checkMutableTag(String key, String operation) {
    if (BLOCKED_TAGS.contains(key)
        && !(operation.equals("deleted") && key.equals(ARCHIVAL_FAILURE))) {
      throw MlflowException.invalidParameterValue(
          "Tag '%s' is immutable and cannot be %s on a trace.", key, operation);
    }
  }

  // ------------------------------------------------------------------ delete, links

  public int deleteTraces(
      String experimentId, Long maxTimestampMillis, Long maxTraces, List<String> traceIds) {
    boolean ids = traceIds != null && !traceIds.isEmpty();
    if (maxTimestampMillis == null && !ids) {
      throw MlflowException.invalidParameterValue(
          "Either `max_timestamp_millis` or `trace_ids` must be specified.");
    }
    if (maxTimestampMillis != null && ids) {
      throw MlflowException.invalidParameterValue(
          "Only one of `max_timestamp_millis` and `trace_ids` can be specified.");
    }
    if (ids && maxTraces != null) {
      throw MlflowException.invalidParameterValue(
          "`max_traces` can't be specified if `trace_ids` is specified.");
    }
    if (maxTraces != null && maxTraces <= 0) {
      throw MlflowException.invalidParameterValue(
          "`max_traces` must be a positive integer, received %d.", maxTraces);
    }
    return store.deleteTraces(
        experimentId,
        maxTimestampMillis,
        maxTraces == null ? null : (int) Math.min(Integer.MAX_VALUE, maxTraces),
        traceIds);
  }

  public void linkTracesToRun(List<String> traceIds, String runId) {
    if (traceIds.size() > MAX_LINK_TRACES) {
      throw MlflowException.invalidParameterValue(
          "Cannot link more than %d traces to a run in a single request. Provided %d traces.",
          MAX_LINK_TRACES, traceIds.size());
    }
    store.linkTracesToRun(traceIds, runId);
  }

  /** LinkPromptsToTrace; {@code promptVersions} are {name, version} pairs. */
  public void linkPromptsToTrace(String traceId, List<String[]> promptVersions) {
    List<String> ids = new ArrayList<>();
    for (String[] pv : promptVersions) {
      long version;
      try {
        version = Long.parseLong(pv[1] == null ? "" : pv[1].strip());
      } catch (NumberFormatException e) {
        throw MlflowException.invalidParameterValue(
            "Invalid prompt version '%s' for prompt '%s': it must be an integer.", pv[1], pv[0]);
      }
      ids.add(pv[0] + "/" + version);
    }
    store.linkPromptsToTrace(traceId, ids);
  }

  // ------------------------------------------------------------------ v2

  public TraceInfo startTraceV2(
      String experimentId,
      long timestampMs,
      Map<String, String> metadata,
      Map<String, String> tags) {
    return store.startTraceV2(experimentId, timestampMs, metadata, v2Tags(tags));
  }

  public TraceInfo endTraceV2(
      String requestId,
      long timestampMs,
      String status,
      Map<String, String> metadata,
      Map<String, String> tags) {
    return store.endTraceV2(requestId, timestampMs, status, metadata, v2Tags(tags));
  }

  /** The tags of a v2 start/end: blocked tags dropped, the trace name within its limit. */
  private static Map<String, String> v2Tags(Map<String, String> tags) {
    Map<String, String> t = new LinkedHashMap<>(tags);
    BLOCKED_TAGS.forEach(t::remove);
    Validation.lengthLimit("Trace name", MAX_TRACE_NAME_LENGTH, t.get(TraceKeys.TRACE_NAME), false);
    return t;
  }

  // ------------------------------------------------------------------ assessments

  public Assessment createAssessment(Assessment a) {
    return store.createAssessment(withIdAndTimes(a, a.traceId()));
  }

  /**
   * An assessment as MLflow stores a new one: its id generated when missing, times defaulting to
   * now, always valid.
   */
  static Assessment withIdAndTimes(Assessment a, String traceId) {
    long now = System.currentTimeMillis();
    String id =
        a.assessmentId() == null || a.assessmentId().isEmpty()
            ? "a-" + UUID.randomUUID().toString().replace("-", "")
            : a.assessmentId();
    return a.asNew(id, traceId, now);
  }

  public Assessment getAssessment(String traceId, String assessmentId) {
    return store.getAssessment(traceId, assessmentId);
  }

  public Assessment updateAssessment(
      String traceId, String assessmentId, Assessment update, List<String> fields) {
    return store.updateAssessment(traceId, assessmentId, update, fields);
  }

  public void deleteAssessment(String traceId, String assessmentId) {
    store.deleteAssessment(traceId, assessmentId);
  }

  // ------------------------------------------------------------------ metrics

  public List<TraceMetricPoint> queryTraceMetrics(TraceMetricsQuery query) {
    for (TraceMetricsQuery.Aggregation a : query.aggregations()) {
      if (a.type().equals("PERCENTILE")) {
        if (a.percentileValue() == null) {
          throw MlflowException.invalidParameterValue(
              "Percentile value is required for PERCENTILE aggregation");
        }
        if (a.percentileValue() > 100 || a.percentileValue() < 0) {
          throw MlflowException.invalidParameterValue(
              "Percentile value must be between 0 and 100, got %s", a.percentileValue());
        }
      }
    }
    return store.queryTraceMetrics(query);
  }

  /** The counts and NPMI of MLflow's CalculateTraceFilterCorrelation. */
  public record FilterCorrelation(
      Double npmi,
      Double npmiSmoothed,
      long filter1Count,
      long filter2Count,
      long jointCount,
      long totalCount) {}

  public FilterCorrelation calculateTraceFilterCorrelation(
      List<String> experimentIds, String filter1, String filter2, String baseFilter) {
    boolean base = baseFilter != null && !baseFilter.isEmpty();
    String f1 = base ? baseFilter + " and " + filter1 : filter1;
    String f2 = base ? baseFilter + " and " + filter2 : filter2;
    long c1 = store.countTraces(experimentIds, f1);
    long c2 = store.countTraces(experimentIds, f2);
    long joint = store.countTraces(experimentIds, f1 + " and " + filter2);
    long total = store.countTraces(experimentIds, base ? baseFilter : null);
    double[] npmi = Npmi.fromCounts(joint, c1, c2, total);
    return new FilterCorrelation(
        Double.isNaN(npmi[0]) ? null : npmi[0],
        Double.isNaN(npmi[1]) ? null : npmi[1],
        c1,
        c2,
        joint,
        total);
  }

  // ------------------------------------------------------------------ trace data download

  /**
   * The {@code traces.json} of a trace for the UI: built from the stored spans ({@code
   * {"spans":[<content>,...]}}, the contents passed through) when the spans are in the database,
   * else the file the client uploaded to the trace's artifact location.
   */
  public TraceData traceData(String requestId) {
    List<Trace> traces = store.getTraces(List.of(requestId), null);
    if (traces.isEmpty()) {
      throw MlflowException.resourceDoesNotExist("Trace with ID %s is not found.", requestId);
    }
    Trace t = traces.get(0);
    if (TraceKeys.TRACKING_STORE.equals(t.info().tags().get(TraceKeys.SPANS_LOCATION))) {
      StringBuilder sb = new StringBuilder("{\"spans\":[");
      for (int i = 0; i < t.spanContents().size(); i++) {
        sb.append(i > 0 ? "," : "").append(t.spanContents().get(i));
      }
      sb.append("]}");
      return new TraceData(sb.toString(), null);
    }
    return new TraceData(null, artifactFile(t.info(), "traces.json", "traces.json"));
  }

  /** A trace attachment ({@code attachments/<uuid>} under the trace's artifact location). */
  public ArtifactDownload traceAttachment(String requestId, String path) {
    try {
      UUID.fromString(path);
    } catch (IllegalArgumentException e) {
      throw new MlflowException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Invalid attachment path: '" + path + "'. Attachment path must be a valid UUID.");
    }
    TraceInfo info = getTraceInfo(requestId);
    return artifactFile(info, "attachments/" + path, path);
  }

  private ArtifactDownload artifactFile(TraceInfo info, String path, String label) {
    String location = info.tags().get(TraceKeys.ARTIFACT_LOCATION);
    if (location == null) {
      throw new MlflowException(ErrorCode.NOT_FOUND, "Trace data not found for path=" + label);
    }
    try {
      return artifacts.traceArtifact(location, path);
    } catch (MlflowException e) {
      if (e.code().httpStatus() == 404) {
        throw new MlflowException(ErrorCode.NOT_FOUND, "Trace data not found for path=" + label);
      }
      throw e;
    }
  }

  /** Trace data: the JSON text built from the database, or an artifact file. */
  public record TraceData(String json, ArtifactDownload file) {}
}
