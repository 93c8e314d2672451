package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.JdbcTrackingStore.bindAll;
import static dev.trackway.store.jdbc.JdbcTrackingStore.chunks;
import static dev.trackway.store.jdbc.JdbcTrackingStore.getLong;
import static dev.trackway.store.jdbc.JdbcTrackingStore.placeholders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trackway.compat.MlflowUris;
import dev.trackway.compat.PyJson;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.LoggedModel;
import dev.trackway.domain.LoggedModelData;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelInfo;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.Metric;
import dev.trackway.domain.ModelIo;
import dev.trackway.domain.Page;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.LoggedModelStore;
import dev.trackway.store.jdbc.search.LoggedModelSearch;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link LoggedModelStore} on MLflow's {@code logged_models}, {@code logged_model_params}, {@code
 * logged_model_tags} and {@code logged_model_metrics} tables, and the {@code inputs} rows
 * (RUN_OUTPUT to MODEL_OUTPUT) of run outputs, with plain JDBC.
 *
 * <p>Page tokens are MLflow's own: {@code base64(json({"experiment_ids", "filter_string",
 * "order_by", "offset"}))}, and a token only continues the search it came from.
 */
@ApplicationScoped
public class JdbcLoggedModelStore implements LoggedModelStore {
  static final String MODELS_FOLDER = "models";
  static final String ARTIFACTS_FOLDER = "artifacts";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Database db;

  private static final String COLUMNS =
      "model_id, experiment_id, name, artifact_location, creation_timestamp_ms,"
          + " last_updated_timestamp_ms, status, lifecycle_stage, model_type, source_run_id,"
          + " status_message";

  record ModelRow(
      String modelId,
      int experimentId,
      String name,
      String artifactLocation,
      Long creationTimestampMs,
      Long lastUpdatedTimestampMs,
      int status,
      String lifecycleStage,
      String modelType,
      String sourceRunId,
      String statusMessage) {}

  /** The proto name of a stored status number. */
  public static String statusName(int status) {
    return switch (status) {
      case STATUS_PENDING -> "LOGGED_MODEL_PENDING";
      case STATUS_READY -> "LOGGED_MODEL_READY";
      case STATUS_FAILED -> "LOGGED_MODEL_UPLOAD_FAILED";
      case STATUS_UNSPECIFIED -> "LOGGED_MODEL_STATUS_UNSPECIFIED";
      default -> throw MlflowException.invalidParameterValue("Unknown model status: %d", status);
    };
  }

  static MlflowException notFound(String modelId) {
    return MlflowException.resourceDoesNotExist("Logged model with ID '%s' not found.", modelId);
  }

  // ------------------------------------------------------------------ writes

  @Override
  public LoggedModel createLoggedModel(
      String experimentId,
      String name,
      String modelType,
      String sourceRunId,
      List<KeyValue> params,
      List<KeyValue> tags) {
    int expId = JdbcTrackingStore.parseExperimentId(experimentId);
    return db.write(
        c -> {
          String artifactRoot;
          String stage;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?"
                      + " AND workspace = ?")) {
            ps.setInt(1, expId);
            ps.setString(2, JdbcTrackingStore.WORKSPACE);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw MlflowException.resourceDoesNotExist(
                    "No Experiment with id=%s exists", experimentId);
              }
              artifactRoot = rs.getString(1);
              stage = rs.getString(2);
            }
          }
          if (!JdbcTrackingStore.ACTIVE.equals(stage)) {
            throw MlflowException.invalidParameterValue(
                "The experiment %s must be in the 'active' state. Current state is %s.",
                expId, stage);
          }
          String modelId = "m-" + UUID.randomUUID().toString().replace("-", "");
          String artifactLocation =
              MlflowUris.appendToUri(
                  artifactRoot == null ? "" : artifactRoot,
                  MODELS_FOLDER,
                  modelId,
                  ARTIFACTS_FOLDER);
          String modelName = name == null ? RunNames.generate() : name;
          long now = System.currentTimeMillis();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO logged_models ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      + " NULL)")) {
            ps.setString(1, modelId);
            ps.setInt(2, expId);
            ps.setString(3, modelName);
            ps.setString(4, artifactLocation);
            ps.setLong(5, now);
            ps.setLong(6, now);
            ps.setInt(7, STATUS_PENDING);
            ps.setString(8, JdbcTrackingStore.ACTIVE);
            ps.setString(9, modelType);
            ps.setString(10, sourceRunId);
            ps.executeUpdate();
          }
          insertParams(c, modelId, expId, params);
          if (!tags.isEmpty()) {
            // like MLflow (one row per tag): a repeated key is a primary-key violation
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value)"
                        + " VALUES (?, ?, ?, ?)")) {
              for (KeyValue t : tags) {
                ps.setString(1, modelId);
                ps.setInt(2, expId);
                ps.setString(3, t.key());
                ps.setString(4, t.value());
                ps.addBatch();
              }
              ps.executeBatch();
            } catch (SQLException e) {
              throw badRequest(e);
            }
          }
          return load(c, List.of(modelId)).get(modelId);
        });
  }

  private static void insertParams(Connection c, String modelId, int expId, List<KeyValue> params)
      throws SQLException {
    if (params.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO logged_model_params (model_id, experiment_id, param_key, param_value)"
                + " VALUES (?, ?, ?, ?)")) {
      for (KeyValue p : params) {
        ps.setString(1, modelId);
        ps.setInt(2, expId);
        ps.setString(3, p.key());
        ps.setString(4, p.value());
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (SQLException e) {
      throw badRequest(e);
    }
  }

  /**
   * MLflow answers an integrity error of its session with BAD_REQUEST (a logged-model param or tag
   * key given twice, or logged again).
   */
  private static SQLException badRequest(SQLException e) {
    if (Database.isUniqueViolation(e)) {
      throw new MlflowException(
          ErrorCode.BAD_REQUEST,
          "(IntegrityError) UNIQUE constraint failed: a logged model parameter or tag with this key"
              + " already exists");
    }
    return e;
  }

  @Override
  public LoggedModel finalizeLoggedModel(String modelId, int status) {
    return db.write(
        c -> {
          row(c, modelId, true);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE logged_models SET status = ?, last_updated_timestamp_ms = ? WHERE model_id"
                      + " = ?")) {
            ps.setInt(1, status);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, modelId);
            ps.executeUpdate();
          }
          return load(c, List.of(modelId)).get(modelId);
        });
  }

  @Override
  public void deleteLoggedModel(String modelId) {
    db.write(
        c -> {
          row(c, modelId, true);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE logged_models SET lifecycle_stage = ?, last_updated_timestamp_ms = ? WHERE"
                      + " model_id = ?")) {
            ps.setString(1, JdbcTrackingStore.DELETED);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, modelId);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void setLoggedModelTags(String modelId, List<KeyValue> tags) {
    Map<String, String> dedup = new LinkedHashMap<>();
    for (KeyValue t : tags) {
      dedup.put(t.key(), t.value());
    }
    db.write(
        c -> {
          ModelRow m = row(c, modelId, true);
          if (dedup.isEmpty()) {
            return null;
          }
          String sql =
              db.isMysql()
                  ? "INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value)"
                      + " VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE tag_value = VALUES(tag_value)"
                  : "INSERT INTO logged_model_tags (model_id, experiment_id, tag_key, tag_value)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (model_id, tag_key) DO UPDATE SET tag_value"
                      + " = excluded.tag_value";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<String, String> t : dedup.entrySet()) {
              ps.setString(1, modelId);
              ps.setInt(2, m.experimentId());
              ps.setString(3, t.getKey());
              ps.setString(4, t.getValue());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public void deleteLoggedModelTag(String modelId, String key) {
    db.write(
        c -> {
          row(c, modelId, true);
          int count;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM logged_model_tags WHERE model_id = ? AND tag_key = ?")) {
            ps.setString(1, modelId);
            ps.setString(2, key);
            count = ps.executeUpdate();
          }
          if (count == 0) {
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
          insertParams(c, modelId, m.experimentId(), params);
          return null;
        });
  }

  @Override
  public void logOutputs(String runId, List<ModelIo> models) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT lifecycle_stage FROM runs WHERE run_uuid = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw JdbcTrackingStore.runNotFound(runId);
              }
              String stage = rs.getString(1);
              if (!JdbcTrackingStore.ACTIVE.equals(stage)) {
                throw MlflowException.invalidParameterValue(
                    "The run %s must be in the 'active' state. Current state is %s.", runId, stage);
              }
            }
          }
          if (models.isEmpty()) {
            return null;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO inputs (input_uuid, source_type, source_id, destination_type,"
                      + " destination_id, step) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (ModelIo m : models) {
              ps.setString(1, UUID.randomUUID().toString().replace("-", ""));
              ps.setString(2, "RUN_OUTPUT");
              ps.setString(3, runId);
              ps.setString(4, "MODEL_OUTPUT");
              ps.setString(5, m.modelId());
              ps.setLong(6, m.step() == null ? 0 : m.step());
              ps.addBatch();
            }
            ps.executeBatch();
          } catch (SQLException e) {
            // as MLflow: a model already recorded as an output of the run is an integrity error
            if (Database.isUniqueViolation(e)) {
              throw new MlflowException(
                  ErrorCode.BAD_REQUEST,
                  "(IntegrityError) UNIQUE constraint failed: the model is already an output of run "
                      + runId);
            }
            throw e;
          }
          return null;
        });
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
    String filterString = filter == null || filter.isEmpty() ? null : filter;
    int offset = 0;
    if (pageToken != null && !pageToken.isEmpty()) {
      offset = decodeToken(pageToken, experimentIds, filterString, orderBy);
    }
    SqlQuery q =
        LoggedModelSearch.build(
            experimentIds, filterString, datasets, orderBy, maxResults + 1, offset, db.vendor());
    int start = offset;
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
            next = encodeToken(experimentIds, filterString, orderBy, start + maxResults);
          }
          Map<String, LoggedModel> byId = load(c, ids);
          List<LoggedModel> out = new ArrayList<>(ids.size());
          for (String id : ids) {
            out.add(byId.get(id));
          }
          return new Page<>(out, next);
        });
  }

  /** The model row; deleted models are RESOURCE_DOES_NOT_EXIST unless allowed. */
  private static ModelRow row(Connection c, String modelId, boolean allowDeleted)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM logged_models WHERE model_id = ?")) {
      ps.setString(1, modelId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw notFound(modelId);
        }
        ModelRow row = modelRow(rs);
        if (!allowDeleted && JdbcTrackingStore.DELETED.equals(row.lifecycleStage())) {
          throw notFound(modelId);
        }
        return row;
      }
    }
  }

  private static ModelRow modelRow(ResultSet rs) throws SQLException {
    return new ModelRow(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getString(4),
        getLong(rs, 5),
        getLong(rs, 6),
        rs.getInt(7),
        rs.getString(8),
        rs.getString(9),
        rs.getString(10),
        rs.getString(11));
  }

  /** Models by id with tags, params and metrics: one query per table and chunk. */
  static Map<String, LoggedModel> load(Connection c, List<String> ids) throws SQLException {
    Map<String, ModelRow> rows = new LinkedHashMap<>();
    Map<String, List<KeyValue>> tags = new HashMap<>();
    Map<String, List<KeyValue>> params = new HashMap<>();
    Map<String, List<Metric>> metrics = new HashMap<>();
    for (List<String> chunk : chunks(ids)) {
      String in = placeholders(chunk.size());
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT " + COLUMNS + " FROM logged_models WHERE model_id IN (" + in + ")")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ModelRow r = modelRow(rs);
            rows.put(r.modelId(), r);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT model_id, tag_key, tag_value FROM logged_model_tags WHERE model_id IN ("
                  + in
                  + ") ORDER BY model_id, tag_key")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new KeyValue(rs.getString(2), rs.getString(3)));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT model_id, param_key, param_value FROM logged_model_params WHERE model_id IN ("
                  + in
                  + ") ORDER BY model_id, param_key")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            params
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new KeyValue(rs.getString(2), rs.getString(3)));
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT model_id, metric_name, metric_value, metric_timestamp_ms, metric_step,"
                  + " dataset_name, dataset_digest, run_id FROM logged_model_metrics WHERE model_id"
                  + " IN ("
                  + in
                  + ") ORDER BY model_id, metric_name, metric_step,"
                  + " metric_timestamp_ms, run_id")) {
        bindAll(ps, 1, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double v = rs.getDouble(3);
            Double value = rs.wasNull() ? null : v;
            metrics
                .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(
                    new Metric(
                        rs.getString(2),
                        value,
                        getLong(rs, 4),
                        getLong(rs, 5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(1),
                        rs.getString(8)));
          }
        }
      }
    }
    Map<String, LoggedModel> out = new LinkedHashMap<>();
    rows.forEach(
        (id, r) ->
            out.put(
                id,
                new LoggedModel(
                    new LoggedModelInfo(
                        r.modelId(),
                        Integer.toString(r.experimentId()),
                        r.name(),
                        r.creationTimestampMs(),
                        r.lastUpdatedTimestampMs(),
                        r.artifactLocation(),
                        statusName(r.status()),
                        r.modelType(),
                        r.sourceRunId(),
                        r.statusMessage(),
                        tags.get(id)),
                    new LoggedModelData(params.get(id), metrics.get(id)))));
    return out;
  }

  // ------------------------------------------------------------------ page tokens

  static String encodeToken(
      List<String> experimentIds,
      String filterString,
      List<LoggedModelOrderBy> orderBy,
      int offset) {
    StringBuilder sb = new StringBuilder("{\"experiment_ids\": [");
    for (int i = 0; i < experimentIds.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(PyJson.str(experimentIds.get(i)));
    }
    sb.append("], \"filter_string\": ")
        .append(filterString == null ? "null" : PyJson.str(filterString));
    sb.append(", \"order_by\": ");
    if (orderBy == null || orderBy.isEmpty()) {
      sb.append("null");
    } else {
      sb.append('[');
      for (int i = 0; i < orderBy.size(); i++) {
        LoggedModelOrderBy ob = orderBy.get(i);
        sb.append(i > 0 ? ", " : "")
            .append("{\"field_name\": ")
            .append(PyJson.str(ob.fieldName()))
            .append(", \"ascending\": ")
            .append(ob.ascending())
            .append(", \"dataset_name\": ")
            .append(ob.datasetName() == null ? "null" : PyJson.str(ob.datasetName()))
            .append(", \"dataset_digest\": ")
            .append(ob.datasetDigest() == null ? "null" : PyJson.str(ob.datasetDigest()))
            .append('}');
      }
      sb.append(']');
    }
    sb.append(", \"offset\": ").append(offset).append('}');
    return Base64.getEncoder().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The offset of a token, after checking it belongs to this search (as MLflow does). */
  static int decodeToken(
      String token,
      List<String> experimentIds,
      String filterString,
      List<LoggedModelOrderBy> orderBy) {
    JsonNode node;
    try {
      node =
          JSON.readTree(
              new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw MlflowException.invalidParameterValue(
          "Invalid page token: %s. %s", token, e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw MlflowException.invalidParameterValue("Invalid page token: %s.", token);
    }
    List<String> tokenIds = new ArrayList<>();
    JsonNode ids = node.get("experiment_ids");
    if (ids != null && ids.isArray()) {
      ids.forEach(n -> tokenIds.add(n.asText()));
    }
    if (ids == null || !ids.isArray() || !tokenIds.equals(experimentIds)) {
      throw MlflowException.invalidParameterValue(
          "Experiment IDs in the page token do not match the requested experiment IDs. Expected:"
              + " %s. Found: %s",
          PyRepr.list(experimentIds), ids == null || ids.isNull() ? "None" : PyRepr.list(tokenIds));
    }
    JsonNode f = node.get("filter_string");
    String tokenFilter = f == null || f.isNull() || f.asText().isEmpty() ? null : f.asText();
    if (!Objects.equals(tokenFilter, filterString)) {
      throw MlflowException.invalidParameterValue(
          "Filter string in the page token does not match the requested filter string. Expected:"
              + " %s. Found: %s",
          filterString == null ? "None" : filterString, tokenFilter == null ? "None" : tokenFilter);
    }
    JsonNode o = node.get("order_by");
    JsonNode expected = orderByJson(orderBy);
    JsonNode found = o == null || o.isNull() || (o.isArray() && o.isEmpty()) ? null : o;
    if (!Objects.equals(found, expected)) {
      throw MlflowException.invalidParameterValue(
          "Order by in the page token does not match the requested order by.");
    }
    JsonNode off = node.get("offset");
    return off == null || !off.canConvertToInt() ? 0 : Math.max(0, off.asInt());
  }

  private static JsonNode orderByJson(List<LoggedModelOrderBy> orderBy) {
    if (orderBy == null || orderBy.isEmpty()) {
      return null;
    }
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    for (LoggedModelOrderBy ob : orderBy) {
      var n = arr.addObject();
      n.put("field_name", ob.fieldName());
      n.put("ascending", ob.ascending());
      if (ob.datasetName() == null) {
        n.putNull("dataset_name");
      } else {
        n.put("dataset_name", ob.datasetName());
      }
      if (ob.datasetDigest() == null) {
        n.putNull("dataset_digest");
      } else {
        n.put("dataset_digest", ob.datasetDigest());
      }
    }
    return arr;
  }
}
