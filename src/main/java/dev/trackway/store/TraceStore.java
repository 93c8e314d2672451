package dev.trackway.store;

import dev.trackway.domain.Page;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.Trace;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceMetricPoint;
import dev.trackway.domain.trace.TraceMetricsQuery;
import dev.trackway.domain.trace.TraceSpanBatch;
import java.util.List;
import java.util.Map;

/**
 * Persistence of MLflow 3 traces in MLflow's tables ({@code trace_info}, {@code trace_tags}, {@code
 * trace_request_metadata}, {@code spans}, {@code assessments}, {@code entity_associations}), with
 * MLflow's semantics (its SQLAlchemy store). Inputs are validated by the service layer; the store
 * enforces what needs the database, with MLflow's error codes and messages.
 */
public interface TraceStore {

  /**
   * MLflow's {@code log_spans}: the spans of one OTLP export request, in one transaction. Creates
   * the traces that do not exist yet in {@code experimentId}, upserts the spans, widens the traces'
   * time range, fills status, previews, token usage, cost, session and tags as MLflow does.
   */
  void logSpans(String experimentId, List<TraceSpanBatch> traces);

  /**
   * MLflow's {@code start_trace} (StartTraceV3): inserts the trace, or merges into the row the
   * spans created; returns the stored trace.
   */
  TraceInfo startTrace(TraceInfo info);

  /** MLflow's v2 StartTrace: a new trace (id = 32 hex) IN_PROGRESS. */
  TraceInfo startTraceV2(
      String experimentId,
      long timestampMs,
      Map<String, String> metadata,
      Map<String, String> tags);

  /** MLflow's v2 EndTrace. */
  TraceInfo endTraceV2(
      String requestId,
      long timestampMs,
      String status,
      Map<String, String> metadata,
      Map<String, String> tags);

  /** The trace's info, or null when there is no such trace. */
  TraceInfo getTraceInfo(String traceId);

  /**
   * The infos of the given traces that exist, in the order asked; with {@code experimentIds}
   * (non-null) only those in these experiments.
   */
  List<TraceInfo> getTraceInfos(List<String> traceIds, List<String> experimentIds);

  /**
   * The given traces with their stored spans (root first, then by start time), in the order asked;
   * unknown traces are left out.
   */
  List<Trace> getTraces(List<String> traceIds, List<String> experimentIds);

  Page<TraceInfo> searchTraces(
      List<String> experimentIds,
      String filter,
      List<String> orderBy,
      int maxResults,
      String pageToken);

  /** The number of traces of the experiments that match the filter. */
  long countTraces(List<String> experimentIds, String filter);

  void setTraceTag(String traceId, String key, String value);

  void deleteTraceTag(String traceId, String key);

  /** Deletes traces of the experiment; the number deleted. */
  int deleteTraces(
      String experimentId, Long maxTimestampMillis, Integer maxTraces, List<String> traceIds);

  void linkTracesToRun(List<String> traceIds, String runId);

  /** Links prompt versions ({@code name/version}) to an existing trace. */
  void linkPromptsToTrace(String traceId, List<String> promptVersions);

  Assessment createAssessment(Assessment assessment);

  Assessment getAssessment(String traceId, String assessmentId);

  /**
   * Updates the fields named ({@code assessment_name}, {@code feedback}, {@code expectation},
   * {@code rationale}, {@code metadata}) from {@code update}.
   */
  Assessment updateAssessment(
      String traceId, String assessmentId, Assessment update, List<String> fields);

  void deleteAssessment(String traceId, String assessmentId);

  List<TraceMetricPoint> queryTraceMetrics(TraceMetricsQuery query);
}
