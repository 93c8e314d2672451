package dev.trackway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.domain.Dataset;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.DatasetSummary;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MetricWithRunId;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.ViewType;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of the store interfaces, exercised directly (no HTTP, no service validation) and run
 * once per backend by a one-line subclass: what each method stores and returns, paging, MLflow's
 * rules (write-once params, latest metrics, version numbering, soft deletes) and the error codes
 * the stores raise themselves. Names are unique per test, so the suite shares one database with the
 * other tests of its profile.
 */
public abstract class AbstractStoreContractTest {
  @Inject TrackingStore tracking;
  @Inject ModelRegistryStore registry;
  @Inject LoggedModelStore loggedModels;

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static MlflowException fails(ErrorCode code, Executable call) {
    MlflowException e = assertThrows(MlflowException.class, call);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  static KeyValue kv(String key, String value) {
    return new KeyValue(key, value);
  }

  static Metric metric(String key, double value, long timestamp, long step) {
    return Metric.of(key, value, timestamp, step);
  }

  String experiment() {
    return tracking.createExperiment(unique("exp"), null, List.of());
  }

  String run(String experimentId) {
    return tracking.createRun(experimentId, "alice", 1000, List.of(), null).info().runId();
  }

  /** Every item of a search, page after page of {@code size}. */
  static <T> List<T> allPages(int size, Function<String, Page<T>> search) {
    List<T> out = new ArrayList<>();
    String token = null;
    do {
      Page<T> page = search.apply(token);
      assertTrue(page.items().size() <= size);
      out.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return out;
  }

  static Map<String, String> asMap(List<KeyValue> kvs) {
    return kvs == null
        ? Map.of()
        : kvs.stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value));
  }

  // ------------------------------------------------------------------ experiments

  @Test
  void experimentsAreCreatedFoundRenamedAndTagged() {
    String name = unique("exp");
    String id = tracking.createExperiment(name, null, List.of(kv("team", "a"), kv("k", "v")));
    Experiment e = tracking.getExperiment(id);
    assertEquals(name, e.name());
    assertEquals("active", e.lifecycleStage());
    assertEquals("default", e.workspace());
    assertTrue(e.artifactLocation().endsWith("/" + id), e.artifactLocation());
    assertEquals(Map.of("team", "a", "k", "v"), asMap(e.tags()));
    assertEquals(id, tracking.getExperimentByName(name).experimentId());
    assertNull(tracking.getExperimentByName(name + "-none"));
    assertEquals(
        "s3://b/x",
        tracking
            .getExperiment(tracking.createExperiment(unique("exp"), "s3://b/x", List.of()))
            .artifactLocation());

    fails(
        ErrorCode.RESOURCE_ALREADY_EXISTS, () -> tracking.createExperiment(name, null, List.of()));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.getExperiment("987654321"));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> tracking.getExperiment("not-a-number"));

    String other = experiment();
    String renamed = unique("renamed");
    tracking.renameExperiment(id, renamed);
    assertEquals(renamed, tracking.getExperiment(id).name());
    fails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> tracking.renameExperiment(other, renamed));

    tracking.setExperimentTag(id, kv("team", "b"));
    tracking.deleteExperimentTag(id, "k");
    assertEquals(Map.of("team", "b"), asMap(tracking.getExperiment(id).tags()));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.deleteExperimentTag(id, "k"));
  }

  @Test
  void deletingAnExperimentDeletesItsRunsAndRestoringRestoresThem() {
    String id = experiment();
    String runId = run(id);
    tracking.deleteExperiment(id);
    assertEquals("deleted", tracking.getExperiment(id).lifecycleStage());
    assertEquals("deleted", tracking.getRun(runId).info().lifecycleStage());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.deleteExperiment(id));
    fails(ErrorCode.INVALID_STATE, () -> tracking.renameExperiment(id, unique("x")));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> tracking.setExperimentTag(id, kv("a", "b")));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE, () -> tracking.createRun(id, "bob", 1, List.of(), null));
    tracking.restoreExperiment(id);
    assertEquals("active", tracking.getExperiment(id).lifecycleStage());
    assertEquals("active", tracking.getRun(runId).info().lifecycleStage());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.restoreExperiment(id));
  }

  @Test
  void experimentSearchPagesThroughEveryMatch() {
    String prefix = unique("srch");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(tracking.createExperiment(prefix + "-" + i, null, List.of(kv("i", "" + i))));
    }
    String filter = "name LIKE '" + prefix + "%'";
    List<Experiment> all =
        allPages(
            2,
            token -> tracking.searchExperiments(filter, ViewType.ALL, List.of("name"), 2, token));
    assertEquals(
        IntStream.range(0, 5).mapToObj(i -> prefix + "-" + i).toList(),
        all.stream().map(Experiment::name).toList());
    assertEquals(ids, all.stream().map(Experiment::experimentId).collect(Collectors.toSet()));
    assertEquals("3", asMap(all.get(3).tags()).get("i"));

    String deleted = all.get(0).experimentId();
    tracking.deleteExperiment(deleted);
    List<Experiment> active =
        tracking.searchExperiments(filter, ViewType.ACTIVE_ONLY, null, 100, null).items();
    assertEquals(4, active.size());
    List<Experiment> onlyDeleted =
        tracking.searchExperiments(filter, ViewType.DELETED_ONLY, null, 100, null).items();
    assertEquals(List.of(deleted), onlyDeleted.stream().map(Experiment::experimentId).toList());
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> tracking.searchExperiments("nonsense = 1", ViewType.ALL, null, 10, null));
  }

  // ------------------------------------------------------------------ runs

  @Test
  void runsTakeTheirNameFromArgumentOrTagAndFollowRenames() {
    String exp = experiment();
    Run named = tracking.createRun(exp, "alice", 5, List.of(kv("a", "1")), "my-run");
    RunInfo info = named.info();
    assertEquals("my-run", info.runName());
    assertEquals("RUNNING", info.status());
    assertEquals("active", info.lifecycleStage());
    assertEquals(exp, info.experimentId());
    assertEquals(info.runId(), info.runUuid());
    assertTrue(info.artifactUri().endsWith("/" + info.runId() + "/artifacts"), info.artifactUri());
    assertEquals(
        Map.of("a", "1", "mlflow.runName", "my-run"),
        asMap(tracking.getRun(info.runId()).data().tags()));

    Run fromTag =
        tracking.createRun(exp, "alice", 5, List.of(kv("mlflow.runName", "tagged")), null);
    assertEquals("tagged", tracking.getRun(fromTag.info().runId()).info().runName());
    String generated = tracking.createRun(exp, "alice", 5, List.of(), null).info().runName();
    assertTrue(generated.matches("[a-z]+-[a-z]+-\\d{1,3}"), generated);
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> tracking.createRun(exp, "a", 5, List.of(kv("mlflow.runName", "x")), "y"));

    String runId = info.runId();
    RunInfo updated = tracking.updateRun(runId, "FINISHED", 99L, "renamed");
    assertEquals("FINISHED", updated.status());
    assertEquals(99L, updated.endTime());
    assertEquals("renamed", updated.runName());
    assertEquals("renamed", asMap(tracking.getRun(runId).data().tags()).get("mlflow.runName"));
    tracking.setTag(runId, kv("mlflow.runName", "again"));
    assertEquals("again", tracking.getRun(runId).info().runName());

    tracking.setTag(runId, kv("a", "2"));
    tracking.deleteTag(runId, "a");
    assertNull(asMap(tracking.getRun(runId).data().tags()).get("a"));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.deleteTag(runId, "a"));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.getRun("0123456789abcdef"));
  }

  @Test
  void deletedRunsRefuseWritesUntilRestored() {
    String runId = run(experiment());
    tracking.deleteRun(runId);
    assertEquals("deleted", tracking.getRun(runId).info().lifecycleStage());
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> tracking.setTag(runId, kv("a", "b")));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> tracking.logBatch(runId, List.of(), List.of(kv("p", "1")), List.of()));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> tracking.updateRun(runId, "FAILED", 1L, null));
    tracking.restoreRun(runId);
    tracking.setTag(runId, kv("a", "b"));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> tracking.deleteRun("0123456789abcdef"));
  }

  @Test
  void logBatchKeepsParamsWriteOnceAndLatestMetricsByStepTimeValue() {
    String runId = run(experiment());
    tracking.logBatch(
        runId,
        List.of(
            metric("loss", 3, 100, 0),
            metric("loss", 1, 100, 2),
            metric("loss", 2, 50, 2),
            metric("acc", 0.5, 10, 0),
            metric("acc", Double.NaN, 20, 0),
            metric("big", Double.POSITIVE_INFINITY, 1, 0)),
        List.of(kv("lr", "0.1"), kv("layers", "3")),
        List.of(kv("t", "1")));
    // the same value again is fine, exact duplicate points are skipped
    tracking.logBatch(
        runId, List.of(metric("loss", 3, 100, 0)), List.of(kv("lr", "0.1")), List.of(kv("t", "2")));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> tracking.logBatch(runId, List.of(), List.of(kv("lr", "0.2")), List.of()));

    Run run = tracking.getRun(runId);
    assertEquals(Map.of("lr", "0.1", "layers", "3"), asMap(run.data().params()));
    assertEquals("2", asMap(run.data().tags()).get("t"));
    Map<String, Metric> latest =
        run.data().metrics().stream().collect(Collectors.toMap(Metric::key, m -> m));
    assertEquals(1.0, latest.get("loss").value());
    assertEquals(2L, latest.get("loss").step());
    assertEquals(100L, latest.get("loss").timestamp());
    assertTrue(latest.get("acc").value().isNaN(), "a later NaN is the latest value");
    assertEquals(Double.MAX_VALUE, latest.get("big").value());

    List<Metric> history = tracking.getMetricHistory(runId, "loss", null, null).items();
    assertEquals(
        List.of(2.0, 3.0, 1.0), history.stream().map(Metric::value).toList(), "timestamp, step");
    assertEquals(
        history,
        allPages(1, token -> tracking.getMetricHistory(runId, "loss", 1, token)),
        "pages of one give the whole history in order");
    assertEquals(
        history,
        allPages(2, token -> tracking.getMetricHistory(runId, "loss", 2, token)),
        "pages of two give the whole history in order");
    assertTrue(tracking.getMetricHistory("0123456789abcdef", "loss", null, null).items().isEmpty());
  }

  @Test
  void latestMetricsAreKeptAcrossBatches() {
    String runId = run(experiment());
    tracking.logBatch(runId, List.of(metric("m", 5, 10, 1)), List.of(), List.of());
    tracking.logBatch(runId, List.of(metric("m", 9, 5, 0)), List.of(), List.of());
    assertEquals(5.0, tracking.getRun(runId).data().metrics().get(0).value(), "older step loses");
    tracking.logBatch(runId, List.of(metric("m", 7, 11, 1)), List.of(), List.of());
    assertEquals(7.0, tracking.getRun(runId).data().metrics().get(0).value(), "newer time wins");
    tracking.logBatch(runId, List.of(metric("m", 8, 11, 1)), List.of(), List.of());
    assertEquals(8.0, tracking.getRun(runId).data().metrics().get(0).value(), "higher value wins");
  }

  @Test
  void bulkHistoriesAreOrderedAndSampled() {
    String exp = experiment();
    String a = run(exp);
    String b = run(exp);
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      points.add(metric("x", i, 1000 + i, i));
    }
    tracking.logBatch(a, points, List.of(), List.of());
    tracking.logBatch(b, points.subList(0, 3), List.of(), List.of());

    List<MetricWithRunId> bulk = tracking.getMetricHistoryBulk(List.of(b, a), "x", 1000);
    assertEquals(53, bulk.size());
    String first = a.compareTo(b) < 0 ? a : b;
    assertEquals(first, bulk.get(0).runId(), "ordered by run id");
    assertEquals(10, tracking.getMetricHistoryBulk(List.of(a, b), "x", 10).size());

    List<MetricWithRunId> sampled =
        tracking.getMetricHistoryBulkInterval(List.of(a), "x", 10, null, null);
    assertTrue(sampled.size() <= 11, "about max_results points: " + sampled.size());
    assertEquals(0L, sampled.get(0).step());
    assertEquals(49L, sampled.get(sampled.size() - 1).step(), "the last point is kept");
    List<MetricWithRunId> range =
        tracking.getMetricHistoryBulkInterval(List.of(a), "x", 100, 10L, 19L);
    assertEquals(
        LongStream.rangeClosed(10, 19).boxed().toList(),
        range.stream().map(MetricWithRunId::step).toList());
  }

  @Test
  void runSearchFiltersOrdersAndPagesAcrossLoadChunks() {
    String exp = experiment();
    int n = 505; // more than one chunk of ids when a page is loaded
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(run(exp));
    }
    tracking.logBatch(ids.get(7), List.of(metric("acc", 0.9, 1, 0)), List.of(), List.of());
    tracking.logBatch(ids.get(8), List.of(metric("acc", 0.8, 1, 0)), List.of(), List.of());
    tracking.logBatch(
        ids.get(9), List.of(metric("acc", 0.1, 1, 0)), List.of(kv("p", "x")), List.of());

    Page<Run> big = tracking.searchRuns(List.of(exp), null, ViewType.ALL, null, 1000, null);
    assertEquals(n, big.items().size());
    assertNull(big.nextPageToken());
    assertEquals(
        new HashSet<>(ids),
        big.items().stream().map(r -> r.info().runId()).collect(Collectors.toSet()));
    assertEquals(
        0.9,
        big.items().stream()
            .filter(r -> r.info().runId().equals(ids.get(7)))
            .findFirst()
            .orElseThrow()
            .data()
            .metrics()
            .get(0)
            .value());

    List<Run> good =
        tracking
            .searchRuns(
                List.of(exp), "metrics.acc > 0.5", ViewType.ALL, List.of("metrics.acc"), 10, null)
            .items();
    assertEquals(
        List.of(ids.get(8), ids.get(7)), good.stream().map(r -> r.info().runId()).toList());
    List<Run> paged =
        allPages(
            2,
            token ->
                tracking.searchRuns(
                    List.of(exp),
                    "metrics.acc >= 0",
                    ViewType.ALL,
                    List.of("metrics.acc DESC"),
                    2,
                    token));
    assertEquals(
        List.of(ids.get(7), ids.get(8), ids.get(9)),
        paged.stream().map(r -> r.info().runId()).toList());
    assertEquals(
        List.of(ids.get(9)),
        tracking
            .searchRuns(List.of(exp), "params.p = 'x'", ViewType.ALL, null, 10, null)
            .items()
            .stream()
            .map(r -> r.info().runId())
            .toList());
    tracking.deleteRun(ids.get(9));
    assertEquals(
        2,
        tracking
            .searchRuns(List.of(exp), "metrics.acc >= 0", ViewType.ACTIVE_ONLY, null, 10, null)
            .items()
            .size());
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> tracking.searchRuns(List.of(exp), "metrics.acc >", ViewType.ALL, null, 10, null));
  }

  @Test
  void inputsAreLinkedOnceAndSummarised() {
    String exp = experiment();
    String runId = run(exp);
    Dataset ds = new Dataset("train", "d1", "local", "{\"uri\": \"x\"}", null, null);
    DatasetInput input = new DatasetInput(List.of(kv("mlflow.data.context", "training")), ds);
    tracking.logInputs(runId, List.of(input, input), List.of("m-1"));
    tracking.logInputs(runId, List.of(input), List.of("m-1"));
    Run run = tracking.getRun(runId);
    assertEquals(1, run.inputs().datasetInputs().size());
    assertEquals("train", run.inputs().datasetInputs().get(0).dataset().name());
    assertEquals(
        Map.of("mlflow.data.context", "training"),
        asMap(run.inputs().datasetInputs().get(0).tags()));
    assertEquals(List.of(new ModelIo("m-1", null)), run.inputs().modelInputs());

    String other = run(exp);
    tracking.logInputs(other, List.of(new DatasetInput(null, ds)), List.of());
    List<DatasetSummary> summaries = tracking.searchDatasets(List.of(exp));
    assertTrue(
        summaries.contains(new DatasetSummary(exp, "train", "d1", "training")),
        summaries.toString());
    assertTrue(tracking.searchDatasets(List.of()).isEmpty());
  }

  // ------------------------------------------------------------------ model registry

  @Test
  void registeredModelsAreCreatedRenamedTaggedAndDeleted() {
    String name = unique("model");
    RegisteredModel created =
        registry.createRegisteredModel(name, List.of(kv("k", "v"), kv("k", "w")), "desc");
    assertEquals(Map.of("k", "w"), asMap(created.tags()));
    MlflowException dup =
        fails(
            ErrorCode.RESOURCE_ALREADY_EXISTS,
            () -> registry.createRegisteredModel(name, List.of(), null));
    assertEquals("Registered Model (name=" + name + ") already exists.", dup.getMessage());
    fails(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        () ->
            registry.createRegisteredModel(
                name, List.of(kv("mlflow.prompt.is_prompt", "true")), null));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.getRegisteredModel(name + "-none"));

    assertEquals("new", registry.updateRegisteredModel(name, "new").description());
    registry.createModelVersion(
        new NewModelVersion(name, "s3://src", null, null, List.of(), null, null));
    registry.setRegisteredModelTag(name, kv("k", "x"));
    registry.setRegisteredModelAlias(name, "champion", 1);

    String renamed = unique("renamed");
    RegisteredModel r = registry.renameRegisteredModel(name, renamed);
    assertEquals(renamed, r.name());
    assertEquals(Map.of("k", "x"), asMap(r.tags()));
    assertEquals("1", r.aliases().get(0).version());
    assertEquals(renamed, registry.getModelVersion(renamed, 1).name());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.getRegisteredModel(name));
    String taken = unique("taken");
    registry.createRegisteredModel(taken, List.of(), null);
    fails(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> registry.renameRegisteredModel(taken, renamed));

    registry.deleteRegisteredModelTag(renamed, "k");
    assertNull(registry.getRegisteredModel(renamed).tags());
    registry.deleteRegisteredModel(renamed);
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.getRegisteredModel(renamed));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.getModelVersion(renamed, 1));
  }

  @Test
  void versionsAreNumberedAfterEveryVersionEverCreated() {
    String name = unique("model");
    registry.createRegisteredModel(name, List.of(), null);
    for (int i = 1; i <= 3; i++) {
      ModelVersion v =
          registry.createModelVersion(
              new NewModelVersion(
                  name,
                  "s3://src/" + i,
                  i == 2 ? "s3://stored/2" : null,
                  null,
                  List.of(kv("i", "" + i)),
                  null,
                  "v" + i));
      assertEquals(Integer.toString(i), v.version());
      assertEquals("None", v.currentStage());
      assertEquals("READY", v.status());
    }
    assertEquals("s3://stored/2", registry.getModelVersionDownloadUri(name, 2));
    assertEquals("s3://src/3", registry.getModelVersionDownloadUri(name, 3));
    registry.setRegisteredModelAlias(name, "best", 3);
    registry.deleteModelVersion(name, 3);
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.getModelVersion(name, 3));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> registry.getModelVersionByAlias(name, "best"));
    assertEquals(
        "4",
        registry
            .createModelVersion(
                new NewModelVersion(name, "s3://src/4", null, null, List.of(), null, null))
            .version());
    fails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () ->
            registry.createModelVersion(
                new NewModelVersion(name + "-none", "s", null, null, List.of(), null, null)));

    assertEquals("changed", registry.updateModelVersion(name, 1, "changed").description());
    assertNull(registry.updateModelVersion(name, 1, null).description());
    registry.setModelVersionTag(name, 1, kv("i", "one"));
    registry.deleteModelVersionTag(name, 2, "i");
    assertEquals(Map.of("i", "one"), asMap(registry.getModelVersion(name, 1).tags()));
    assertNull(registry.getModelVersion(name, 2).tags());
  }

  @Test
  void stagesAliasesAndLatestVersions() {
    String name = unique("model");
    registry.createRegisteredModel(name, List.of(), null);
    for (int i = 0; i < 4; i++) {
      registry.createModelVersion(
          new NewModelVersion(name, "s", null, null, List.of(), null, null));
    }
    registry.transitionModelVersionStage(name, 1, "Production", false);
    registry.transitionModelVersionStage(name, 2, "Production", false);
    ModelVersion v3 = registry.transitionModelVersionStage(name, 3, "Production", true);
    assertEquals("Production", v3.currentStage());
    assertEquals("Archived", registry.getModelVersion(name, 1).currentStage());
    assertEquals("Archived", registry.getModelVersion(name, 2).currentStage());
    registry.transitionModelVersionStage(name, 4, "Staging", false);

    registry.setRegisteredModelAlias(name, "b", 3);
    registry.setRegisteredModelAlias(name, "a", 3);
    registry.setRegisteredModelAlias(name, "c", 4);
    registry.setRegisteredModelAlias(name, "c", 3);
    assertEquals(List.of("a", "b", "c"), registry.getModelVersionByAlias(name, "c").aliases());
    registry.deleteRegisteredModelAlias(name, "b");
    assertEquals(List.of("a", "c"), registry.getModelVersion(name, 3).aliases());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry.setRegisteredModelAlias(name, "z", 99));

    Map<String, String> latest =
        registry.getLatestVersions(name).stream()
            .collect(Collectors.toMap(ModelVersion::currentStage, ModelVersion::version));
    assertEquals(Map.of("Archived", "2", "Production", "3", "Staging", "4"), latest);
    assertEquals(3, registry.getRegisteredModel(name).latestVersions().size());
  }

  @Test
  void registrySearchesPageThroughEveryMatch() {
    String prefix = unique("rsrch");
    for (int i = 0; i < 5; i++) {
      registry.createRegisteredModel(prefix + "-" + i, List.of(kv("i", "" + i)), null);
      registry.createModelVersion(
          new NewModelVersion(prefix + "-" + i, "s", null, "r" + i, List.of(), null, null));
    }
    registry.createRegisteredModel(
        prefix + "-prompt", List.of(kv("mlflow.prompt.is_prompt", "true")), null);
    List<RegisteredModel> models =
        allPages(
            2,
            token ->
                registry.searchRegisteredModels(
                    "name LIKE '" + prefix + "%'", 2, List.of("name DESC"), token));
    assertEquals(
        IntStream.range(0, 5).mapToObj(i -> prefix + "-" + (4 - i)).toList(),
        models.stream().map(RegisteredModel::name).toList(),
        "prompts are left out unless asked for");
    assertEquals(
        List.of(prefix + "-3"),
        registry
            .searchRegisteredModels("name LIKE '" + prefix + "%' AND tags.i = '3'", 10, null, null)
            .items()
            .stream()
            .map(RegisteredModel::name)
            .toList());
    List<ModelVersion> versions =
        allPages(
            2,
            token ->
                registry.searchModelVersions(
                    "name LIKE '" + prefix + "%'", 2, List.of("name ASC"), token));
    assertEquals(5, versions.size());
    assertEquals(prefix + "-0", versions.get(0).name());
    assertEquals(
        List.of("r2"),
        registry
            .searchModelVersions("name LIKE '" + prefix + "%' AND run_id = 'r2'", 10, null, null)
            .items()
            .stream()
            .map(ModelVersion::runId)
            .toList());
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry.searchRegisteredModels("bogus = 'x'", 10, null, null));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry.searchModelVersions(null, 10, List.of("bogus"), null));
  }

  // ------------------------------------------------------------------ logged models

  @Test
  void loggedModelsLiveFinalizeTagAndDelete() {
    String exp = experiment();
    String runId = run(exp);
    LoggedModel m =
        loggedModels.createLoggedModel(
            new NewLoggedModel(
                exp, "model", "sklearn", runId, List.of(kv("alpha", "1")), List.of(kv("t", "a"))));
    String id = m.info().modelId();
    assertTrue(id.startsWith("m-"), id);
    assertEquals("LOGGED_MODEL_PENDING", m.info().status());
    assertEquals(exp, m.info().experimentId());
    assertTrue(m.info().artifactUri().endsWith("/models/" + id + "/artifacts"));
    assertEquals(Map.of("alpha", "1"), asMap(m.data().params()));
    assertEquals(Map.of("t", "a"), asMap(m.info().tags()));

    assertEquals(
        "LOGGED_MODEL_READY",
        loggedModels.finalizeLoggedModel(id, LoggedModelStore.STATUS_READY).info().status());
    loggedModels.setLoggedModelTags(id, List.of(kv("t", "b"), kv("u", "c")));
    loggedModels.deleteLoggedModelTag(id, "u");
    loggedModels.logLoggedModelParams(id, List.of(kv("beta", "2")));
    LoggedModel got = loggedModels.getLoggedModel(id, false);
    assertEquals(Map.of("t", "b"), asMap(got.info().tags()));
    assertEquals(Map.of("alpha", "1", "beta", "2"), asMap(got.data().params()));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> loggedModels.deleteLoggedModelTag(id, "u"));
    fails(
        ErrorCode.BAD_REQUEST,
        () -> loggedModels.logLoggedModelParams(id, List.of(kv("beta", "3"))));

    tracking.logBatch(
        runId,
        List.of(new Metric("score", 0.7, 5L, 1L, "eval", "d1", id, null)),
        List.of(),
        List.of());
    Metric score = loggedModels.getLoggedModel(id, false).data().metrics().get(0);
    assertEquals("score", score.key());
    assertEquals(runId, score.runId());
    assertEquals("eval", score.datasetName());

    loggedModels.logOutputs(runId, List.of(new ModelIo(id, 3L)));
    assertEquals(List.of(new ModelIo(id, 3L)), tracking.getRun(runId).outputs().modelOutputs());
    fails(
        ErrorCode.BAD_REQUEST, () -> loggedModels.logOutputs(runId, List.of(new ModelIo(id, 3L))));

    loggedModels.deleteLoggedModel(id);
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> loggedModels.getLoggedModel(id, false));
    assertNotNull(loggedModels.getLoggedModel(id, true));
    fails(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () ->
            loggedModels.createLoggedModel(
                new NewLoggedModel("987654321", null, null, null, List.of(), List.of())));
    fails(
        ErrorCode.BAD_REQUEST,
        () ->
            loggedModels.createLoggedModel(
                new NewLoggedModel(
                    exp, null, null, null, List.of(kv("a", "1"), kv("a", "2")), List.of())));
  }

  @Test
  void loggedModelSearchPagesWithItsOwnTokens() {
    String exp = experiment();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      ids.add(
          loggedModels
              .createLoggedModel(new NewLoggedModel(exp, "m" + i, null, null, List.of(), List.of()))
              .info()
              .modelId());
    }
    List<LoggedModel> all =
        allPages(
            2,
            token ->
                loggedModels.searchLoggedModels(
                    List.of(exp), null, List.of(), 2, List.of(), token));
    assertEquals(ids, all.stream().map(m -> m.info().modelId()).collect(Collectors.toSet()));
    String token =
        loggedModels
            .searchLoggedModels(List.of(exp), null, List.of(), 2, List.of(), null)
            .nextPageToken();
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            loggedModels.searchLoggedModels(
                List.of(exp), "name = 'm1'", List.of(), 2, null, token));
    assertEquals(
        List.of("m1"),
        loggedModels
            .searchLoggedModels(List.of(exp), "name = 'm1'", List.of(), 10, null, null)
            .items()
            .stream()
            .map(m -> m.info().name())
            .toList());
  }
}
