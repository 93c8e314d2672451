package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.JdbcExperimentStore.ACTIVE;
import static dev.trackway.store.jdbc.JdbcExperimentStore.DELETED;
import static dev.trackway.store.jdbc.StoreErrors.runNotFound;

import dev.trackway.compat.MlflowUris;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunData;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.RunInputs;
import dev.trackway.domain.RunOutputs;
import dev.trackway.domain.RunStatus;
import dev.trackway.domain.ViewType;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TrackingStore;
import dev.trackway.store.jdbc.search.RunSearch;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs part of {@link JdbcTrackingStore}: runs with their params and tags ({@code runs}, {@code
 * params}, {@code tags}).
 */
interface JdbcRunStore extends TrackingStore, JdbcStorePart {
  String RUN_NAME_TAG = MlflowTags.RUN_NAME;

  KeyedQuery<String> RUNS =
      KeyedQuery.of(
          "SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time,"
              + " artifact_uri, lifecycle_stage FROM runs WHERE {keys}",
          Keys.in("run_uuid"));
  KeyedQuery<String> LATEST_METRICS =
      KeyedQuery.of(
          "SELECT run_uuid, `key`, value, timestamp, step, is_nan FROM latest_metrics WHERE {keys}"
              + " ORDER BY run_uuid, `key`",
          Keys.in("run_uuid"));
  KeyValueTable<String> PARAMS =
      KeyValueTable.of("params", "run_uuid", Rows.STRING_1, "key", "value");
  KeyValueTable<String> TAGS = KeyValueTable.of("tags", "run_uuid", Rows.STRING_1, "key", "value");
  KeyedQuery<String> PARAMS_OF_RUN =
      KeyedQuery.of(
          "SELECT `key`, value FROM params WHERE run_uuid = ? AND {keys}", Keys.in("`key`"));

  RowMapper<RunInfo> RUN_INFO =
      rs ->
          new RunInfo(
              rs.getString(1),
              rs.getObject(2) == null ? null : Integer.toString(rs.getInt(2)),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              Jdbc.getLong(rs, 6),
              Jdbc.getLong(rs, 7),
              rs.getString(8),
              rs.getString(9),
              rs.getString(1));

  /** A latest_metrics row after the run id: key, value, timestamp, step, is_nan. */
  RowMapper<Metric> LATEST_METRIC =
      rs ->
          new Metric(
              rs.getString(2),
              JdbcMetricStore.value(rs, 3, 6),
              Jdbc.getLong(rs, 4),
              rs.getLong(5),
              null,
              null,
              null,
              null);

  /** What writes need of a run. */
  record RunRow(String experimentId, String lifecycleStage) {}

  static RunRow row(Connection c, String runId) throws SQLException {
    RunRow row =
        Jdbc.first(
            c,
            SqlQuery.of(
                "SELECT experiment_id, lifecycle_stage FROM runs WHERE run_uuid = ?", runId),
            rs -> new RunRow(Integer.toString(rs.getInt(1)), rs.getString(2)));
    if (row == null) {
      throw runNotFound(runId);
    }
    return row;
  }

  /** The run, which must exist and be active. */
  static RunRow activeRow(Connection c, String runId) throws SQLException {
    RunRow row = row(c, runId);
    StoreErrors.requireActive("run", runId, row.lifecycleStage());
    return row;
  }

  @Override
  default Run createRun(
      String experimentId, String userId, long startTime, List<KeyValue> tags, String runName) {
    return write(
        c -> {
          JdbcExperimentStore.ExperimentRow exp =
              JdbcExperimentStore.activeRow(c, experimentId, experimentId);
          String tagName = null;
          for (KeyValue t : tags) {
            if (RUN_NAME_TAG.equals(t.key())) {
              tagName = t.value();
            }
          }
          if (runName != null
              && !runName.isEmpty()
              && tagName != null
              && !runName.equals(tagName)) {
            throw MlflowException.invalidParameterValue(
                "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with"
                    + " different values (run_name='%s', mlflow.runName='%s').",
                runName, tagName);
          }
          String name =
              runName != null && !runName.isEmpty()
                  ? runName
                  : tagName != null && !tagName.isEmpty() ? tagName : RunNames.generate();
          List<KeyValue> allTags = new ArrayList<>(tags);
          if (tagName == null) {
            allTags.add(new KeyValue(RUN_NAME_TAG, name));
          }
          String runId = Rows.newId();
          String artifactUri = MlflowUris.appendToUri(exp.artifactLocation(), runId, "artifacts");
          String status = RunStatus.RUNNING.name();
          Jdbc.update(
              c,
              "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name,"
                  + " user_id, status, start_time, end_time, source_version, lifecycle_stage,"
                  + " artifact_uri, experiment_id, deleted_time)"
                  + " VALUES (?, ?, 'UNKNOWN', '', '', ?, ?, ?, NULL, '', ?, ?, ?, NULL)",
              runId,
              name,
              userId,
              status,
              startTime,
              ACTIVE,
              artifactUri,
              JdbcExperimentStore.parseExperimentId(experimentId));
          List<KeyValue> finalTags = Rows.lastPerKey(allTags);
          upsertTags(c, db().dialect(), runId, finalTags);
          RunInfo info =
              new RunInfo(
                  runId,
                  experimentId,
                  name,
                  userId,
                  status,
                  startTime,
                  null,
                  artifactUri,
                  ACTIVE,
                  runId);
          return new Run(info, new RunData(null, null, finalTags), new RunInputs(null, null), null);
        });
  }

  @Override
  default Run getRun(String runId) {
    return read(c -> Pages.one(c, JdbcRunStore::load, runId, () -> runNotFound(runId)));
  }

  /**
   * Runs by id with latest metrics, params, tags, inputs and outputs: one query per table and chunk
   * of ids, whatever the number of runs.
   */
  static Map<String, Run> load(Connection c, List<String> ids) throws SQLException {
    Map<String, Run> out = new LinkedHashMap<>();
    List<RunInfo> infos = RUNS.list(c, ids, RUN_INFO);
    if (infos.isEmpty()) {
      return out;
    }
    Map<String, List<Metric>> metrics = LATEST_METRICS.group(c, ids, Rows.STRING_1, LATEST_METRIC);
    Map<String, List<KeyValue>> params = PARAMS.load(c, ids);
    Map<String, List<KeyValue>> tags = TAGS.load(c, ids);
    JdbcInputStore.RunIo io = JdbcInputStore.load(c, ids);
    for (RunInfo info : infos) {
      String id = info.runId();
      out.put(
          id,
          new Run(
              info,
              new RunData(metrics.get(id), params.get(id), tags.get(id)),
              new RunInputs(io.datasets().get(id), io.modelInputs().get(id)),
              new RunOutputs(io.modelOutputs().get(id))));
    }
    return out;
  }

  @Override
  default RunInfo updateRun(String runId, String status, Long endTime, String runName) {
    return write(
        c -> {
          activeRow(c, runId);
          boolean rename = runName != null && !runName.isEmpty();
          List<String> sets = new ArrayList<>();
          List<Object> args = new ArrayList<>();
          if (status != null) {
            sets.add("status = ?");
            args.add(status);
          }
          if (endTime != null) {
            sets.add("end_time = ?");
            args.add(endTime);
          }
          if (rename) {
            sets.add("name = ?");
            args.add(runName);
          }
          if (!sets.isEmpty()) {
            args.add(runId);
            Jdbc.update(
                c,
                new SqlQuery(
                    "UPDATE runs SET " + String.join(", ", sets) + " WHERE run_uuid = ?", args));
          }
          if (rename) {
            upsertTags(c, db().dialect(), runId, List.of(new KeyValue(RUN_NAME_TAG, runName)));
          }
          return load(c, List.of(runId)).get(runId).info();
        });
  }

  @Override
  default void deleteRun(String runId) {
    setStage(runId, DELETED);
  }

  @Override
  default void restoreRun(String runId) {
    setStage(runId, ACTIVE);
  }

  private void setStage(String runId, String stage) {
    write(
        c -> {
          row(c, runId);
          return markRuns(c, "run_uuid", runId, stage, System.currentTimeMillis());
        });
  }

  /**
   * Sets the lifecycle stage of the runs whose {@code column} holds {@code value} (one run, or all
   * runs of an experiment); {@code deleted_time} records when they were deleted.
   */
  static int markRuns(Connection c, String column, Object value, String stage, long now)
      throws SQLException {
    return Jdbc.update(
        c,
        "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE " + column + " = ?",
        stage,
        DELETED.equals(stage) ? now : null,
        value);
  }

  @Override
  default void setTag(String runId, KeyValue tag) {
    write(
        c -> {
          activeRow(c, runId);
          upsertTags(c, db().dialect(), runId, List.of(tag));
          return null;
        });
  }

  @Override
  default void deleteTag(String runId, String key) {
    write(
        c -> {
          activeRow(c, runId);
          if (TAGS.delete(c, runId, key) == 0) {
            throw MlflowException.resourceDoesNotExist(
                "No tag with name: %s in run with id %s", key, runId);
          }
          return null;
        });
  }

  /** Upserts run tags in one batch; {@code mlflow.runName} also renames the run. */
  static void upsertTags(Connection c, SqlDialect d, String runId, List<KeyValue> tags)
      throws SQLException {
    TAGS.upsert(d, c, runId, List.of(), tags);
    for (KeyValue t : tags) {
      if (RUN_NAME_TAG.equals(t.key())) {
        Jdbc.update(c, "UPDATE runs SET name = ? WHERE run_uuid = ?", t.value(), runId);
      }
    }
  }

  /** Params are write-once: the same value again is a no-op, another value is refused. */
  static void logParams(Connection c, String runId, List<KeyValue> params) throws SQLException {
    if (params.isEmpty()) {
      return;
    }
    Map<String, String> existing = new LinkedHashMap<>();
    PARAMS_OF_RUN.forEach(
        c,
        params.stream().map(KeyValue::key).toList(),
        rs -> existing.put(rs.getString(1), rs.getString(2)),
        runId);
    List<KeyValue> fresh = new ArrayList<>();
    for (KeyValue p : params) {
      String old = existing.get(p.key());
      if (old == null) {
        fresh.add(p);
      } else if (!old.equals(p.value())) {
        throw MlflowException.invalidParameterValue(
            "Changing param values is not allowed. Param with key='%s' was already logged with"
                + " value='%s' for run ID='%s'. Attempted logging new value '%s'.",
            p.key(), old, runId, p.value());
      }
    }
    PARAMS.insert(c, runId, List.of(), fresh);
  }

  @Override
  default Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      List<String> orderBy,
      int maxResults,
      String pageToken) {
    return Pages.offsetPaged(
        db(),
        pageToken,
        maxResults,
        Pages.search(
            db(),
            filter,
            orderBy,
            page ->
                RunSearch.build(
                    experimentIds.stream().map(JdbcExperimentStore::parseExperimentId).toList(),
                    page,
                    viewType)),
        Rows.STRING_1,
        JdbcRunStore::load);
  }
}
