package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.StoreErrors.experimentExists;
import static dev.trackway.store.jdbc.StoreErrors.experimentNotFound;

import dev.trackway.compat.MlflowUris;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.Experiment;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LifecycleStage;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.Page;
import dev.trackway.domain.ViewType;
import dev.trackway.domain.auth.ReadScope;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.TrackingStore;
import dev.trackway.store.jdbc.search.ExperimentSearch;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments part of {@link JdbcTrackingStore}: experiments and their tags ({@code
 * experiments}, {@code experiment_tags}).
 */
interface JdbcExperimentStore extends TrackingStore, JdbcStorePart {
  String WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;
  String ACTIVE = LifecycleStage.ACTIVE.value();
  String DELETED = LifecycleStage.DELETED.value();

  KeyedQuery<Integer> EXPERIMENTS =
      KeyedQuery.of(
          "SELECT experiment_id, name, artifact_location, lifecycle_stage, last_update_time,"
              + " creation_time, workspace FROM experiments WHERE {keys}",
          Keys.in("experiment_id"));
  RowMapper<Integer> ID = rs -> rs.getInt(1);
  KeyValueTable<Integer> TAGS =
      KeyValueTable.of("experiment_tags", "experiment_id", ID, "key", "value");

  TrackwayConfig config();

  /** What runs and logged models need of their experiment. */
  record ExperimentRow(String artifactLocation, String lifecycleStage) {}

  @Override
  default String createExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    return write(
        c -> {
          if (findIdByName(c, name, false) != null) {
            throw experimentExists(name);
          }
          long now = System.currentTimeMillis();
          long id =
              db().duplicateAs(
                      () ->
                          Jdbc.insertReturningKey(
                              c,
                              SqlQuery.of(
                                  "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                                      + " creation_time, last_update_time, workspace)"
                                      + " VALUES (?, ?, ?, ?, ?, ?)",
                                  name,
                                  artifactLocation == null ? "" : artifactLocation,
                                  ACTIVE,
                                  now,
                                  now,
                                  WORKSPACE)),
                      () -> experimentExists(name));
          if (artifactLocation == null || artifactLocation.isEmpty()) {
            Jdbc.update(
                c,
                "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
                MlflowUris.appendToUri(config().defaultArtifactRootUri(), Long.toString(id)),
                id);
          }
          TAGS.upsert(db().dialect(), c, (int) id, List.of(), tags);
          return Long.toString(id);
        });
  }

  /**
   * The experiment of this name. An MLflow-made MySQL database may use a _ci collation: with {@code
   * exact} only a case-exact match counts, otherwise any match the database's unique key would see
   * as a clash.
   */
  private static Long findIdByName(Connection c, String name, boolean exact) throws SQLException {
    Long any = null;
    for (Map.Entry<Long, String> row :
        Jdbc.list(
            c,
            SqlQuery.of(
                "SELECT experiment_id, name FROM experiments WHERE workspace = ? AND name = ?",
                WORKSPACE,
                name),
            rs -> Map.entry(rs.getLong(1), rs.getString(2)))) {
      if (name.equals(row.getValue())) {
        return row.getKey();
      }
      any = row.getKey();
    }
    return exact ? null : any;
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
  default Experiment getExperiment(String experimentId) {
    int id = parseExperimentId(experimentId);
    return read(
        c -> Pages.one(c, JdbcExperimentStore::load, id, () -> experimentNotFound(experimentId)));
  }

  @Override
  default Experiment getExperimentByName(String name) {
    return read(
        c -> {
          Long id = findIdByName(c, name, true);
          return id == null ? null : load(c, List.of(id.intValue())).get(id.intValue());
        });
  }

  /** Experiments by id with their tags: two queries per chunk of ids. */
  static Map<Integer, Experiment> load(Connection c, List<Integer> ids) throws SQLException {
    Map<Integer, Experiment> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Map<Integer, List<KeyValue>> tags = TAGS.load(c, ids);
    for (Experiment e :
        EXPERIMENTS.list(
            c,
            ids,
            rs ->
                new Experiment(
                    Integer.toString(rs.getInt(1)),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    Jdbc.getLong(rs, 5),
                    Jdbc.getLong(rs, 6),
                    tags.get(rs.getInt(1)),
                    rs.getString(7)))) {
      out.put(Integer.parseInt(e.experimentId()), e);
    }
    return out;
  }

  /** The artifact location and lifecycle stage of an experiment, or 404. */
  static ExperimentRow row(Connection c, String experimentId) throws SQLException {
    ExperimentRow row =
        Jdbc.first(
            c,
            SqlQuery.of(
                "SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?",
                parseExperimentId(experimentId)),
            rs -> new ExperimentRow(rs.getString(1), rs.getString(2)));
    if (row == null) {
      throw experimentNotFound(experimentId);
    }
    return row;
  }

  /** The experiment, which must exist and be active. */
  static ExperimentRow activeRow(Connection c, String experimentId, Object shownId)
      throws SQLException {
    ExperimentRow row = row(c, experimentId);
    StoreErrors.requireActive("experiment", shownId, row.lifecycleStage());
    return row;
  }

  @Override
  default void deleteExperiment(String experimentId) {
    setStage(experimentId, ACTIVE, DELETED);
  }

  @Override
  default void restoreExperiment(String experimentId) {
    setStage(experimentId, DELETED, ACTIVE);
  }

  private void setStage(String experimentId, String from, String to) {
    write(
        c -> {
          if (!from.equals(row(c, experimentId).lifecycleStage())) {
            // MLflow looks the experiment up restricted to the source view type
            throw experimentNotFound(experimentId);
          }
          long now = System.currentTimeMillis();
          int id = parseExperimentId(experimentId);
          Jdbc.update(
              c,
              "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE"
                  + " experiment_id = ?",
              to,
              now,
              id);
          // MLflow marks every run of the experiment with the experiment's stage
          return JdbcRunStore.markRuns(c, "experiment_id", id, to, now);
        });
  }

  @Override
  default void renameExperiment(String experimentId, String newName) {
    write(
        c -> {
          if (!ACTIVE.equals(row(c, experimentId).lifecycleStage())) {
            throw new MlflowException(
                ErrorCode.INVALID_STATE, "Cannot rename a non-active experiment.");
          }
          int id = parseExperimentId(experimentId);
          Long other = findIdByName(c, newName, false);
          if (other != null && other != id) {
            throw experimentExists(newName);
          }
          db().duplicateAs(
                  () ->
                      Jdbc.update(
                          c,
                          "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
                          newName,
                          System.currentTimeMillis(),
                          id),
                  () -> experimentExists(newName));
          return null;
        });
  }

  @Override
  default void setExperimentTag(String experimentId, KeyValue tag) {
    writeActive(
        experimentId, (c, id) -> TAGS.upsert(db().dialect(), c, id, List.of(), List.of(tag)));
  }

  @Override
  default void deleteExperimentTag(String experimentId, String key) {
    writeActive(
        experimentId,
        (c, id) -> {
          if (TAGS.delete(c, id, key) == 0) {
            throw MlflowException.resourceDoesNotExist(
                "No tag with name: %s in experiment with id %s", key, experimentId);
          }
        });
  }

  /** A change to an experiment by id. */
  @FunctionalInterface
  interface Change {
    void apply(Connection c, int experimentId) throws SQLException;
  }

  /** Applies the change in a transaction, to an experiment that must exist and be active. */
  private void writeActive(String experimentId, Change change) {
    write(
        c -> {
          activeRow(c, experimentId, experimentId);
          change.apply(c, parseExperimentId(experimentId));
          return null;
        });
  }

  @Override
  default Page<Experiment> searchExperiments(
      String filter,
      ViewType viewType,
      List<String> orderBy,
      int maxResults,
      String pageToken,
      ReadScope scope) {
    return Pages.offsetPaged(
        db(),
        pageToken,
        maxResults,
        Pages.search(db(), filter, orderBy, page -> ExperimentSearch.build(page, viewType, scope)),
        ID,
        JdbcExperimentStore::load);
  }
}
