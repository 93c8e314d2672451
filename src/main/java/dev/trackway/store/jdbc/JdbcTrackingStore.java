package dev.trackway.store.jdbc;

import dev.trackway.compat.MlflowUris;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.Dataset;
import dev.trackway.domain.DatasetInput;
import dev.trackway.domain.DatasetSummary;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.Metric;
import dev.trackway.domain.MetricWithRunId;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.Page;
import dev.trackway.domain.Run;
import dev.trackway.domain.RunData;
import dev.trackway.domain.RunInfo;
import dev.trackway.domain.RunInputs;
import dev.trackway.domain.RunOutputs;
import dev.trackway.domain.ViewType;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TrackingStore;
import dev.trackway.store.jdbc.search.ExperimentSearch;
import dev.trackway.store.jdbc.search.RunSearch;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@link TrackingStore} on MLflow's own tables with plain JDBC. Hot paths are set-based: log-batch
 * writes in one transaction with JDBC batches (multi-row INSERTs on MySQL), and runs are loaded for
 * a whole page with one query per child table.
 */
@ApplicationScoped
public class JdbcTrackingStore implements TrackingStore {
  static final String WORKSPACE = "default";
  static final String RUN_NAME_TAG = "mlflow.runName";
  static final String ACTIVE = "active";
  static final String DELETED = "deleted";

  /** Bind-parameter chunk for IN lists (SQLite allows 32766 host parameters, MySQL 65535). */
  static final int IN_CHUNK = 500;

  @Inject Database db;
  @Inject TrackwayConfig config;

  // ------------------------------------------------------------------ experiments

  @Override
  public String createExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    return db.write(
        c -> {
          if (findExperimentIdByName(c, name) != null) {
            throw experimentExists(name);
          }
          long now = System.currentTimeMillis();
          long id;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time,"
                      + " last_update_time, workspace) VALUES (?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, artifactLocation == null ? "" : artifactLocation);
            ps.setString(3, ACTIVE);
            ps.setLong(4, now);
            ps.setLong(5, now);
            ps.setString(6, WORKSPACE);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              throw experimentExists(name);
            }
            throw e;
          }
          if (artifactLocation == null || artifactLocation.isEmpty()) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?")) {
              ps.setString(
                  1, MlflowUris.appendToUri(config.defaultArtifactRootUri(), Long.toString(id)));
              ps.setLong(2, id);
              ps.executeUpdate();
            }
          }
          for (KeyValue tag : tags) {
            upsertExperimentTag(c, id, tag);
          }
          return Long.toString(id);
        });
  }

  private static MlflowException experimentExists(String name) {
    return MlflowException.resourceAlreadyExists("Experiment(name=%s) already exists.", name);
  }

  private static Long findExperimentIdByName(Connection c, String name) throws SQLException {
    return findExperimentIdByName(c, name, false);
  }

  /**
   * The experiment of this name. An MLflow-made MySQL database may use a _ci collation: with {@code
   * exact} only a case-exact match counts, otherwise any match the database's unique key would see
   * as a clash.
   */
  private static Long findExperimentIdByName(Connection c, String name, boolean exact)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT experiment_id, name FROM experiments WHERE workspace = ? AND name = ?")) {
      ps.setString(1, WORKSPACE);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        Long any = null;
        while (rs.next()) {
          any = rs.getLong(1);
          if (name.equals(rs.getString(2))) {
            return any;
          }
        }
        return exact ? null : any;
      }
    }
  }

  static int parseExperimentId(String experimentId) {
    try {
      return Integer.parseInt(experimentId.trim());
    } catch (RuntimeException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid experiment ID '%s'. Experiment ID must be a valid integer.", experimentId);
    }
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    int id = parseExperimentId(experimentId);
    return db.read(
        c -> {
          Experiment e = loadExperiments(c, List.of(id)).get(id);
          if (e == null) {
            throw MlflowException.resourceDoesNotExist(
                "No Experiment with id=%s exists", experimentId);
          }
          return e;
        });
  }

  @Override
  public Experiment getExperimentByName(String name) {
    return db.read(
        c -> {
          Long id = findExperimentIdByName(c, name, true);
          return id == null ? null : loadExperiments(c, List.of(id.intValue())).get(id.intValue());
        });
  }

  /** Experiments by id with their tags: two queries, whatever the number of ids. */
  private Map<Integer, Experiment> loadExperiments(Connection c, List<Integer> ids)
      throws SQLException {
    Map<Integer, Experiment> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Map<Integer, List<KeyValue>> tags = new HashMap<>();
    for (List<Integer> chunk : chunks(ids)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT experiment_id, `key`, value FROM experiment_tags WHERE experiment_id IN ("
                  + placeholders(chunk.size())
                  + ") ORDER BY experiment_id, `key`")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tags.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                .add(new KeyValue(rs.getString(2), rs.getString(3)));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT experiment_id, name, artifact_location, lifecycle_stage, last_update_time,"
                  + " creation_time, workspace FROM experiments WHERE experiment_id IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            int id = rs.getInt(1);
            out.put(
                id,
                new Experiment(
                    Integer.toString(id),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    getLong(rs, 5),
                    getLong(rs, 6),
                    tags.get(id),
                    rs.getString(7)));
          }
        }
      }
    }
    return out;
  }

  /** Lifecycle stage of an experiment, or 404. */
  private static String experimentStage(Connection c, String experimentId) throws SQLException {
    int id = parseExperimentId(experimentId);
    try (PreparedStatement ps =
        c.prepareStatement("SELECT lifecycle_stage FROM experiments WHERE experiment_id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw MlflowException.resourceDoesNotExist(
              "No Experiment with id=%s exists", experimentId);
        }
        return rs.getString(1);
      }
    }
  }

  @Override
  public void deleteExperiment(String experimentId) {
    setExperimentStage(experimentId, ACTIVE, DELETED);
  }

  @Override
  public void restoreExperiment(String experimentId) {
    setExperimentStage(experimentId, DELETED, ACTIVE);
  }

  private void setExperimentStage(String experimentId, String from, String to) {
    db.write(
        c -> {
          String stage = experimentStage(c, experimentId);
          if (!from.equals(stage)) {
            // MLflow looks the experiment up restricted to the source view type
            throw MlflowException.resourceDoesNotExist(
                "No Experiment with id=%s exists", experimentId);
          }
          long now = System.currentTimeMillis();
          int id = parseExperimentId(experimentId);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE"
                      + " experiment_id = ?")) {
            ps.setString(1, to);
            ps.setLong(2, now);
            ps.setInt(3, id);
            ps.executeUpdate();
          }
          // MLflow marks every run of the experiment with the experiment's stage
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ?")) {
            ps.setString(1, to);
            if (DELETED.equals(to)) {
              ps.setLong(2, now);
            } else {
              ps.setNull(2, Types.BIGINT);
            }
            ps.setInt(3, id);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    db.write(
        c -> {
          String stage = experimentStage(c, experimentId);
          if (!ACTIVE.equals(stage)) {
            throw new MlflowException(
                ErrorCode.INVALID_STATE, "Cannot rename a non-active experiment.");
          }
          Long other = findExperimentIdByName(c, newName);
          if (other != null && other != parseExperimentId(experimentId)) {
            throw experimentExists(newName);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?")) {
            ps.setString(1, newName);
            ps.setLong(2, System.currentTimeMillis());
            ps.setInt(3, parseExperimentId(experimentId));
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              throw experimentExists(newName);
            }
            throw e;
          }
          return null;
        });
  }

  private static void checkExperimentActive(Connection c, String experimentId) throws SQLException {
    String stage = experimentStage(c, experimentId);
    if (!ACTIVE.equals(stage)) {
      throw MlflowException.invalidParameterValue(
          "The experiment %s must be in the 'active' state. Current state is %s.",
          experimentId, stage);
    }
  }

  @Override
  public void setExperimentTag(String experimentId, KeyValue tag) {
    db.write(
        c -> {
          checkExperimentActive(c, experimentId);
          upsertExperimentTag(c, parseExperimentId(experimentId), tag);
          return null;
        });
  }

  private void upsertExperimentTag(Connection c, long experimentId, KeyValue tag)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            upsert(
                "experiment_tags",
                List.of("key", "value", "experiment_id"),
                List.of("key", "experiment_id"),
                List.of("value")))) {
      ps.setString(1, tag.key());
      ps.setString(2, tag.value());
      ps.setLong(3, experimentId);
      ps.executeUpdate();
    }
  }

  @Override
  public void deleteExperimentTag(String experimentId, String key) {
    db.write(
        c -> {
          checkExperimentActive(c, experimentId);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM experiment_tags WHERE experiment_id = ? AND `key` = ?")) {
            ps.setInt(1, parseExperimentId(experimentId));
            ps.setString(2, key);
            if (ps.executeUpdate() == 0) {
              throw MlflowException.resourceDoesNotExist(
                  "No tag with name: %s in experiment with id %s", key, experimentId);
            }
          }
          return null;
        });
  }

  @Override
  public Page<Experiment> searchExperiments(
      String filter, ViewType viewType, List<String> orderBy, int maxResults, String pageToken) {
    int offset = PageToken.decodeOffset(pageToken);
    SqlQuery q =
        ExperimentSearch.build(filter, viewType, orderBy, maxResults + 1, offset, db.vendor());
    return db.read(
        c -> {
          List<Integer> ids = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            bindAll(ps, 1, q.params());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getInt(1));
              }
            }
          }
          String next = null;
          if (ids.size() > maxResults) {
            ids = ids.subList(0, maxResults);
            next = PageToken.encode((long) offset + maxResults);
          }
          Map<Integer, Experiment> byId = loadExperiments(c, ids);
          List<Experiment> out = new ArrayList<>(ids.size());
          for (Integer id : ids) {
            out.add(byId.get(id));
          }
          return new Page<>(out, next);
        });
  }

  // ------------------------------------------------------------------ runs

  @Override
  public Run createRun(
      String experimentId, String userId, long startTime, List<KeyValue> tags, String runName) {
    return db.write(
        c -> {
          Experiment exp =
              loadExperiments(c, List.of(parseExperimentId(experimentId)))
                  .get(parseExperimentId(experimentId));
          if (exp == null) {
            throw MlflowException.resourceDoesNotExist(
                "No Experiment with id=%s exists", experimentId);
          }
          if (!ACTIVE.equals(exp.lifecycleStage())) {
            throw MlflowException.invalidParameterValue(
                "The experiment %s must be in the 'active' state. Current state is %s.",
                experimentId, exp.lifecycleStage());
          }
          List<KeyValue> allTags = new ArrayList<>(tags);
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
          if (tagName == null) {
            allTags.add(new KeyValue(RUN_NAME_TAG, name));
          }
          String runId = UUID.randomUUID().toString().replace("-", "");
          String artifactUri = MlflowUris.appendToUri(exp.artifactLocation(), runId, "artifacts");
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name,"
                      + " user_id, status, start_time, end_time, source_version, lifecycle_stage,"
                      + " artifact_uri, experiment_id, deleted_time)"
                      + " VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?, NULL)")) {
            ps.setString(1, runId);
            ps.setString(2, name);
            ps.setString(3, userId);
            ps.setLong(4, startTime);
            ps.setString(5, artifactUri);
            ps.setInt(6, parseExperimentId(experimentId));
            ps.executeUpdate();
          }
          Map<String, String> dedup = new LinkedHashMap<>();
          for (KeyValue t : allTags) {
            dedup.put(t.key(), t.value());
          }
          List<KeyValue> finalTags = new ArrayList<>();
          dedup.forEach((k, v) -> finalTags.add(new KeyValue(k, v)));
          upsertTags(c, runId, finalTags);
          RunInfo info =
              new RunInfo(
                  runId,
                  experimentId,
                  name,
                  userId,
                  "RUNNING",
                  startTime,
                  null,
                  artifactUri,
                  ACTIVE,
                  runId);
          return new Run(info, new RunData(null, null, finalTags), new RunInputs(null, null), null);
        });
  }

  @Override
  public Run getRun(String runId) {
    return db.read(
        c -> {
          Map<String, Run> runs = loadRuns(c, List.of(runId));
          Run run = runs.get(runId);
          if (run == null) {
            throw runNotFound(runId);
          }
          return run;
        });
  }

  static MlflowException runNotFound(String runId) {
    return MlflowException.resourceDoesNotExist("Run with id=%s not found", runId);
  }

  /** Runs by id with latest metrics, params, tags, inputs and outputs: one query per table. */
  private Map<String, Run> loadRuns(Connection c, List<String> ids) throws SQLException {
    Map<String, RunInfo> infos = new LinkedHashMap<>();
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<KeyValue>> params = new HashMap<>();
    Map<String, List<KeyValue>> tags = new HashMap<>();
    Map<String, List<DatasetInput>> datasets = new HashMap<>();
    Map<String, List<ModelIo>> modelInputs = new HashMap<>();
    Map<String, List<ModelIo>> modelOutputs = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      String in = placeholders(chunk.size());
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT run_uuid, experiment_id, name, user_id, status, start_time, end_time,"
                  + " artifact_uri, lifecycle_stage FROM runs WHERE run_uuid IN ("
                  + in
                  + ")")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            infos.put(
                id,
                new RunInfo(
                    id,
                    rs.getObject(2) == null ? null : Integer.toString(rs.getInt(2)),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    getLong(rs, 6),
                    getLong(rs, 7),
                    rs.getString(8),
                    rs.getString(9),
                    id));
          }
        }
      }
      if (infos.isEmpty()) {
        continue;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT run_uuid, `key`, value, timestamp, step, is_nan FROM latest_metrics WHERE"
                  + " run_uuid IN ("
                  + in
                  + ") ORDER BY run_uuid, `key`")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double v = rs.getBoolean(6) ? Double.NaN : rs.getDouble(3);
            metrics
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(
                    new Metric(
                        rs.getString(2), v, getLong(rs, 4), rs.getLong(5), null, null, null, null));
          }
        }
      }
      loadKeyValues(c, "params", chunk, in, params);
      loadKeyValues(c, "tags", chunk, in, tags);
      Map<String, String> inputOwner = new HashMap<>();
      Map<String, DatasetInputBuilder> inputs = new LinkedHashMap<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT i.destination_id, i.input_uuid, d.name, d.digest, d.dataset_source_type,"
                  + " d.dataset_source, d.dataset_schema, d.dataset_profile FROM inputs i JOIN"
                  + " datasets d ON d.dataset_uuid = i.source_id WHERE i.source_type = 'DATASET'"
                  + " AND i.destination_type = 'RUN' AND i.destination_id IN ("
                  + in
                  + ")")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String inputUuid = rs.getString(2);
            inputOwner.put(inputUuid, rs.getString(1));
            inputs.put(
                inputUuid,
                new DatasetInputBuilder(
                    new Dataset(
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8))));
          }
        }
      }
      if (!inputs.isEmpty()) {
        List<String> inputIds = new ArrayList<>(inputs.keySet());
        for (List<String> ichunk : chunks(inputIds)) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT input_uuid, name, value FROM input_tags WHERE input_uuid IN ("
                      + placeholders(ichunk.size())
                      + ")")) {
            bindAll(ps, 1, ichunk);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                inputs
                    .get(rs.getString(1))
                    .tags
                    .add(new KeyValue(rs.getString(2), rs.getString(3)));
              }
            }
          }
        }
        inputs.forEach(
            (uuid, b) ->
                datasets
                    .computeIfAbsent(inputOwner.get(uuid), k -> new ArrayList<>())
                    .add(new DatasetInput(b.tags, b.dataset)));
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT source_id, destination_id, source_type, step FROM inputs WHERE source_type IN"
                  + " ('RUN_INPUT', 'RUN_OUTPUT') AND source_id IN ("
                  + in
                  + ")")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if ("RUN_INPUT".equals(rs.getString(3))) {
              modelInputs
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new ModelIo(rs.getString(2), null));
            } else {
              modelOutputs
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new ModelIo(rs.getString(2), rs.getLong(4)));
            }
          }
        }
      }
    }
    Map<String, Run> out = new LinkedHashMap<>();
    infos.forEach(
        (id, info) ->
            out.put(
                id,
                new Run(
                    info,
                    new RunData(metrics.get(id), params.get(id), tags.get(id)),
                    new RunInputs(datasets.get(id), modelInputs.get(id)),
                    new RunOutputs(modelOutputs.get(id)))));
    return out;
  }

  private static final class DatasetInputBuilder {
    final Dataset dataset;
    final List<KeyValue> tags = new ArrayList<>();

    DatasetInputBuilder(Dataset dataset) {
      this.dataset = dataset;
    }
  }

  private static void loadKeyValues(
      Connection c, String table, List<String> chunk, String in, Map<String, List<KeyValue>> out)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT run_uuid, `key`, value FROM "
                + table
                + " WHERE run_uuid IN ("
                + in
                + ") ORDER BY run_uuid, `key`")) {
      bindAll(ps, 1, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new KeyValue(rs.getString(2), rs.getString(3)));
        }
      }
    }
  }

  private record RunRow(String experimentId, String lifecycleStage) {}

  private static RunRow runRow(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT experiment_id, lifecycle_stage FROM runs WHERE run_uuid = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw runNotFound(runId);
        }
        return new RunRow(Integer.toString(rs.getInt(1)), rs.getString(2));
      }
    }
  }

  private static RunRow activeRun(Connection c, String runId) throws SQLException {
    RunRow row = runRow(c, runId);
    if (!ACTIVE.equals(row.lifecycleStage())) {
      throw MlflowException.invalidParameterValue(
          "The run %s must be in the 'active' state. Current state is %s.",
          runId, row.lifecycleStage());
    }
    return row;
  }

  @Override
  public RunInfo updateRun(String runId, String status, Long endTime, String runName) {
    return db.write(
        c -> {
          activeRun(c, runId);
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
          if (runName != null && !runName.isEmpty()) {
            sets.add("name = ?");
            args.add(runName);
          }
          if (!sets.isEmpty()) {
            args.add(runId);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE runs SET " + String.join(", ", sets) + " WHERE run_uuid = ?")) {
              bindAll(ps, 1, args);
              ps.executeUpdate();
            }
          }
          if (runName != null && !runName.isEmpty()) {
            upsertTags(c, runId, List.of(new KeyValue(RUN_NAME_TAG, runName)));
          }
          return loadRuns(c, List.of(runId)).get(runId).info();
        });
  }

  @Override
  public void deleteRun(String runId) {
    db.write(
        c -> {
          runRow(c, runId);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ? WHERE run_uuid = ?")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setString(2, runId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void restoreRun(String runId) {
    db.write(
        c -> {
          runRow(c, runId);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL WHERE run_uuid = ?")) {
            ps.setString(1, runId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void setTag(String runId, KeyValue tag) {
    db.write(
        c -> {
          activeRun(c, runId);
          upsertTags(c, runId, List.of(tag));
          return null;
        });
  }

  @Override
  public void deleteTag(String runId, String key) {
    db.write(
        c -> {
          activeRun(c, runId);
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM tags WHERE run_uuid = ? AND `key` = ?")) {
            ps.setString(1, runId);
            ps.setString(2, key);
            if (ps.executeUpdate() == 0) {
              throw MlflowException.resourceDoesNotExist(
                  "No tag with name: %s in run with id %s", key, runId);
            }
          }
          return null;
        });
  }

  /** Upserts run tags in one batch; {@code mlflow.runName} also renames the run. */
  private void upsertTags(Connection c, String runId, List<KeyValue> tags) throws SQLException {
    if (tags.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            upsert(
                "tags",
                List.of("key", "value", "run_uuid"),
                List.of("key", "run_uuid"),
                List.of("value")))) {
      for (KeyValue t : tags) {
        ps.setString(1, t.key());
        ps.setString(2, t.value());
        ps.setString(3, runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    for (KeyValue t : tags) {
      if (RUN_NAME_TAG.equals(t.key())) {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE runs SET name = ? WHERE run_uuid = ?")) {
          ps.setString(1, t.value());
          ps.setString(2, runId);
          ps.executeUpdate();
        }
      }
    }
  }

  @Override
  public void logBatch(
      String runId, List<Metric> metrics, List<KeyValue> params, List<KeyValue> tags) {
    db.write(
        c -> {
          RunRow run = activeRun(c, runId);
          logParams(c, runId, params);
          logMetrics(c, runId, metrics);
          logModelMetrics(c, runId, parseExperimentId(run.experimentId()), metrics);
          upsertTags(c, runId, tags);
          return null;
        });
  }

  /** Params are write-once: the same value again is a no-op, another value is refused. */
  private void logParams(Connection c, String runId, List<KeyValue> params) throws SQLException {
    if (params.isEmpty()) {
      return;
    }
    Map<String, String> existing = new HashMap<>();
    List<String> keys = params.stream().map(KeyValue::key).toList();
    for (List<String> chunk : chunks(keys)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT `key`, value FROM params WHERE run_uuid = ? AND `key` IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        ps.setString(1, runId);
        bindAll(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            existing.put(rs.getString(1), rs.getString(2));
          }
        }
      }
    }
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
    if (fresh.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO params (`key`, value, run_uuid) VALUES (?, ?, ?)")) {
      for (KeyValue p : fresh) {
        ps.setString(1, p.key());
        ps.setString(2, p.value());
        ps.setString(3, runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Stored form of a metric value: NaN as (0, is_nan), infinities clamped like MLflow. */
  static double storedValue(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    if (v == Double.POSITIVE_INFINITY) {
      return Double.MAX_VALUE;
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return -Double.MAX_VALUE;
    }
    return v;
  }

  private void logMetrics(Connection c, String runId, List<Metric> metrics) throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    // Exact duplicates of a stored point are the primary key and are ignored, as in MLflow.
    String insert =
        db.isMysql()
            ? "INSERT INTO metrics (`key`, value, timestamp, step, is_nan, run_uuid) VALUES"
                + " (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE run_uuid = run_uuid"
            : "INSERT INTO metrics (`key`, value, timestamp, step, is_nan, run_uuid) VALUES"
                + " (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (Metric m : metrics) {
        ps.setString(1, m.key());
        ps.setDouble(2, storedValue(m.value()));
        ps.setLong(3, m.timestamp());
        ps.setLong(4, m.step() == null ? 0 : m.step());
        ps.setBoolean(5, Double.isNaN(m.value()));
        ps.setString(6, runId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    updateLatestMetrics(c, runId, metrics);
  }

  /**
   * Metrics logged with a {@code model_id} also belong to that logged model (MLflow's
   * logged_model_metrics); points already recorded under the table's key are skipped.
   */
  private void logModelMetrics(Connection c, String runId, int experimentId, List<Metric> metrics)
      throws SQLException {
    List<Metric> forModels =
        metrics.stream().filter(m -> m.modelId() != null && !m.modelId().isEmpty()).toList();
    if (forModels.isEmpty()) {
      return;
    }
    String insert =
        "INSERT INTO logged_model_metrics (model_id, metric_name, metric_timestamp_ms, metric_step,"
            + " metric_value, experiment_id, run_id, dataset_uuid, dataset_name, dataset_digest)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)"
            + (db.isMysql()
                ? " ON DUPLICATE KEY UPDATE run_id = run_id"
                : " ON CONFLICT DO NOTHING");
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (Metric m : forModels) {
        ps.setString(1, m.modelId());
        ps.setString(2, m.key());
        ps.setLong(3, m.timestamp());
        ps.setLong(4, m.step() == null ? 0 : m.step());
        ps.setDouble(5, storedValue(m.value()));
        ps.setInt(6, experimentId);
        ps.setString(7, runId);
        ps.setString(8, m.datasetName());
        ps.setString(9, m.datasetDigest());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** (step, timestamp, value) ordering of MLflow's latest-metric rule; NaN never wins on value. */
  static boolean newer(Metric a, Metric b) {
    long sa = a.step() == null ? 0 : a.step();
    long sb = b.step() == null ? 0 : b.step();
    if (sa != sb) {
      return sa > sb;
    }
    if (!a.timestamp().equals(b.timestamp())) {
      return a.timestamp() > b.timestamp();
    }
    return a.value() > b.value();
  }

  /**
   * Keeps latest_metrics in step with the batch. Keys are processed in sorted order and existing
   * rows are locked in that order, so concurrent batches cannot deadlock on each other.
   */
  private void updateLatestMetrics(Connection c, String runId, List<Metric> metrics)
      throws SQLException {
    TreeMap<String, Metric> candidates = new TreeMap<>();
    for (Metric m : metrics) {
      Metric s =
          Metric.of(
              m.key(),
              storedValueKeepNaN(m.value()),
              m.timestamp(),
              m.step() == null ? 0 : m.step());
      Metric cur = candidates.get(m.key());
      if (cur == null || newer(s, cur)) {
        candidates.put(m.key(), s);
      }
    }
    Map<String, Metric> existing = new HashMap<>();
    List<String> keys = new ArrayList<>(candidates.keySet());
    for (List<String> chunk : chunks(keys)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT `key`, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ?"
                  + " AND `key` IN ("
                  + placeholders(chunk.size())
                  + ") ORDER BY `key`"
                  + (db.isMysql() ? " FOR UPDATE" : ""))) {
        ps.setString(1, runId);
        bindAll(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double v = rs.getBoolean(5) ? Double.NaN : rs.getDouble(2);
            existing.put(
                rs.getString(1), Metric.of(rs.getString(1), v, rs.getLong(3), rs.getLong(4)));
          }
        }
      }
    }
    List<Metric> inserts = new ArrayList<>();
    List<Metric> updates = new ArrayList<>();
    for (Metric m : candidates.values()) {
      Metric old = existing.get(m.key());
      if (old == null) {
        inserts.add(m);
      } else if (newer(m, old)) {
        updates.add(m);
      }
    }
    if (!inserts.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO latest_metrics (`key`, value, timestamp, step, is_nan, run_uuid)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Metric m : inserts) {
          ps.setString(1, m.key());
          ps.setDouble(2, storedValue(m.value()));
          ps.setLong(3, m.timestamp());
          ps.setLong(4, m.step());
          ps.setBoolean(5, Double.isNaN(m.value()));
          ps.setString(6, runId);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!updates.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE latest_metrics SET value = ?, timestamp = ?, step = ?, is_nan = ? WHERE"
                  + " run_uuid = ? AND `key` = ?")) {
        for (Metric m : updates) {
          ps.setDouble(1, storedValue(m.value()));
          ps.setLong(2, m.timestamp());
          ps.setLong(3, m.step());
          ps.setBoolean(4, Double.isNaN(m.value()));
          ps.setString(5, runId);
          ps.setString(6, m.key());
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
  }

  private static double storedValueKeepNaN(double v) {
    return Double.isNaN(v) ? v : storedValue(v);
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> datasets, List<String> modelIds) {
    db.write(
        c -> {
          RunRow run = activeRun(c, runId);
          int experimentId = parseExperimentId(run.experimentId());
          Map<String, DatasetInput> unique = new LinkedHashMap<>();
          for (DatasetInput di : datasets) {
            unique.putIfAbsent(di.dataset().name() + "\u0000" + di.dataset().digest(), di);
          }
          for (DatasetInput di : unique.values()) {
            Dataset d = di.dataset();
            String datasetUuid = null;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT dataset_uuid, name, digest FROM datasets WHERE experiment_id = ? AND name = ?"
                        + " AND digest = ?")) {
              ps.setInt(1, experimentId);
              ps.setString(2, d.name());
              ps.setString(3, d.digest());
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  if (d.name().equals(rs.getString(2)) && d.digest().equals(rs.getString(3))) {
                    datasetUuid = rs.getString(1);
                  }
                }
              }
            }
            if (datasetUuid == null) {
              datasetUuid = UUID.randomUUID().toString().replace("-", "");
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest,"
                          + " dataset_source_type, dataset_source, dataset_schema, dataset_profile)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, datasetUuid);
                ps.setInt(2, experimentId);
                ps.setString(3, d.name());
                ps.setString(4, d.digest());
                ps.setString(5, d.sourceType());
                ps.setString(6, d.source());
                ps.setString(7, d.schema());
                ps.setString(8, d.profile());
                ps.executeUpdate();
              }
            }
            boolean linked;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT 1 FROM inputs WHERE source_type = 'DATASET' AND source_id = ? AND"
                        + " destination_type = 'RUN' AND destination_id = ?")) {
              ps.setString(1, datasetUuid);
              ps.setString(2, runId);
              try (ResultSet rs = ps.executeQuery()) {
                linked = rs.next();
              }
            }
            if (!linked) {
              String inputUuid = UUID.randomUUID().toString().replace("-", "");
              insertInput(c, inputUuid, "DATASET", datasetUuid, "RUN", runId);
              if (di.tags() != null && !di.tags().isEmpty()) {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "INSERT INTO input_tags (input_uuid, name, value) VALUES (?, ?, ?)")) {
                  for (KeyValue t : di.tags()) {
                    ps.setString(1, inputUuid);
                    ps.setString(2, t.key());
                    ps.setString(3, t.value());
                    ps.addBatch();
                  }
                  ps.executeBatch();
                }
              }
            }
          }
          for (String modelId : modelIds) {
            boolean linked;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT 1 FROM inputs WHERE source_type = 'RUN_INPUT' AND source_id = ? AND"
                        + " destination_type = 'MODEL_INPUT' AND destination_id = ?")) {
              ps.setString(1, runId);
              ps.setString(2, modelId);
              try (ResultSet rs = ps.executeQuery()) {
                linked = rs.next();
              }
            }
            if (!linked) {
              insertInput(
                  c,
                  UUID.randomUUID().toString().replace("-", ""),
                  "RUN_INPUT",
                  runId,
                  "MODEL_INPUT",
                  modelId);
            }
          }
          return null;
        });
  }

  private static void insertInput(
      Connection c, String uuid, String srcType, String srcId, String dstType, String dstId)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type,"
                + " destination_id, step) VALUES (?, ?, ?, ?, ?, 0)")) {
      ps.setString(1, uuid);
      ps.setString(2, srcType);
      ps.setString(3, srcId);
      ps.setString(4, dstType);
      ps.setString(5, dstId);
      ps.executeUpdate();
    }
  }

  @Override
  public Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      List<String> orderBy,
      int maxResults,
      String pageToken) {
    int offset = PageToken.decodeOffset(pageToken);
    List<Integer> expIds =
        experimentIds.stream().map(JdbcTrackingStore::parseExperimentId).toList();
    SqlQuery q =
        RunSearch.build(expIds, filter, viewType, orderBy, maxResults + 1, offset, db.vendor());
    return db.read(
        c -> {
          List<String> ids = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            bindAll(ps, 1, q.params());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ids.add(rs.getString(1));
              }
            }
          }
          String next = null;
          if (ids.size() > maxResults) {
            ids = ids.subList(0, maxResults);
            next = PageToken.encode((long) offset + maxResults);
          }
          Map<String, Run> byId = loadRuns(c, ids);
          List<Run> out = new ArrayList<>(ids.size());
          for (String id : ids) {
            out.add(byId.get(id));
          }
          return new Page<>(out, next);
        });
  }

  @Override
  public Page<Metric> getMetricHistory(
      String runId, String key, Integer maxResults, String pageToken) {
    int offset = PageToken.decodeOffset(pageToken);
    return db.read(
        c -> {
          // like MLflow: an unknown run has an empty history, not an error
          StringBuilder sql =
              new StringBuilder(
                  "SELECT `key`, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND"
                      + " `key` = ? ORDER BY timestamp, step, value");
          if (maxResults != null) {
            sql.append(" LIMIT ? OFFSET ?");
          } else if (offset > 0) {
            sql.append(
                db.isMysql() ? " LIMIT 18446744073709551615 OFFSET ?" : " LIMIT -1 OFFSET ?");
          }
          List<Metric> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, runId);
            ps.setString(2, key);
            if (maxResults != null) {
              ps.setInt(3, maxResults + 1);
              ps.setInt(4, offset);
            } else if (offset > 0) {
              ps.setInt(3, offset);
            }
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                double v = rs.getBoolean(5) ? Double.NaN : rs.getDouble(2);
                out.add(Metric.of(rs.getString(1), v, rs.getLong(3), rs.getLong(4)));
              }
            }
          }
          String next = null;
          if (maxResults != null && out.size() > maxResults) {
            out = out.subList(0, maxResults);
            next = PageToken.encode((long) offset + maxResults);
          }
          return new Page<>(out, next);
        });
  }

  @Override
  public List<MetricWithRunId> getMetricHistoryBulkInterval(
      List<String> runIds, String key, int maxResults, Long startStep, Long endStep) {
    int n = Math.max(1, maxResults);
    return db.read(
        c -> {
          List<MetricWithRunId> out = new ArrayList<>();
          String range = startStep != null ? " AND step >= ? AND step <= ?" : "";
          // Evenly sampled in SQL: NTILE buckets over the ordered history, first row of each
          // bucket, plus the overall last point (MLflow's rule), so memory stays ~max_results rows.
          String sampled =
              "SELECT value, timestamp, step, is_nan FROM (SELECT value, timestamp, step, is_nan,"
                  + " ROW_NUMBER() OVER (PARTITION BY bucket ORDER BY step, timestamp, value, is_nan) rn"
                  + " FROM (SELECT value, timestamp, step, is_nan, NTILE(?) OVER (ORDER BY step,"
                  + " timestamp, value, is_nan) bucket FROM metrics WHERE run_uuid = ? AND `key` = ?"
                  + range
                  + ") b) r WHERE rn = 1 ORDER BY step, timestamp, value, is_nan";
          String last =
              "SELECT value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? AND `key` = ?"
                  + range
                  + " ORDER BY step DESC, timestamp DESC, value DESC, is_nan DESC LIMIT 1";
          for (String runId : runIds) {
            List<Object[]> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sampled)) {
              ps.setInt(1, n);
              ps.setString(2, runId);
              ps.setString(3, key);
              if (startStep != null) {
                ps.setLong(4, startStep);
                ps.setLong(5, endStep);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  rows.add(
                      new Object[] {
                        rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)
                      });
                }
              }
            }
            Object[] lastRow = null;
            try (PreparedStatement ps = c.prepareStatement(last)) {
              ps.setString(1, runId);
              ps.setString(2, key);
              if (startStep != null) {
                ps.setLong(3, startStep);
                ps.setLong(4, endStep);
              }
              try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                  lastRow =
                      new Object[] {
                        rs.getDouble(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)
                      };
                }
              }
            }
            if (lastRow != null
                && (rows.isEmpty() || !sameRow(rows.get(rows.size() - 1), lastRow))) {
              if (rows.size() >= n) {
                rows.set(rows.size() - 1, lastRow);
              } else {
                rows.add(lastRow);
              }
            }
            for (Object[] r : rows) {
              double v = (Boolean) r[3] ? Double.NaN : (Double) r[0];
              out.add(new MetricWithRunId(key, v, (Long) r[1], (Long) r[2], runId));
            }
          }
          return out;
        });
  }

  private static boolean sameRow(Object[] a, Object[] b) {
    boolean nanA = (Boolean) a[3];
    boolean nanB = (Boolean) b[3];
    return a[1].equals(b[1]) && a[2].equals(b[2]) && nanA == nanB && (nanA || a[0].equals(b[0]));
  }

  @Override
  public List<MetricWithRunId> getMetricHistoryBulk(
      List<String> runIds, String key, int maxResults) {
    List<String> ids = new ArrayList<>(new java.util.TreeSet<>(runIds));
    return db.read(
        c -> {
          List<MetricWithRunId> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT run_uuid, `key`, value, timestamp, step, is_nan FROM metrics WHERE `key` = ?"
                      + " AND run_uuid IN ("
                      + placeholders(ids.size())
                      + ") ORDER BY run_uuid,"
                      + " timestamp, step, value LIMIT ?")) {
            ps.setString(1, key);
            bindAll(ps, 2, ids);
            ps.setInt(2 + ids.size(), maxResults);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                double v = rs.getBoolean(6) ? Double.NaN : rs.getDouble(3);
                out.add(
                    new MetricWithRunId(
                        rs.getString(2), v, rs.getLong(4), rs.getLong(5), rs.getString(1)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public List<DatasetSummary> searchDatasets(List<String> experimentIds) {
    List<Integer> ids = experimentIds.stream().map(JdbcTrackingStore::parseExperimentId).toList();
    if (ids.isEmpty()) {
      return List.of();
    }
    return db.read(
        c -> {
          List<DatasetSummary> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT DISTINCT d.experiment_id, d.name, d.digest, t.value FROM datasets d JOIN"
                      + " inputs i ON i.source_type = 'DATASET' AND i.source_id = d.dataset_uuid LEFT"
                      + " JOIN input_tags t ON t.input_uuid = i.input_uuid AND t.name ="
                      + " 'mlflow.data.context' WHERE d.experiment_id IN ("
                      + placeholders(ids.size())
                      + ") ORDER BY d.experiment_id, d.name, d.digest")) {
            bindAll(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new DatasetSummary(
                        Integer.toString(rs.getInt(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4)));
              }
            }
          }
          return out;
        });
  }

  // ------------------------------------------------------------------ helpers

  /** An upsert statement in the vendor's syntax; columns in bind order. */
  String upsert(String table, List<String> cols, List<String> keyCols, List<String> updateCols) {
    String colList = String.join(", ", cols.stream().map(JdbcTrackingStore::q).toList());
    String values = placeholders(cols.size());
    if (db.isMysql()) {
      return "INSERT INTO "
          + table
          + " ("
          + colList
          + ") VALUES ("
          + values
          + ") ON DUPLICATE KEY UPDATE "
          + String.join(
              ", ", updateCols.stream().map(u -> q(u) + " = VALUES(" + q(u) + ")").toList());
    }
    return "INSERT INTO "
        + table
        + " ("
        + colList
        + ") VALUES ("
        + values
        + ") ON CONFLICT ("
        + String.join(", ", keyCols.stream().map(JdbcTrackingStore::q).toList())
        + ") DO UPDATE SET "
        + String.join(", ", updateCols.stream().map(u -> q(u) + " = excluded." + q(u)).toList());
  }

  /**
   * Quotes a column name (backticks work on MySQL and SQLite; {@code key} is reserved on MySQL).
   */
  static String q(String col) {
    return "`" + col + "`";
  }

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  static <T> List<List<T>> chunks(List<T> list) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i += IN_CHUNK) {
      out.add(list.subList(i, Math.min(list.size(), i + IN_CHUNK)));
    }
    return out;
  }

  static void bindAll(PreparedStatement ps, int start, Collection<?> values) throws SQLException {
    int i = start;
    for (Object v : values) {
      ps.setObject(i++, v);
    }
  }

  static Long getLong(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
