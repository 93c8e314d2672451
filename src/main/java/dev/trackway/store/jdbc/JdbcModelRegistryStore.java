package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.JdbcTrackingStore.bindAll;
import static dev.trackway.store.jdbc.JdbcTrackingStore.getLong;
import static dev.trackway.store.jdbc.JdbcTrackingStore.placeholders;

import dev.trackway.compat.PyRepr;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.domain.RegisteredModelAlias;
import dev.trackway.error.MlflowException;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.jdbc.search.ModelVersionSearch;
import dev.trackway.store.jdbc.search.RegisteredModelSearch;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@link ModelRegistryStore} on MLflow's registry tables ({@code registered_models}, {@code
 * model_versions}, {@code registered_model_tags}, {@code model_version_tags}, {@code
 * registered_model_aliases}, all in workspace 'default') with plain JDBC.
 *
 * <p>Reads load a page of models or versions first and then each child table once for the whole
 * page. Renaming relies on the schema's {@code ON UPDATE CASCADE} foreign keys (versions, tags and
 * aliases follow the new name), as MLflow does. A new version number is max+1 over all versions of
 * the model, deleted ones included; the model row is updated first so that concurrent creations
 * queue on its row lock, and a unique-key conflict is still retried (3 attempts).
 */
@ApplicationScoped
public class JdbcModelRegistryStore implements ModelRegistryStore {
  private static final Logger LOG = Logger.getLogger(JdbcModelRegistryStore.class);
  static final String WORKSPACE = "default";
  static final String STAGE_NONE = "None";
  static final String STAGE_ARCHIVED = "Archived";
  static final String DELETED_INTERNAL = ModelVersionSearch.STAGE_DELETED_INTERNAL;
  static final String IS_PROMPT_TAG = RegisteredModelSearch.IS_PROMPT_TAG;
  static final int CREATE_MODEL_VERSION_RETRIES = 3;

  /** Keys per statement when loading versions by (name, version). */
  static final int KEY_CHUNK = 200;

  private static final String MV_COLUMNS =
      "name, version, creation_time, last_updated_time, description, user_id, current_stage,"
          + " source, run_id, status, status_message, run_link, storage_location";

  @Inject Database db;

  record RmRow(String name, Long creationTime, Long lastUpdatedTime, String description) {}

  record MvKey(String name, long version) {}

  /** A model_versions row with its tags (aliases are added where MLflow adds them). */
  record MvRow(ModelVersion version, String storageLocation) {}

  /** Thrown inside a write to roll it back when another request took the version number. */
  private static final class VersionConflict extends RuntimeException {
    VersionConflict() {
      super(null, null, false, false);
    }
  }

  // ------------------------------------------------------------------ registered models

  @Override
  public RegisteredModel createRegisteredModel(
      String name, List<KeyValue> tags, String description) {
    Map<String, String> tagMap = new LinkedHashMap<>();
    for (KeyValue t : tags) {
      tagMap.put(t.key(), t.value());
    }
    return db.write(
        c -> {
          RmRow existing = findRegisteredModel(c, name);
          if (existing != null) {
            throw alreadyExists(c, name, existing.name(), tagMap);
          }
          long now = System.currentTimeMillis();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO registered_models (name, creation_time, last_updated_time,"
                      + " description, workspace) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setString(4, description);
            ps.setString(5, WORKSPACE);
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              throw alreadyExists(c, name, name, tagMap);
            }
            throw e;
          }
          if (!tagMap.isEmpty()) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO registered_model_tags (`key`, value, name, workspace) VALUES (?, ?,"
                        + " ?, ?)")) {
              for (Map.Entry<String, String> t : tagMap.entrySet()) {
                ps.setString(1, t.getKey());
                ps.setString(2, t.getValue());
                ps.setString(3, name);
                ps.setString(4, WORKSPACE);
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          List<KeyValue> outTags = new ArrayList<>();
          tagMap.forEach((k, v) -> outTags.add(new KeyValue(k, v)));
          return new RegisteredModel(
              name, now, now, null, emptyToNull(description), List.of(), outTags, List.of());
        });
  }

  /**
   * MLflow's {@code handle_resource_already_exist_error}: a model and a prompt cannot share a name,
   * and the message says which one exists.
   */
  private MlflowException alreadyExists(
      Connection c, String name, String existingName, Map<String, String> newTags)
      throws SQLException {
    boolean existingIsPrompt =
        tagsOf(c, List.of(existingName)).getOrDefault(existingName, List.of()).stream()
            .anyMatch(t -> t.key().equals(IS_PROMPT_TAG));
    boolean newIsPrompt = newTags.containsKey(IS_PROMPT_TAG);
    String oldEntity = existingIsPrompt ? "Prompt" : "Registered Model";
    String newEntity = newIsPrompt ? "Prompt" : "Registered Model";
    if (!oldEntity.equals(newEntity)) {
      return MlflowException.resourceAlreadyExists(
          "Tried to create a %s with name %s, but the name is already taken by a %s. MLflow does"
              + " not allow creating a model and a prompt with the same name.",
          newEntity.toLowerCase(java.util.Locale.ROOT),
          PyRepr.str(name),
          oldEntity.toLowerCase(java.util.Locale.ROOT));
    }
    return MlflowException.resourceAlreadyExists("%s (name=%s) already exists.", newEntity, name);
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    return db.read(c -> loadRegisteredModel(c, registeredModel(c, name)));
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, String description) {
    return db.write(
        c -> {
          RmRow rm = registeredModel(c, name);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE registered_models SET description = ?, last_updated_time = ? WHERE"
                      + " workspace = ? AND name = ?")) {
            ps.setString(1, description);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, WORKSPACE);
            ps.setString(4, rm.name());
            ps.executeUpdate();
          }
          return loadRegisteredModel(c, registeredModel(c, rm.name()));
        });
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName) {
    return db.write(
        c -> {
          RmRow rm = registeredModel(c, name);
          long now = System.currentTimeMillis();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE registered_models SET name = ?, last_updated_time = ? WHERE workspace = ?"
                      + " AND name = ?")) {
            ps.setString(1, newName);
            ps.setLong(2, now);
            ps.setString(3, WORKSPACE);
            ps.setString(4, rm.name());
            ps.executeUpdate();
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              throw MlflowException.resourceAlreadyExists(
                  "Registered Model (name=%s) already exists.", newName);
            }
            throw e;
          }
          // versions, tags and aliases follow through ON UPDATE CASCADE
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE model_versions SET last_updated_time = ? WHERE workspace = ? AND name = ?")) {
            ps.setLong(1, now);
            ps.setString(2, WORKSPACE);
            ps.setString(3, newName);
            ps.executeUpdate();
          }
          return loadRegisteredModel(c, registeredModel(c, newName));
        });
  }

  @Override
  public void deleteRegisteredModel(String name) {
    db.write(
        c -> {
          RmRow rm = registeredModel(c, name);
          for (String table :
              List.of(
                  "model_version_tags",
                  "model_versions",
                  "registered_model_tags",
                  "registered_model_aliases",
                  "registered_models")) {
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + table + " WHERE workspace = ? AND name = ?")) {
              ps.setString(1, WORKSPACE);
              ps.setString(2, rm.name());
              ps.executeUpdate();
            }
          }
          return null;
        });
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(
      String filter, int maxResults, List<String> orderBy, String pageToken) {
    // MLflow validates the filter and order_by before the page token
    RegisteredModelSearch.build(filter, orderBy, 0, 0, db.vendor());
    int offset = PageToken.decodeOffset(pageToken);
    SqlQuery q = RegisteredModelSearch.build(filter, orderBy, maxResults + 1, offset, db.vendor());
    return db.read(
        c -> {
          List<String> names = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            bindAll(ps, 1, q.params());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                names.add(rs.getString(1));
              }
            }
          }
          String next = null;
          if (names.size() > maxResults) {
            names = names.subList(0, maxResults);
            next = PageToken.encode((long) offset + maxResults);
          }
          return new Page<>(loadRegisteredModels(c, names), next);
        });
  }

  @Override
  public List<ModelVersion> getLatestVersions(String name) {
    return db.read(
        c -> {
          RmRow rm = registeredModel(c, name);
          List<MvKey> keys =
              latestVersionKeys(c, List.of(rm.name())).getOrDefault(rm.name(), List.of());
          Map<MvKey, MvRow> rows = loadVersions(c, keys);
          Map<Long, List<String>> aliases = aliasesByVersion(c, rm.name());
          List<ModelVersion> out = new ArrayList<>();
          for (MvKey k : keys) {
            MvRow row = rows.get(k);
            if (row != null) {
              out.add(row.version().withAliases(aliases.get(k.version())));
            }
          }
          return out;
        });
  }

  @Override
  public void setRegisteredModelTag(String name, KeyValue tag) {
    db.write(
        c -> {
          RmRow rm = registeredModel(c, name);
          try (PreparedStatement ps =
              c.prepareStatement(
                  upsert(
                      "registered_model_tags",
                      List.of("key", "value", "name", "workspace"),
                      List.of("workspace", "key", "name"),
                      List.of("value")))) {
            ps.setString(1, tag.key());
            ps.setString(2, tag.value());
            ps.setString(3, rm.name());
            ps.setString(4, WORKSPACE);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    db.write(
        c -> {
          RmRow rm = registeredModel(c, name);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM registered_model_tags WHERE workspace = ? AND name = ? AND `key` = ?")) {
            ps.setString(1, WORKSPACE);
            ps.setString(2, rm.name());
            ps.setString(3, key);
            ps.executeUpdate();
          }
          return null;
        });
  }

  // ------------------------------------------------------------------ model versions

  @Override
  public ModelVersion createModelVersion(
      String name,
      String source,
      String storageLocation,
      String runId,
      List<KeyValue> tags,
      String runLink,
      String description) {
    Map<String, String> tagMap = new LinkedHashMap<>();
    for (KeyValue t : tags) {
      tagMap.put(t.key(), t.value());
    }
    long creationTime = System.currentTimeMillis();
    for (int attempt = 0; attempt < CREATE_MODEL_VERSION_RETRIES; attempt++) {
      try {
        return db.write(
            c ->
                insertModelVersion(
                    c,
                    name,
                    source,
                    storageLocation,
                    runId,
                    tagMap,
                    runLink,
                    description,
                    creationTime));
      } catch (VersionConflict e) {
        LOG.infof(
            "Model Version creation error (name=%s) Retrying %d more time(s).",
            name, CREATE_MODEL_VERSION_RETRIES - attempt - 1);
      }
    }
    throw MlflowException.internalError(
        "Model Version creation error (name=%s). Giving up after %d attempts.",
        name, CREATE_MODEL_VERSION_RETRIES);
  }

  private ModelVersion insertModelVersion(
      Connection c,
      String name,
      String source,
      String storageLocation,
      String runId,
      Map<String, String> tags,
      String runLink,
      String description,
      long creationTime)
      throws SQLException {
    // Update the model row first: concurrent creations then queue on its row lock.
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE registered_models SET last_updated_time = ? WHERE workspace = ? AND name = ?")) {
      ps.setLong(1, creationTime);
      ps.setString(2, WORKSPACE);
      ps.setString(3, name);
      if (ps.executeUpdate() == 0) {
        throw registeredModelNotFound(name);
      }
    }
    String stored = registeredModel(c, name).name();
    long version;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MAX(version) FROM model_versions WHERE workspace = ? AND name = ?")) {
      ps.setString(1, WORKSPACE);
      ps.setString(2, stored);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        version = rs.getLong(1) + 1;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO model_versions (name, version, creation_time, last_updated_time,"
                + " description, user_id, current_stage, source, run_id, status, status_message,"
                + " run_link, storage_location, workspace) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?,"
                + " NULL, ?, ?, ?)")) {
      ps.setString(1, stored);
      ps.setLong(2, version);
      ps.setLong(3, creationTime);
      ps.setLong(4, creationTime);
      ps.setString(5, description);
      ps.setString(6, STAGE_NONE);
      ps.setString(7, source);
      ps.setString(8, runId);
      ps.setString(9, "READY");
      ps.setString(10, runLink);
      ps.setString(11, storageLocation);
      ps.setString(12, WORKSPACE);
      ps.executeUpdate();
    } catch (SQLException e) {
      if (Database.isUniqueViolation(e)) {
        throw new VersionConflict();
      }
      throw e;
    }
    if (!tags.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO model_version_tags (`key`, value, name, version, workspace) VALUES (?,"
                  + " ?, ?, ?, ?)")) {
        for (Map.Entry<String, String> t : tags.entrySet()) {
          ps.setString(1, t.getKey());
          ps.setString(2, t.getValue());
          ps.setString(3, stored);
          ps.setLong(4, version);
          ps.setString(5, WORKSPACE);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    List<KeyValue> outTags = new ArrayList<>();
    tags.forEach((k, v) -> outTags.add(new KeyValue(k, v)));
    return new ModelVersion(
        stored,
        Long.toString(version),
        creationTime,
        creationTime,
        null,
        STAGE_NONE,
        description,
        source,
        runId,
        "READY",
        null,
        outTags,
        runLink,
        aliasesByVersion(c, stored).get(version));
  }

  @Override
  public ModelVersion getModelVersion(String name, long version) {
    return db.read(c -> withAliases(c, modelVersion(c, name, version).version()));
  }

  @Override
  public ModelVersion updateModelVersion(String name, long version, String description) {
    return db.write(
        c -> {
          MvRow mv = modelVersion(c, name, version);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE workspace"
                      + " = ? AND name = ? AND version = ?")) {
            ps.setString(1, description);
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, WORKSPACE);
            ps.setString(4, mv.version().name());
            ps.setLong(5, version);
            ps.executeUpdate();
          }
          return withAliases(c, modelVersion(c, mv.version().name(), version).version());
        });
  }

  @Override
  public ModelVersion transitionModelVersionStage(
      String name, long version, String stage, boolean archiveExistingVersions) {
    return db.write(
        c -> {
          long now = System.currentTimeMillis();
          if (archiveExistingVersions) {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE"
                        + " workspace = ? AND name = ? AND version != ? AND current_stage = ?")) {
              ps.setString(1, STAGE_ARCHIVED);
              ps.setLong(2, now);
              ps.setString(3, WORKSPACE);
              ps.setString(4, name);
              ps.setLong(5, version);
              ps.setString(6, stage);
              ps.executeUpdate();
            }
          }
          MvRow mv = modelVersion(c, name, version);
          String stored = mv.version().name();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE"
                      + " workspace = ? AND name = ? AND version = ?")) {
            ps.setString(1, stage);
            ps.setLong(2, now);
            ps.setString(3, WORKSPACE);
            ps.setString(4, stored);
            ps.setLong(5, version);
            ps.executeUpdate();
          }
          touchRegisteredModel(c, stored, now);
          return withAliases(c, modelVersion(c, stored, version).version());
        });
  }

  @Override
  public void deleteModelVersion(String name, long version) {
    db.write(
        c -> {
          MvRow mv = modelVersion(c, name, version);
          String stored = mv.version().name();
          long now = System.currentTimeMillis();
          touchRegisteredModel(c, stored, now);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM registered_model_aliases WHERE workspace = ? AND name = ? AND version"
                      + " = ?")) {
            ps.setString(1, WORKSPACE);
            ps.setString(2, stored);
            ps.setLong(3, version);
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE model_versions SET current_stage = ?, last_updated_time = ?, description ="
                      + " NULL, user_id = NULL, source = ?, run_id = ?, run_link = ?, status_message"
                      + " = NULL WHERE workspace = ? AND name = ? AND version = ?")) {
            ps.setString(1, DELETED_INTERNAL);
            ps.setLong(2, now);
            ps.setString(3, "REDACTED-SOURCE-PATH");
            ps.setString(4, "REDACTED-RUN-ID");
            ps.setString(5, "REDACTED-RUN-LINK");
            ps.setString(6, WORKSPACE);
            ps.setString(7, stored);
            ps.setLong(8, version);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public String getModelVersionDownloadUri(String name, long version) {
    return db.read(
        c -> {
          MvRow mv = modelVersion(c, name, version);
          String location = mv.storageLocation();
          return location == null || location.isEmpty() ? mv.version().source() : location;
        });
  }

  @Override
  public Page<ModelVersion> searchModelVersions(
      String filter, int maxResults, List<String> orderBy, String pageToken) {
    // MLflow validates the filter and order_by before the page token
    ModelVersionSearch.build(filter, orderBy, 0, 0, db.vendor());
    int offset = PageToken.decodeOffset(pageToken);
    SqlQuery q = ModelVersionSearch.build(filter, orderBy, maxResults + 1, offset, db.vendor());
    return db.read(
        c -> {
          List<MvKey> keys = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(q.sql())) {
            bindAll(ps, 1, q.params());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                keys.add(new MvKey(rs.getString(1), rs.getLong(2)));
              }
            }
          }
          String next = null;
          if (keys.size() > maxResults) {
            keys = keys.subList(0, maxResults);
            next = PageToken.encode((long) offset + maxResults);
          }
          Map<MvKey, MvRow> rows = loadVersions(c, keys);
          List<ModelVersion> out = new ArrayList<>(keys.size());
          for (MvKey k : keys) {
            MvRow row = rows.get(k);
            if (row != null) {
              out.add(row.version());
            }
          }
          return new Page<>(out, next);
        });
  }

  @Override
  public void setModelVersionTag(String name, long version, KeyValue tag) {
    db.write(
        c -> {
          MvRow mv = modelVersion(c, name, version);
          try (PreparedStatement ps =
              c.prepareStatement(
                  upsert(
                      "model_version_tags",
                      List.of("key", "value", "name", "version", "workspace"),
                      List.of("workspace", "key", "name", "version"),
                      List.of("value")))) {
            ps.setString(1, tag.key());
            ps.setString(2, tag.value());
            ps.setString(3, mv.version().name());
            ps.setLong(4, version);
            ps.setString(5, WORKSPACE);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteModelVersionTag(String name, long version, String key) {
    db.write(
        c -> {
          MvRow mv = modelVersion(c, name, version);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM model_version_tags WHERE workspace = ? AND name = ? AND version = ?"
                      + " AND `key` = ?")) {
            ps.setString(1, WORKSPACE);
            ps.setString(2, mv.version().name());
            ps.setLong(3, version);
            ps.setString(4, key);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void setRegisteredModelAlias(String name, String alias, long version) {
    db.write(
        c -> {
          MvRow mv = modelVersion(c, name, version);
          try (PreparedStatement ps =
              c.prepareStatement(
                  upsert(
                      "registered_model_aliases",
                      List.of("alias", "version", "name", "workspace"),
                      List.of("workspace", "name", "alias"),
                      List.of("version")))) {
            ps.setString(1, alias);
            ps.setLong(2, version);
            ps.setString(3, mv.version().name());
            ps.setString(4, WORKSPACE);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void deleteRegisteredModelAlias(String name, String alias) {
    db.write(
        c -> {
          RmRow rm = registeredModel(c, name);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM registered_model_aliases WHERE workspace = ? AND name = ? AND alias ="
                      + " ?")) {
            ps.setString(1, WORKSPACE);
            ps.setString(2, rm.name());
            ps.setString(3, alias);
            ps.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public ModelVersion getModelVersionByAlias(String name, String alias) {
    return db.read(
        c -> {
          RmRow rm = registeredModel(c, name);
          Long version = null;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT version FROM registered_model_aliases WHERE workspace = ? AND name = ? AND"
                      + " alias = ?")) {
            ps.setString(1, WORKSPACE);
            ps.setString(2, rm.name());
            ps.setString(3, alias);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                version = rs.getLong(1);
              }
            }
          }
          if (version == null) {
            throw MlflowException.invalidParameterValue(
                "Registered model alias %s not found.", alias);
          }
          return withAliases(c, modelVersion(c, rm.name(), version).version());
        });
  }

  // ------------------------------------------------------------------ loading

  static MlflowException registeredModelNotFound(String name) {
    return MlflowException.resourceDoesNotExist("Registered Model with name=%s not found", name);
  }

  /**
   * The model row by name ({@code null} if none); an exact match wins on case-insensitive MySQL.
   */
  static RmRow findRegisteredModel(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT name, creation_time, last_updated_time, description FROM registered_models"
                + " WHERE workspace = ? AND name = ?")) {
      ps.setString(1, WORKSPACE);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        RmRow any = null;
        while (rs.next()) {
          RmRow row = new RmRow(rs.getString(1), getLong(rs, 2), getLong(rs, 3), rs.getString(4));
          if (name.equals(row.name())) {
            return row;
          }
          any = row;
        }
        return any;
      }
    }
  }

  static RmRow registeredModel(Connection c, String name) throws SQLException {
    RmRow rm = findRegisteredModel(c, name);
    if (rm == null) {
      throw registeredModelNotFound(name);
    }
    return rm;
  }

  private static void touchRegisteredModel(Connection c, String name, long time)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE registered_models SET last_updated_time = ? WHERE workspace = ? AND name = ?")) {
      ps.setLong(1, time);
      ps.setString(2, WORKSPACE);
      ps.setString(3, name);
      ps.executeUpdate();
    }
  }

  /** A live (not deleted) version with its tags, or RESOURCE_DOES_NOT_EXIST. */
  static MvRow modelVersion(Connection c, String name, long version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + MV_COLUMNS
                + " FROM model_versions WHERE workspace = ? AND name = ? AND"
                + " version = ? AND current_stage != ?")) {
      ps.setString(1, WORKSPACE);
      ps.setString(2, name);
      ps.setLong(3, version);
      ps.setString(4, DELETED_INTERNAL);
      List<MvRow> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mvRow(rs, null));
        }
      }
      if (rows.isEmpty()) {
        throw MlflowException.resourceDoesNotExist(
            "Model Version (name=%s, version=%d) not found", name, version);
      }
      MvRow row =
          rows.stream()
              .filter(r -> r.version().name().equals(name))
              .findFirst()
              .orElse(rows.get(0));
      MvKey key = new MvKey(row.version().name(), version);
      List<KeyValue> tags = versionTags(c, List.of(key)).get(key);
      return new MvRow(withTags(row.version(), tags), row.storageLocation());
    }
  }

  private static MvRow mvRow(ResultSet rs, List<KeyValue> tags) throws SQLException {
    String statusMessage = rs.getString(11);
    ModelVersion mv =
        new ModelVersion(
            rs.getString(1),
            Long.toString(rs.getLong(2)),
            getLong(rs, 3),
            getLong(rs, 4),
            rs.getString(6),
            rs.getString(7),
            rs.getString(5),
            rs.getString(8),
            rs.getString(9),
            rs.getString(10),
            statusMessage == null || statusMessage.isEmpty() ? null : statusMessage,
            tags,
            rs.getString(12),
            null);
    return new MvRow(mv, rs.getString(13));
  }

  private static ModelVersion withTags(ModelVersion v, List<KeyValue> tags) {
    return new ModelVersion(
        v.name(),
        v.version(),
        v.creationTimestamp(),
        v.lastUpdatedTimestamp(),
        v.userId(),
        v.currentStage(),
        v.description(),
        v.source(),
        v.runId(),
        v.status(),
        v.statusMessage(),
        tags,
        v.runLink(),
        v.aliases());
  }

  private ModelVersion withAliases(Connection c, ModelVersion v) throws SQLException {
    return v.withAliases(aliasesByVersion(c, v.name()).get(Long.parseLong(v.version())));
  }

  /** The model's aliases grouped by version, each list ordered by alias. */
  private static Map<Long, List<String>> aliasesByVersion(Connection c, String name)
      throws SQLException {
    Map<Long, List<String>> out = new HashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT alias, version FROM registered_model_aliases WHERE workspace = ? AND name = ?"
                + " ORDER BY alias")) {
      ps.setString(1, WORKSPACE);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Versions by key with their tags (no aliases): one query per table and chunk. */
  static Map<MvKey, MvRow> loadVersions(Connection c, List<MvKey> keys) throws SQLException {
    Map<MvKey, MvRow> rows = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return rows;
    }
    Map<MvKey, List<KeyValue>> tags = versionTags(c, keys);
    for (int i = 0; i < keys.size(); i += KEY_CHUNK) {
      List<MvKey> chunk = keys.subList(i, Math.min(keys.size(), i + KEY_CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + MV_COLUMNS
                  + " FROM model_versions WHERE workspace = ? AND ("
                  + keyCondition(chunk.size())
                  + ")")) {
        ps.setString(1, WORKSPACE);
        bindKeys(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            MvKey k = new MvKey(rs.getString(1), rs.getLong(2));
            MvRow r = mvRow(rs, tags.get(k));
            rows.put(k, r);
          }
        }
      }
    }
    return rows;
  }

  private static String keyCondition(int n) {
    return String.join(" OR ", java.util.Collections.nCopies(n, "(name = ? AND version = ?)"));
  }

  private static void bindKeys(PreparedStatement ps, int start, List<MvKey> keys)
      throws SQLException {
    int i = start;
    for (MvKey k : keys) {
      ps.setString(i++, k.name());
      ps.setLong(i++, k.version());
    }
  }

  /** Tags of the given versions, ordered by key. */
  private static Map<MvKey, List<KeyValue>> versionTags(Connection c, List<MvKey> keys)
      throws SQLException {
    Map<MvKey, List<KeyValue>> out = new HashMap<>();
    for (int i = 0; i < keys.size(); i += KEY_CHUNK) {
      List<MvKey> chunk = keys.subList(i, Math.min(keys.size(), i + KEY_CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT name, version, `key`, value FROM model_version_tags WHERE workspace = ? AND ("
                  + keyCondition(chunk.size())
                  + ") ORDER BY name, version, `key`")) {
        ps.setString(1, WORKSPACE);
        bindKeys(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(new MvKey(rs.getString(1), rs.getLong(2)), k -> new ArrayList<>())
                .add(new KeyValue(rs.getString(3), rs.getString(4)));
          }
        }
      }
    }
    return out;
  }

  /**
   * The latest version of each stage per model, as MLflow lists them: stages in the order of their
   * first (lowest) version, each with its highest version; deleted versions left out.
   */
  private static Map<String, List<MvKey>> latestVersionKeys(Connection c, List<String> names)
      throws SQLException {
    Map<String, Map<String, Long>> byName = new HashMap<>();
    for (List<String> chunk : JdbcTrackingStore.chunks(names)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT name, version, current_stage FROM model_versions WHERE workspace = ? AND name"
                  + " IN ("
                  + placeholders(chunk.size())
                  + ") AND current_stage != ? ORDER BY name,"
                  + " version")) {
        ps.setString(1, WORKSPACE);
        bindAll(ps, 2, chunk);
        ps.setString(chunk.size() + 2, DELETED_INTERNAL);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            byName
                .computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                .put(String.valueOf(rs.getString(3)), rs.getLong(2));
          }
        }
      }
    }
    Map<String, List<MvKey>> out = new HashMap<>();
    byName.forEach(
        (name, stages) -> {
          List<MvKey> keys = new ArrayList<>();
          stages.values().forEach(v -> keys.add(new MvKey(name, v)));
          out.put(name, keys);
        });
    return out;
  }

  private static Map<String, List<KeyValue>> tagsOf(Connection c, List<String> names)
      throws SQLException {
    Map<String, List<KeyValue>> out = new HashMap<>();
    for (List<String> chunk : JdbcTrackingStore.chunks(names)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT name, `key`, value FROM registered_model_tags WHERE workspace = ? AND name IN ("
                  + placeholders(chunk.size())
                  + ") ORDER BY name, `key`")) {
        ps.setString(1, WORKSPACE);
        bindAll(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new KeyValue(rs.getString(2), rs.getString(3)));
          }
        }
      }
    }
    return out;
  }

  private static Map<String, List<RegisteredModelAlias>> aliasesOf(Connection c, List<String> names)
      throws SQLException {
    Map<String, List<RegisteredModelAlias>> out = new HashMap<>();
    for (List<String> chunk : JdbcTrackingStore.chunks(names)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT name, alias, version FROM registered_model_aliases WHERE workspace = ? AND"
                  + " name IN ("
                  + placeholders(chunk.size())
                  + ") ORDER BY name, alias")) {
        ps.setString(1, WORKSPACE);
        bindAll(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new RegisteredModelAlias(rs.getString(2), Long.toString(rs.getLong(3))));
          }
        }
      }
    }
    return out;
  }

  private RegisteredModel loadRegisteredModel(Connection c, RmRow rm) throws SQLException {
    return loadRegisteredModels(c, List.of(rm.name()), Map.of(rm.name(), rm)).get(0);
  }

  private List<RegisteredModel> loadRegisteredModels(Connection c, List<String> names)
      throws SQLException {
    Map<String, RmRow> rows = new HashMap<>();
    for (List<String> chunk : JdbcTrackingStore.chunks(names)) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT name, creation_time, last_updated_time, description FROM registered_models"
                  + " WHERE workspace = ? AND name IN ("
                  + placeholders(chunk.size())
                  + ")")) {
        ps.setString(1, WORKSPACE);
        bindAll(ps, 2, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.put(
                rs.getString(1),
                new RmRow(rs.getString(1), getLong(rs, 2), getLong(rs, 3), rs.getString(4)));
          }
        }
      }
    }
    return loadRegisteredModels(c, names, rows);
  }

  /** Models with tags, aliases and latest versions: a fixed number of queries per page. */
  private List<RegisteredModel> loadRegisteredModels(
      Connection c, List<String> names, Map<String, RmRow> rows) throws SQLException {
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, List<KeyValue>> tags = tagsOf(c, names);
    Map<String, List<RegisteredModelAlias>> aliases = aliasesOf(c, names);
    Map<String, List<MvKey>> latest = latestVersionKeys(c, names);
    List<MvKey> allKeys = new ArrayList<>();
    for (String n : names) {
      allKeys.addAll(latest.getOrDefault(n, List.of()));
    }
    Map<MvKey, MvRow> versions = loadVersions(c, allKeys);
    List<RegisteredModel> out = new ArrayList<>(names.size());
    for (String n : names) {
      RmRow rm = rows.get(n);
      if (rm == null) {
        continue;
      }
      List<ModelVersion> lv = new ArrayList<>();
      for (MvKey k : latest.getOrDefault(n, List.of())) {
        MvRow r = versions.get(k);
        if (r != null) {
          lv.add(r.version());
        }
      }
      Long updated =
          rm.lastUpdatedTime() == null || rm.lastUpdatedTime() == 0 ? null : rm.lastUpdatedTime();
      out.add(
          new RegisteredModel(
              rm.name(),
              rm.creationTime(),
              updated,
              null,
              emptyToNull(rm.description()),
              lv,
              tags.get(n),
              aliases.get(n)));
    }
    return out;
  }

  // ------------------------------------------------------------------ SQL helpers

  private String upsert(
      String table, List<String> cols, List<String> keyCols, List<String> updateCols) {
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
              ", ",
              updateCols.stream()
                  .map(u -> JdbcTrackingStore.q(u) + " = VALUES(" + JdbcTrackingStore.q(u) + ")")
                  .toList());
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
        + String.join(
            ", ",
            updateCols.stream()
                .map(u -> JdbcTrackingStore.q(u) + " = excluded." + JdbcTrackingStore.q(u))
                .toList());
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
