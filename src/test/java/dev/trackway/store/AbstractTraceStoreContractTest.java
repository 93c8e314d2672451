package dev.trackway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.compat.trace.SpanAggregation;
import dev.trackway.domain.Page;
import dev.trackway.domain.trace.Assessment;
import dev.trackway.domain.trace.SpanNode;
import dev.trackway.domain.trace.SpanRow;
import dev.trackway.domain.trace.Trace;
import dev.trackway.domain.trace.TraceInfo;
import dev.trackway.domain.trace.TraceMetricPoint;
import dev.trackway.domain.trace.TraceMetricsQuery;
import dev.trackway.domain.trace.TraceSpanBatch;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link TraceStore}, exercised directly and run once per backend by a one-line
 * subclass: span ingest creating and merging traces, StartTraceV3 before and after the spans, token
 * usage, search, tags, deletes, links, assessments and dashboard metrics, with MLflow's semantics
 * and error codes. Each test uses its own experiment.
 */
public abstract class AbstractTraceStoreContractTest {
  static final long BASE_MS = 1_795_000_000_000L;
  static final long NS = 1_000_000L;

  @Inject TraceStore traces;
  @Inject TrackingStore tracking;

  /** The duration MLflow's span merge gives on this backend (see the subclasses). */
  protected abstract long mergedDurationOfLateEarlierChild();

  String experiment() {
    return tracking.createExperiment("tr-" + UUID.randomUUID(), null, List.of());
  }

  static String traceId() {
    return "tr-" + UUID.randomUUID().toString().replace("-", "");
  }

  static MlflowException fails(ErrorCode code, Executable call) {
    MlflowException e = assertThrows(MlflowException.class, call);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  /** A span: [start, end] in ms from BASE_MS; attributes as JSON texts. */
  record S(
      String id,
      String parent,
      String name,
      long startMs,
      long endMs,
      String status,
      Map<String, String> attrs) {}

  static S span(String id, String parent, String name, long startMs, long endMs) {
    return new S(id, parent, name, startMs, endMs, "OK", Map.of());
  }

  static String hex(String id) {
    return (id + "0000000000000000").substring(0, 16);
  }

  /** A batch of one trace, with the aggregates the service computes. */
  static TraceSpanBatch batch(String traceId, S... spans) {
    List<SpanRow> rows = new ArrayList<>();
    List<SpanNode> nodes = new ArrayList<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    String rootStatus = null;
    for (S s : spans) {
      StringBuilder attrs = new StringBuilder();
      for (var e : s.attrs().entrySet()) {
        attrs.append(attrs.length() > 0 ? ", " : "");
        attrs.append(dev.trackway.compat.PyJsonText.dumpsString(e.getKey(), false)).append(": ");
        attrs.append(dev.trackway.compat.PyJsonText.dumpsString(e.getValue(), false));
      }
      String content =
          "{\"name\": \""
              + s.name()
              + "\", \"parent_span_id\": "
              + (s.parent() == null ? "null" : "\"" + s.parent() + "\"")
              + ", \"attributes\": {"
              + attrs
              + "}}";
      rows.add(
          new SpanRow(
              traceId,
              hex(s.id()),
              s.parent() == null ? null : hex(s.parent()),
              s.name(),
              null,
              s.status(),
              (BASE_MS + s.startMs()) * NS,
              (BASE_MS + s.endMs()) * NS,
              content,
              null,
              null,
              null,
              null,
              null));
      nodes.add(
          new SpanNode(
              hex(s.id()),
              s.parent() == null ? null : hex(s.parent()),
              SpanAggregation.numbers(s.attrs().get("mlflow.chat.tokenUsage")),
              null));
      min = Math.min(min, BASE_MS + s.startMs());
      max = Math.max(max, BASE_MS + s.endMs());
      if (s.parent() == null && rootStatus == null) {
        rootStatus = s.status().equals("ERROR") ? "ERROR" : "OK";
      }
    }
    return new TraceSpanBatch(
        traceId,
        rows,
        nodes,
        min,
        max,
        rootStatus,
        SpanAggregation.usage(nodes),
        null,
        null,
        null,
        rootStatus != null,
        rootStatus != null ? "req" : null,
        rootStatus != null ? "resp" : null,
        null,
        Map.of());
  }

  static TraceInfo startInfo(
      String traceId,
      String experimentId,
      long startMs,
      long durationMs,
      Map<String, String> tags) {
    return new TraceInfo(
        traceId,
        experimentId,
        BASE_MS + startMs,
        durationMs,
        "OK",
        "client-1",
        "from start",
        null,
        new LinkedHashMap<>(Map.of("m", "1")),
        new LinkedHashMap<>(tags),
        List.of());
  }

  // ------------------------------------------------------------------ ingest

  @Test
  void spansCreateTheTraceAndTheRootFinishesIt() {
    String exp = experiment();
    String id = traceId();
    traces.logSpans(exp, List.of(batch(id, span("c1", "r", "child", 10, 20))));
    TraceInfo info = traces.getTraceInfo(id);
    assertEquals("IN_PROGRESS", info.state());
    assertEquals(BASE_MS + 10, info.requestTimeMs());
    assertEquals(10L, info.executionTimeMs());
    assertEquals("TRACKING_STORE", info.tags().get("mlflow.trace.spansLocation"));
    assertTrue(info.tags().get("mlflow.artifactLocation").endsWith("/traces/" + id + "/artifacts"));
    assertNull(info.requestPreview());

    traces.logSpans(exp, List.of(batch(id, span("r", null, "root", 0, 50))));
    info = traces.getTraceInfo(id);
    assertEquals("OK", info.state());
    assertEquals(BASE_MS, info.requestTimeMs());
    assertEquals(50L, info.executionTimeMs());
    assertEquals("req", info.requestPreview());
    assertEquals("resp", info.responsePreview());

    Trace t = traces.getTraces(List.of(id), null).get(0);
    assertEquals(2, t.spanContents().size());
    assertTrue(t.spanContents().get(0).contains("\"root\""), "root first");
  }

  @Test
  void spansAfterStartTraceKeepItsValuesButWidenTheTime() {
    String exp = experiment();
    String id = traceId();
    TraceInfo started =
        traces.startTrace(
            startInfo(id, exp, 0, 1000, Map.of("team", "a", "mlflow.traceName", "n")));
    assertEquals("n", started.tags().get("mlflow.traceName"));
    assertEquals("true", started.metadata().get("mlflow.trace.infoFinalized"));
    assertFalse(started.tags().containsKey("mlflow.trace.spansLocation"));

    traces.logSpans(exp, List.of(batch(id, span("r", null, "root", -500, 5000))));
    TraceInfo info = traces.getTraceInfo(id);
    assertEquals("OK", info.state());
    assertEquals("from start", info.requestPreview());
    assertEquals("resp", info.responsePreview());
    assertEquals(BASE_MS - 500, info.requestTimeMs());
    assertEquals(5500L, info.executionTimeMs());
    assertEquals("a", info.tags().get("team"));
    assertEquals("TRACKING_STORE", info.tags().get("mlflow.trace.spansLocation"));
  }

  @Test
  void startTraceAfterTheSpansOverwritesTopLevelFields() {
    String exp = experiment();
    String id = traceId();
    traces.logSpans(exp, List.of(batch(id, span("r", null, "root", 0, 40))));
    TraceInfo merged = traces.startTrace(startInfo(id, exp, 5, 30, Map.of("team", "b")));
    assertEquals(BASE_MS + 5, merged.requestTimeMs());
    assertEquals(30L, merged.executionTimeMs());
    assertEquals("client-1", merged.clientRequestId());
    assertEquals("from start", merged.requestPreview());
    assertEquals("resp", merged.responsePreview());
    assertEquals("b", merged.tags().get("team")); // the full state, unlike MLflow's answer
    assertEquals("TRACKING_STORE", merged.tags().get("mlflow.trace.spansLocation"));
    assertEquals("1", merged.metadata().get("m"));
  }

  @Test
  void mergingAnEarlierSpanIntoALongerTraceFollowsTheBackend() {
    String exp = experiment();
    String id = traceId();
    traces.logSpans(exp, List.of(batch(id, span("r", null, "root", 0, 9000))));
    traces.logSpans(exp, List.of(batch(id, span("c", "r", "child", -100, 3000))));
    TraceInfo info = traces.getTraceInfo(id);
    assertEquals(BASE_MS - 100, info.requestTimeMs());
    assertEquals(mergedDurationOfLateEarlierChild(), info.executionTimeMs());
  }

  @Test
  void tokenUsageIsAggregatedTreeAwareAcrossBatches() {
    String exp = experiment();
    String id = traceId();
    String usage = "{\"input_tokens\": 10, \"output_tokens\": 5, \"total_tokens\": 15}";
    traces.logSpans(
        exp,
        List.of(
            batch(
                id, new S("a", "r", "llm1", 1, 2, "OK", Map.of("mlflow.chat.tokenUsage", usage)))));
    traces.logSpans(
        exp,
        List.of(
            batch(
                id, new S("b", "r", "llm2", 3, 4, "OK", Map.of("mlflow.chat.tokenUsage", usage)))));
    assertEquals(
        "{\"input_tokens\": 20, \"output_tokens\": 10, \"total_tokens\": 30}",
        traces.getTraceInfo(id).metadata().get("mlflow.trace.tokenUsage"));
  }

  @Test
  void spansOfATraceInAnotherExperimentAreRefused() {
    String exp = experiment();
    String id = traceId();
    traces.logSpans(exp, List.of(batch(id, span("r", null, "root", 0, 1))));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> traces.logSpans(experiment(), List.of(batch(id, span("x", "r", "x", 0, 1)))));
    fails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> traces.logSpans("987654321", List.of(batch(traceId(), span("r", null, "r", 0, 1)))));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> traces.logSpans("abc", List.of(batch(traceId(), span("r", null, "r", 0, 1)))));
  }

  @Test
  void oneRequestCanCarryManyTraces() {
    String exp = experiment();
    List<TraceSpanBatch> batches = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = traceId();
      ids.add(id);
      batches.add(batch(id, span("r", null, "root" + i, i, i + 5), span("c", "r", "c", i, i + 1)));
    }
    traces.logSpans(exp, batches);
    List<Trace> got = traces.getTraces(ids, List.of(exp));
    assertEquals(30, got.size());
    assertEquals(ids.get(7), got.get(7).info().traceId());
    assertTrue(got.stream().allMatch(t -> t.spanContents().size() == 2));
    assertEquals(List.of(), traces.getTraces(ids, List.of(experiment())));
  }

  // ------------------------------------------------------------------ search

  @Test
  void searchFiltersOrdersAndPages() {
    String exp = experiment();
    List<String> ids = new ArrayList<>();
    String[] names = {"alpha", "beta", "gamma", "alpha"};
    for (int i = 0; i < names.length; i++) {
      String id = traceId();
      ids.add(id);
      traces.startTrace(
          startInfo(
              id,
              exp,
              i * 10,
              100 * (i + 1),
              Map.of("mlflow.traceName", names[i], "env", i % 2 == 0 ? "prod" : "dev")));
    }
    List<String> e = List.of(exp);
    assertEquals(
        List.of(ids.get(3), ids.get(0)),
        ids(traces.searchTraces(e, "name = 'alpha'", List.of(), 10, null)));
    assertEquals(
        List.of(ids.get(1), ids.get(3)),
        ids(traces.searchTraces(e, "tags.env = 'dev'", List.of("timestamp_ms ASC"), 10, null)));
    assertEquals(
        List.of(ids.get(2), ids.get(3)),
        ids(traces.searchTraces(e, "execution_time_ms > 250", List.of("timestamp ASC"), 10, null)));
    assertEquals(
        List.of(ids.get(0), ids.get(3), ids.get(1), ids.get(2)),
        ids(traces.searchTraces(e, null, List.of("name ASC", "timestamp_ms ASC"), 10, null)));
    Page<TraceInfo> p1 = traces.searchTraces(e, null, List.of("timestamp_ms ASC"), 3, null);
    assertEquals(ids.subList(0, 3), ids(p1));
    Page<TraceInfo> p2 =
        traces.searchTraces(e, null, List.of("timestamp_ms ASC"), 3, p1.nextPageToken());
    assertEquals(ids.subList(3, 4), ids(p2));
    assertNull(p2.nextPageToken());
    assertEquals(4, traces.countTraces(e, null));
    assertEquals(2, traces.countTraces(e, "tags.env RLIKE '^pr'"));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> traces.searchTraces(e, "name IN ('alpha')", List.of(), 10, null));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> traces.searchTraces(e, null, List.of("name", "name DESC"), 10, null));
  }

  @Test
  void runIdFindsTracesByMetadataAndByLink() {
    String exp = experiment();
    String a = traceId();
    String b = traceId();
    TraceInfo info = startInfo(a, exp, 0, 1, Map.of());
    info.metadata().put("mlflow.sourceRun", "run-1");
    traces.startTrace(info);
    traces.startTrace(startInfo(b, exp, 1, 1, Map.of()));
    traces.linkTracesToRun(List.of(b), "run-1");
    traces.linkTracesToRun(List.of(b), "run-1");
    assertEquals(
        List.of(a, b),
        ids(
            traces.searchTraces(
                List.of(exp), "run_id = 'run-1'", List.of("timestamp ASC"), 10, null)));
    traces.linkPromptsToTrace(a, List.of("p/1"));
    assertEquals(
        List.of(a), ids(traces.searchTraces(List.of(exp), "prompt = 'p/1'", List.of(), 10, null)));
  }

  static List<String> ids(Page<TraceInfo> page) {
    return page.items().stream().map(TraceInfo::traceId).toList();
  }

  // ------------------------------------------------------------------ tags, deletes

  @Test
  void tagsAndTheTraceName() {
    String exp = experiment();
    String id = traceId();
    traces.startTrace(startInfo(id, exp, 0, 1, Map.of()));
    traces.setTraceTag(id, "k", "v");
    traces.setTraceTag(id, "k", "w");
    traces.setTraceTag(id, "mlflow.traceName", "named");
    TraceInfo info = traces.getTraceInfo(id);
    assertEquals("w", info.tags().get("k"));
    assertEquals("named", info.tags().get("mlflow.traceName"));
    traces.deleteTraceTag(id, "k");
    traces.deleteTraceTag(id, "mlflow.traceName");
    info = traces.getTraceInfo(id);
    assertFalse(info.tags().containsKey("k"));
    assertFalse(info.tags().containsKey("mlflow.traceName"));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> traces.deleteTraceTag(id, "k"));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> traces.setTraceTag(traceId(), "k", "v"));
    assertNull(traces.getTraceInfo(traceId()));
  }

  @Test
  void deleteByIdsAndByTimestampOldestFirst() {
    String exp = experiment();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = traceId();
      ids.add(id);
      traces.logSpans(exp, List.of(batch(id, span("r", null, "r", i, i + 1))));
    }
    assertEquals(2, traces.deleteTraces(exp, null, null, ids.subList(0, 2)));
    assertEquals(0, traces.deleteTraces(experiment(), null, null, ids.subList(2, 3)));
    assertEquals(2, traces.deleteTraces(exp, BASE_MS + 100, 2, null));
    assertEquals(
        List.of(ids.get(4)), ids(traces.searchTraces(List.of(exp), null, List.of(), 10, null)));
    assertEquals(1, traces.deleteTraces(exp, BASE_MS + 100, null, null));
  }

  // ------------------------------------------------------------------ assessments

  static Assessment feedback(String traceId, String name, String value, String overrides) {
    return new Assessment(
        "a-" + UUID.randomUUID().toString().replace("-", ""),
        traceId,
        name,
        Assessment.FEEDBACK,
        value,
        null,
        1000,
        1000,
        "HUMAN",
        "bob",
        null,
        null,
        "because",
        overrides,
        true,
        Map.of("k", "v"));
  }

  @Test
  void assessmentsOverrideUpdateAndDelete() {
    String exp = experiment();
    String id = traceId();
    traces.startTrace(startInfo(id, exp, 0, 1, Map.of()));
    Assessment a = traces.createAssessment(feedback(id, "quality", "0.7", null));
    assertEquals("0.7", a.value());
    assertTrue(a.valid());
    Assessment b = traces.createAssessment(feedback(id, "quality", "0.9", a.assessmentId()));
    assertFalse(traces.getAssessment(id, a.assessmentId()).valid());
    assertEquals(
        List.of(id),
        ids(traces.searchTraces(List.of(exp), "feedback.quality > 0.8", List.of(), 10, null)));
    assertEquals(
        List.of(),
        ids(traces.searchTraces(List.of(exp), "feedback.quality = '0.7'", List.of(), 10, null)));
    Assessment update =
        new Assessment(
            null,
            id,
            "q2",
            Assessment.FEEDBACK,
            "true",
            null,
            0,
            0,
            null,
            null,
            null,
            null,
            "r2",
            null,
            true,
            Map.of("n", "m"));
    Assessment updated =
        traces.updateAssessment(
            id, b.assessmentId(), update, List.of("assessment_name", "feedback", "metadata"));
    assertEquals("q2", updated.name());
    assertEquals("true", updated.value());
    assertEquals("because", updated.rationale());
    assertEquals(Map.of("k", "v", "n", "m"), updated.metadata());
    assertEquals("bob", updated.sourceId());
    assertEquals(2, traces.getTraceInfo(id).assessments().size());
    traces.deleteAssessment(id, b.assessmentId());
    traces.deleteAssessment(id, b.assessmentId());
    assertTrue(traces.getAssessment(id, a.assessmentId()).valid());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> traces.getAssessment(id, "a-none"));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> traces.getAssessment(traceId(), "a-none"));
    fails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> traces.createAssessment(feedback(id, "x", "1.0", "a-none")));
    fails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> traces.createAssessment(feedback(traceId(), "x", "1.0", null)));
  }

  // ------------------------------------------------------------------ metrics

  @Test
  void dashboardMetrics() {
    String exp = experiment();
    long[] durations = {1000, 2000, 3000, 4000, 10000};
    for (int i = 0; i < durations.length; i++) {
      traces.startTrace(startInfo(traceId(), exp, i, durations[i], Map.of()));
    }
    List<TraceMetricPoint> count =
        traces.queryTraceMetrics(
            new TraceMetricsQuery(
                List.of(exp),
                "TRACES",
                "trace_count",
                List.of(new TraceMetricsQuery.Aggregation("COUNT", null)),
                List.of("trace_status"),
                List.of(),
                86400L,
                BASE_MS - 86_400_000,
                BASE_MS + 86_400_000,
                1000));
    assertEquals(1, count.size());
    assertEquals(5.0, count.get(0).values().get("COUNT"));
    assertEquals("OK", count.get(0).dimensions().get("trace_status"));
    assertTrue(count.get(0).dimensions().get("time_bucket").endsWith("T00:00:00+00:00"));
    List<TraceMetricPoint> latency =
        traces.queryTraceMetrics(
            new TraceMetricsQuery(
                List.of(exp),
                "TRACES",
                "latency",
                List.of(
                    new TraceMetricsQuery.Aggregation("PERCENTILE", 50.0),
                    new TraceMetricsQuery.Aggregation("PERCENTILE", 90.0),
                    new TraceMetricsQuery.Aggregation("AVG", null)),
                List.of(),
                List.of("trace.status = \"OK\""),
                null,
                null,
                null,
                1000));
    Map<String, Double> v = latency.get(0).values();
    assertEquals(3000.0, v.get("P50.0"), 1e-9);
    assertEquals(7600.0, v.get("P90.0"), 1e-9);
    assertEquals(4000.0, v.get("AVG"), 1e-9);
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            traces.queryTraceMetrics(
                new TraceMetricsQuery(
                    List.of(exp),
                    "TRACES",
                    "bogus",
                    List.of(new TraceMetricsQuery.Aggregation("COUNT", null)),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    null,
                    1000)));
  }
}
