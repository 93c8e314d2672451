package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.JdbcExperimentStore.ACTIVE;
import static dev.trackway.store.jdbc.JdbcExperimentStore.DELETED;

import dev.trackway.compat.MlflowUris;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.LoggedModelData;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelInfo;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.LoggedModelStatus;
import dev.trackway.domain.Metric;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.Page;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.LoggedModelStore;
import dev.trackway.store.NewLoggedModel;
import dev.trackway.store.jdbc.search.LoggedModelSearch;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LoggedModelStore} on MLflow's {@code logged_models}, {@code logged_model_params}, {@code
 * logged_model_tags} and {@code logged_model_metrics} tables with plain JDBC; run outputs are
 * {@link JdbcInputStore}'s. Page tokens are MLflow's own ({@link LoggedModelPageToken}).
 */
@ApplicationScoped
public class JdbcLoggedModelStore implements LoggedModelStore {
  static final String MODELS_FOLDER = "models";
  static final String ARTIFACTS_FOLDER = "artifacts";

  private static final String COLUMNS =
      "model_id, experiment_id, name, artifact_location, creation_timestamp_ms,"
          + " last_updated_timestamp_ms, status, model_type, source_run_id, status_message,"
          + " lifecycle_stage";
  private static final Keys<String> MODEL_ID = Keys.in("model_id");
  private static final KeyedQuery<String> MODELS =
      KeyedQuery.of("SELECT " + COLUMNS + " FROM logged_models WHERE {keys}", MODEL_ID);
  private static final KeyValueTable<String> TAGS =
      KeyValueTable.of("logged_model_tags", "model_id", Rows.STRING_1, "tag_key", "tag_value")
          .withExtraColumns("experiment_id");
  private static final KeyValueTable<String> PARAMS =
      KeyValueTable.of("logged_model_params", "model_id", Rows.STRING_1, "param_key", "param_value")
          .withExtraColumns("experiment_id");
  private static final KeyedQuery<String> METRICS =
      KeyedQuery.of(
          "SELECT model_id, metric_name, metric_value, metric_timestamp_ms, metric_step,"
              + " dataset_name, dataset_digest, run_id FROM logged_model_metrics WHERE {keys}"
              + " ORDER BY model_id, metric_name, metric_step, metric_timestamp_ms, run_id",
          MODEL_ID);
  private static final RowMapper<Metric> METRIC =
      rs -> {
        double v = rs.getDouble(3);
        return new Metric(
            rs.getString(2),
            rs.wasNull() ? null : v,
            Jdbc.getLong(rs, 4),
            Jdbc.getLong(rs, 5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(1),
            rs.getString(8));
      };

  @Inject Database db;

  /** What writes need of a model: its experiment and lifecycle stage. */
  record ModelRow(int experimentId, String lifecycleStage) {}

  /** The proto name of a stored status number. */
  static String statusName(int status) {
    for (LoggedModelStatus s : LoggedModelStatus.values()) {
      if (s.number() == status) {
        return s.name();
      }
    }
    throw MlflowException.invalidParameterValue("Unknown model status: %d", status);
  }

  static MlflowException notFound(String modelId) {
    return MlflowException.resourceDoesNotExist("Logged model with ID '%s' not found.", modelId);
  }

  // ------------------------------------------------------------------ writes

  @Override
  public LoggedModel createLoggedModel(NewLoggedModel m) {
    int expId = JdbcExperimentStore.parseExperimentId(m.experimentId());
    return db.write(
        c -> {
          String artifactRoot =
              JdbcExperimentStore.activeRow(c, m.experimentId(), expId).artifactLocation();
          String modelId = "m-" + Rows.newId();
          long now = System.currentTimeMillis();
          Jdbc.update(
              c,
              "INSERT INTO logged_models ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
              modelId,
              expId,
              m.name() == null ? RunNames.generate() : m.name(),
              MlflowUris.appendToUri(
                  artifactRoot == null ? "" : artifactRoot,
                  MODELS_FOLDER,
                  modelId,
                  ARTIFACTS_FOLDER),
              now,
              now,
              STATUS_PENDING,
              m.modelType(),
              m.sourceRunId(),
              ACTIVE);
          insert(c, PARAMS, modelId, expId, m.params());
          // like MLflow (one row per tag): a repeated key is a primary-key violation
          insert(c, TAGS, modelId, expId, m.tags());
          return load(c, List.of(modelId)).get(modelId);
        });
  }

  /**
   * Inserts params or tags; MLflow answers the integrity error of a key given twice, or logged
   * again, with BAD_REQUEST.
   */
  private void insert(
      Connection c, KeyValueTable<String> table, String modelId, int expId, List<KeyValue> values)
      throws SQLException {
    db.duplicateAs(
        () -> {
          table.insert(c, modelId, List.of(expId), values);
          return null;
        },
        () ->
            new MlflowException(
                ErrorCode.BAD_REQUEST,
                "(IntegrityError) UNIQUE constraint failed: a logged model parameter or tag with"
                    + " this key already exists"));
  }

  @Override
  public LoggedModel finalizeLoggedModel(String modelId, int status) {
    return db.write(
        c -> {
          update(c, modelId, "status", status);
          return load(c, List.of(modelId)).get(modelId);
        });
  }

  @Override
  public void deleteLoggedModel(String modelId) {
    db.write(c -> update(c, modelId, "lifecycle_stage", DELETED));
  }

  /** Sets one column of a model (deleted ones included) and its last update time. */
  private static int update(Connection c, String modelId, String column, Object value)
      throws SQLException {
    row(c, modelId, true);
    return Jdbc.update(
        c,
        "UPDATE logged_models SET "
            + column
            + " = ?, last_updated_timestamp_ms = ? WHERE model_id = ?",
        value,
        System.currentTimeMillis(),
        modelId);
  }

  @Override
  public void setLoggedModelTags(String modelId, List<KeyValue> tags) {
    List<KeyValue> unique = Rows.lastPerKey(tags);
    db.write(
        c -> {
          ModelRow m = row(c, modelId, true);
          TAGS.upsert(db.dialect(), c, modelId, List.of(m.experimentId()), unique);
          return null;
        });
  }

  @Override
  public void deleteLoggedModelTag(String modelId, String key) {
    db.write(
        c -> {
          row(c, modelId, true);
          if (TAGS.delete(c, modelId, key) == 0) {
            throw MlflowException.resourceDoesNotExist(
                "No tag with key %s found for model with ID %s.",
                PyRepr.str(key), PyRepr.str(modelId));
          }
          return null;
        });
  }

  @Override
  public void logLoggedModelParams(String modelId, List<KeyValue> params) {
    db.write(
        c -> {
          ModelRow m = row(c, modelId, true);
          insert(c, PARAMS, modelId, m.experimentId(), params);
          return null;
        });
  }

  @Override
  public void logOutputs(String runId, List<ModelIo> models) {
    JdbcInputStore.logOutputs(db, runId, models);
  }

  // ------------------------------------------------------------------ reads

  @Override
  public LoggedModel getLoggedModel(String modelId, boolean allowDeleted) {
    return db.read(
        c -> {
          row(c, modelId, allowDeleted);
          return load(c, List.of(modelId)).get(modelId);
        });
  }

  @Override
  public Page<LoggedModel> searchLoggedModels(
      List<String> experimentIds,
      String filter,
      List<LoggedModelDatasetFilter> datasets,
      int maxResults,
      List<LoggedModelOrderBy> orderBy,
      String pageToken) {
    String filterString = Rows.emptyToNull(filter);
    int offset =
        pageToken == null || pageToken.isEmpty()
            ? 0
            : LoggedModelPageToken.decodeOffset(pageToken, experimentIds, filterString, orderBy);
    SqlQuery q =
        LoggedModelSearch.build(
            experimentIds, filterString, datasets, orderBy, maxResults + 1, offset, db.vendor());
    return db.read(
        c ->
            Pages.search(
                c,
                q,
                Rows.STRING_1,
                maxResults,
                () ->
                    LoggedModelPageToken.encode(
                        experimentIds, filterString, orderBy, offset + maxResults),
                JdbcLoggedModelStore::load));
  }

  /** The model row; deleted models are RESOURCE_DOES_NOT_EXIST unless allowed. */
  private static ModelRow row(Connection c, String modelId, boolean allowDeleted)
      throws SQLException {
    ModelRow row =
        Jdbc.first(
            c,
            SqlQuery.of(
                "SELECT experiment_id, lifecycle_stage FROM logged_models WHERE model_id = ?",
                modelId),
            rs -> new ModelRow(rs.getInt(1), rs.getString(2)));
    if (row == null || (!allowDeleted && DELETED.equals(row.lifecycleStage()))) {
      throw notFound(modelId);
    }
    return row;
  }

  /** Models by id with tags, params and metrics: one query per table and chunk. */
  static Map<String, LoggedModel> load(Connection c, List<String> ids) throws SQLException {
    Map<String, List<KeyValue>> tags = TAGS.load(c, ids);
    Map<String, List<KeyValue>> params = PARAMS.load(c, ids);
    Map<String, List<Metric>> metrics = METRICS.group(c, ids, Rows.STRING_1, METRIC);
    Map<String, LoggedModel> out = new LinkedHashMap<>();
    MODELS.forEach(
        c,
        ids,
        rs -> {
          String id = rs.getString(1);
          LoggedModelInfo info =
              new LoggedModelInfo(
                  id,
                  Integer.toString(rs.getInt(2)),
                  rs.getString(3),
                  Jdbc.getLong(rs, 5),
                  Jdbc.getLong(rs, 6),
                  rs.getString(4),
                  statusName(rs.getInt(7)),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  tags.get(id));
          out.put(id, new LoggedModel(info, new LoggedModelData(params.get(id), metrics.get(id))));
        });
    return out;
  }
}
