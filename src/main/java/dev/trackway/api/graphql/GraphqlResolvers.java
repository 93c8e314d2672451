package dev.trackway.api.graphql;

import dev.trackway.domain.ArtifactListing;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.DatasetSummary;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.FileInfo;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MetricWithRunId;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.ViewType;
import dev.trackway.service.ArtifactService;
import dev.trackway.service.ModelRegistryService;
import dev.trackway.service.TrackingService;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The root fields of MLflow's {@code /graphql}, resolved through the same services as the REST
 * routes. Results are plain maps holding what MLflow's resolvers read from its response protos:
 * unset strings are {@code ""}, unset int64 {@code 0}, unset lists {@code []} and unset messages
 * objects of defaults (never null).
 *
 * <p>Runs' {@code experiment} and {@code modelVersions} are loaded for all runs of a result at
 * once, and only when the query selects them: one experiment lookup per distinct experiment and one
 * model version search per 100 runs, whatever the number of runs.
 */
@ApplicationScoped
public class GraphqlResolvers {
  static final int MAX_RUNS_PER_MODEL_VERSION_SEARCH = 100;
  static final long BULK_INTERVAL_MAX_RESULTS = TrackingService.MAX_RESULTS_PER_RUN;
  static final int SEARCH_RUNS_DEFAULT_MAX_RESULTS = 1000;

  @Inject TrackingService tracking;
  @Inject ModelRegistryService registry;
  @Inject ArtifactService artifacts;
  @Inject GraphqlAccess guard;

  // ------------------------------------------------------------------ root fields

  Object getExperiment(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    String id = str(in.get("experimentId"));
    if (!guard.experimentReadable(id.isEmpty() ? "0" : id)) {
      return null;
    }
    // MLflow's resolver skips the REST validation: an empty id is experiment 0 (Default)
    Experiment e = tracking.getExperiment(id.isEmpty() ? "0" : id);
    return response("experiment", experiment(e));
  }

  Object getRun(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    String runId = guard.readableRun(str(in.get("runId")), str(in.get("runUuid")));
    if (runId == null) {
      return null;
    }
    Run run = tracking.getRun(runId);
    List<Map<String, Object>> runs = new ArrayList<>(List.of(run(run)));
    loadRunExtensions(env, "run", runs);
    return response("run", runs.get(0));
  }

  Object searchRuns(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    Object view = in.get("runViewType");
    Object max = in.get("maxResults");
    if (!guard.runSearchAllowed(strings(in.get("experimentIds")))) {
      return null;
    }
    Page<Run> page =
        tracking.searchRuns(
            strings(in.get("experimentIds")),
            (String) in.get("filter"),
            view == null ? ViewType.ACTIVE_ONLY : ViewType.valueOf(view.toString()),
            strings(in.get("orderBy")),
            max == null ? SEARCH_RUNS_DEFAULT_MAX_RESULTS : ((Number) max).longValue(),
            (String) in.get("pageToken"));
    List<Map<String, Object>> runs = new ArrayList<>();
    for (Run r : page.items()) {
      runs.add(run(r));
    }
    loadRunExtensions(env, "runs", runs);
    Map<String, Object> out = response("runs", runs);
    out.put("nextPageToken", str(page.nextPageToken()));
    return out;
  }

  Object getMetricHistoryBulkInterval(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    List<String> runIds = strings(in.get("runIds"));
    String key = (String) in.get("metricKey");
    // As MLflow's resolver: max_results, start_step and end_step are not applied (its handler
    // reads them from the HTTP query string), so every run's whole history (up to 2500 points).
    if (!guard.runsReadable(runIds)) {
      return null;
    }
    List<Map<String, Object>> metrics = new ArrayList<>();
    if (!runIds.isEmpty() && key != null) {
      List<String> distinct = new ArrayList<>(new LinkedHashSet<>(runIds));
      for (int i = 0; i < distinct.size(); i += TrackingService.MAX_RUNS_GET_METRIC_HISTORY_BULK) {
        List<String> chunk =
            distinct.subList(
                i, Math.min(distinct.size(), i + TrackingService.MAX_RUNS_GET_METRIC_HISTORY_BULK));
        for (MetricWithRunId m :
            tracking.getMetricHistoryBulkInterval(
                chunk, key, BULK_INTERVAL_MAX_RESULTS, null, null)) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("key", str(m.key()));
          o.put("value", m.value());
          o.put("timestamp", num(m.timestamp()));
          o.put("step", num(m.step()));
          o.put("runId", str(m.runId()));
          metrics.add(o);
        }
      }
    }
    return response("metrics", metrics);
  }

  Object listArtifacts(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    String runId = guard.readableRun(str(in.get("runId")), str(in.get("runUuid")));
    if (runId == null) {
      return null;
    }
    ArtifactListing listing = artifacts.listRunArtifacts(runId, (String) in.get("path"));
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileInfo f : listing.files()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("path", str(f.path()));
      o.put("isDir", f.isDir());
      o.put("fileSize", num(f.fileSize()));
      files.add(o);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rootUri", str(listing.rootUri()));
    out.put("files", files);
    out.put("nextPageToken", "");
    out.put("apiError", null);
    return out;
  }

  Object searchModelVersions(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    Object max = in.get("maxResults");
    if (!guard.modelVersionSearchAllowed((String) in.get("filter"))) {
      return null;
    }
    Page<ModelVersion> page =
        registry.searchModelVersions(
            (String) in.get("filter"),
            max == null ? null : ((Number) max).longValue(),
            strings(in.get("orderBy")),
            (String) in.get("pageToken"));
    List<Map<String, Object>> versions =
        new ArrayList<>(page.items().stream().map(GraphqlResolvers::modelVersion).toList());
    Map<String, Object> out = response("modelVersions", versions);
    out.put("nextPageToken", str(page.nextPageToken()));
    return out;
  }

  Object searchDatasets(DataFetchingEnvironment env) {
    Map<String, Object> in = input(env);
    List<String> experimentIds = guard.datasetExperiments(strings(in.get("experimentIds")));
    if (experimentIds == null) {
      return null;
    }
    List<Map<String, Object>> summaries = new ArrayList<>();
    for (DatasetSummary d : tracking.searchDatasets(experimentIds)) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("experimentId", str(d.experimentId()));
      o.put("name", str(d.name()));
      o.put("digest", str(d.digest()));
      o.put("context", str(d.context()));
      summaries.add(o);
    }
    return response("datasetSummaries", summaries);
  }

  static Object echo(DataFetchingEnvironment env) {
    Map<String, Object> out = new HashMap<>();
    out.put("output", env.getArgument("inputString"));
    return out;
  }

  // ------------------------------------------------------------------ field fetchers

  /** A value loaded with its parent; a failure to load it fails this field only. */
  static final DataFetcher<Object> LOADED =
      env -> {
        Object v = ((Map<?, ?>) env.getSource()).get(env.getField().getName());
        if (v instanceof RuntimeException e) {
          throw e;
        }
        return v;
      };

  /** A Float that MLflow cannot serialize when it is NaN (the field is null, with an error). */
  static final DataFetcher<Object> STRICT_FLOAT =
      env -> {
        Object v = ((Map<?, ?>) env.getSource()).get(env.getField().getName());
        if (v instanceof Double d && d.isNaN()) {
          throw new GraphqlFieldError("Float cannot represent non numeric value: nan");
        }
        return v;
      };

  /** A proto enum field left unset (0), which MLflow's schema has no value for. */
  static DataFetcher<Object> unsetEnum(String type) {
    return env -> {
      throw new GraphqlFieldError("Enum '" + type + "' cannot represent value: 0");
    };
  }

  // ------------------------------------------------------------------ batched run extensions

  private void loadRunExtensions(
      DataFetchingEnvironment env, String field, List<Map<String, Object>> runs) {
    if (runs.isEmpty()) {
      return;
    }
    if (env.getSelectionSet().contains(field + "/experiment")) {
      Map<String, Object> byId = new HashMap<>();
      for (Map<String, Object> run : runs) {
        String id = experimentIdOf(run);
        Object e = byId.get(id);
        if (e == null) {
          try {
            e = experiment(tracking.getExperiment(id));
          } catch (RuntimeException failure) {
            e = failure;
          }
          byId.put(id, e);
        }
        run.put("experiment", e);
      }
    }
    if (env.getSelectionSet().contains(field + "/modelVersions")) {
      Map<String, List<Map<String, Object>>> byRun = new HashMap<>();
      List<String> ids = new ArrayList<>();
      for (Map<String, Object> run : runs) {
        String id = runIdOf(run);
        if (byRun.putIfAbsent(id, new ArrayList<>()) == null) {
          ids.add(id);
        }
      }
      RuntimeException failure = null;
      for (int i = 0; i < ids.size() && failure == null; i += MAX_RUNS_PER_MODEL_VERSION_SEARCH) {
        List<String> chunk =
            ids.subList(i, Math.min(ids.size(), i + MAX_RUNS_PER_MODEL_VERSION_SEARCH));
        try {
          for (ModelVersion v : modelVersionsOfRuns(chunk)) {
            List<Map<String, Object>> list = byRun.get(v.runId());
            if (list != null) {
              list.add(modelVersion(v));
            }
          }
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      for (Map<String, Object> run : runs) {
        run.put("modelVersions", failure != null ? failure : byRun.get(runIdOf(run)));
      }
    }
  }

  /** Every registered version of these runs, in MLflow's default search order. */
  private List<ModelVersion> modelVersionsOfRuns(List<String> runIds) {
    StringBuilder filter = new StringBuilder("run_id IN (");
    for (int i = 0; i < runIds.size(); i++) {
      filter
          .append(i == 0 ? "" : ", ")
          .append('\'')
          .append(runIds.get(i).replace("'", ""))
          .append('\'');
    }
    filter.append(')');
    List<ModelVersion> out = new ArrayList<>();
    String token = null;
    do {
      Page<ModelVersion> page =
          registry.searchModelVersions(
              filter.toString(),
              (long) ModelRegistryService.SEARCH_MODEL_VERSIONS_DEFAULT,
              List.of(),
              token);
      out.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null && !token.isEmpty());
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String experimentIdOf(Map<String, Object> run) {
    return (String) ((Map<String, Object>) run.get("info")).get("experimentId");
  }

  @SuppressWarnings("unchecked")
  private static String runIdOf(Map<String, Object> run) {
    return (String) ((Map<String, Object>) run.get("info")).get("runId");
  }

  // ------------------------------------------------------------------ proto-shaped values

  static Map<String, Object> response(String field, Object value) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(field, value);
    out.put("apiError", null);
    return out;
  }

  static Map<String, Object> experiment(Experiment e) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("experimentId", str(e.experimentId()));
    o.put("name", str(e.name()));
    o.put("artifactLocation", str(e.artifactLocation()));
    o.put("lifecycleStage", str(e.lifecycleStage()));
    o.put("lastUpdateTime", num(e.lastUpdateTime()));
    o.put("creationTime", num(e.creationTime()));
    o.put("tags", keyValues(e.tags(), "key"));
    o.put("effectiveTraceArchivalRetention", "");
    o.put(
        "workspace", e.workspace() == null || e.workspace().isEmpty() ? "default" : e.workspace());
    return o;
  }

  static Map<String, Object> run(Run r) {
    RunInfo i = r.info();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("runId", str(i.runId() != null ? i.runId() : i.runUuid()));
    info.put("runUuid", str(i.runUuid() != null ? i.runUuid() : i.runId()));
    info.put("runName", str(i.runName()));
    info.put("experimentId", str(i.experimentId()));
    info.put("userId", str(i.userId()));
    info.put("status", i.status());
    info.put("startTime", num(i.startTime()));
    info.put("endTime", num(i.endTime()));
    info.put("artifactUri", str(i.artifactUri()));
    info.put("lifecycleStage", str(i.lifecycleStage()));

    Map<String, Object> data = new LinkedHashMap<>();
    List<Map<String, Object>> metrics = new ArrayList<>();
    if (r.data() != null && r.data().metrics() != null) {
      for (Metric m : r.data().metrics()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("key", str(m.key()));
        // MLflow's MlflowMetricExtension answers null for NaN, without an error
        o.put("value", m.value() == null || m.value().isNaN() ? null : m.value());
        o.put("timestamp", num(m.timestamp()));
        o.put("step", num(m.step()));
        o.put("datasetName", str(m.datasetName()));
        o.put("datasetDigest", str(m.datasetDigest()));
        o.put("modelId", str(m.modelId()));
        o.put("runId", str(m.runId()));
        metrics.add(o);
      }
    }
    data.put("metrics", metrics);
    data.put("params", keyValues(r.data() == null ? null : r.data().params(), "key"));
    data.put("tags", keyValues(r.data() == null ? null : r.data().tags(), "key"));

    List<Map<String, Object>> datasetInputs = new ArrayList<>();
    List<Map<String, Object>> modelInputs = new ArrayList<>();
    if (r.inputs() != null) {
      if (r.inputs().datasetInputs() != null) {
        for (DatasetInput di : r.inputs().datasetInputs()) {
          Map<String, Object> ds = new LinkedHashMap<>();
          var d = di.dataset();
          ds.put("name", d == null ? "" : str(d.name()));
          ds.put("digest", d == null ? "" : str(d.digest()));
          ds.put("sourceType", d == null ? "" : str(d.sourceType()));
          ds.put("source", d == null ? "" : str(d.source()));
          ds.put("schema", d == null ? "" : str(d.schema()));
          ds.put("profile", d == null ? "" : str(d.profile()));
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("tags", keyValues(di.tags(), "key"));
          o.put("dataset", ds);
          datasetInputs.add(o);
        }
      }
      if (r.inputs().modelInputs() != null) {
        for (ModelIo m : r.inputs().modelInputs()) {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("modelId", str(m.modelId()));
          modelInputs.add(o);
        }
      }
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("datasetInputs", datasetInputs);
    inputs.put("modelInputs", modelInputs);

    List<Map<String, Object>> modelOutputs = new ArrayList<>();
    if (r.outputs() != null && r.outputs().modelOutputs() != null) {
      for (ModelIo m : r.outputs().modelOutputs()) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("modelId", str(m.modelId()));
        o.put("step", num(m.step()));
        modelOutputs.add(o);
      }
    }
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("modelOutputs", modelOutputs);

    Map<String, Object> o = new LinkedHashMap<>();
    o.put("info", info);
    o.put("data", data);
    o.put("inputs", inputs);
    o.put("outputs", outputs);
    return o;
  }

  static Map<String, Object> modelVersion(ModelVersion v) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", str(v.name()));
    o.put("version", str(v.version()));
    o.put("creationTimestamp", num(v.creationTimestamp()));
    o.put("lastUpdatedTimestamp", num(v.lastUpdatedTimestamp()));
    o.put("userId", str(v.userId()));
    o.put("currentStage", str(v.currentStage()));
    o.put("description", str(v.description()));
    o.put("source", str(v.source()));
    o.put("runId", str(v.runId()));
    o.put("status", v.status());
    o.put("statusMessage", str(v.statusMessage()));
    o.put("tags", keyValues(v.tags(), "key"));
    o.put("runLink", str(v.runLink()));
    o.put("aliases", v.aliases() == null ? List.of() : v.aliases());
    o.put("modelId", "");
    o.put("modelParams", List.of());
    o.put("modelMetrics", List.of());
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jobId", "");
    job.put("runId", "");
    job.put("currentTaskName", "");
    o.put("deploymentJobState", job);
    return o;
  }

  private static List<Map<String, Object>> keyValues(List<KeyValue> list, String keyName) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (list != null) {
      for (KeyValue kv : list) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(keyName, str(kv.key()));
        o.put("value", str(kv.value()));
        out.add(o);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ arguments

  @SuppressWarnings("unchecked")
  private static Map<String, Object> input(DataFetchingEnvironment env) {
    Object in = env.getArgument("input");
    if (in == null) {
      throw new GraphqlFieldError(
          "Field '" + env.getField().getName() + "' needs its argument 'input'.");
    }
    return (Map<String, Object>) in;
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o != null) {
          out.add(o.toString());
        }
      }
    }
    return out;
  }

  static String str(Object v) {
    return v == null ? "" : v.toString();
  }

  static long num(Long v) {
    return v == null ? 0L : v;
  }
}
