package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.JdbcRegisteredModelStore.WORKSPACE;

import dev.trackway.domain.KeyValue;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.ModelVersionStage;
import dev.trackway.domain.ModelVersionStatus;
import dev.trackway.domain.Page;
import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.error.MlflowException;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.NewModelVersion;
import dev.trackway.store.jdbc.search.ModelVersionSearch;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The model-versions part of {@link JdbcModelRegistryStore}: model versions and their tags ({@code
 * model_versions}, {@code model_version_tags}). A new version number is max+1 over all versions of
 * the model, deleted ones included; the model row is updated first so that concurrent creations
 * queue on its row lock, and a unique-key conflict is still retried ({@link #CREATE_RETRIES}
 * attempts). Deleting is MLflow's soft delete (stage Deleted_Internal, fields redacted).
 */
interface JdbcModelVersionStore extends ModelRegistryStore, JdbcStorePart {
  Logger LOG = Logger.getLogger(JdbcModelVersionStore.class);
  String DELETED_INTERNAL = ModelVersionSearch.STAGE_DELETED_INTERNAL;
  int CREATE_RETRIES = 3;

  Keys<MvKey> KEYS = Keys.of(k -> List.of(k.name(), k.version()), "name", "version");
  KeyedQuery<MvKey> VERSIONS =
      KeyedQuery.of(
          "SELECT name, version, creation_time, last_updated_time, description, user_id,"
              + " current_stage, source, run_id, status, status_message, run_link,"
              + " storage_location FROM model_versions WHERE workspace = ? AND {keys}",
          KEYS);
  RowMapper<MvKey> KEY = rs -> new MvKey(rs.getString(1), rs.getLong(2));
  KeyValueTable<MvKey> TAGS =
      KeyValueTable.scoped("model_version_tags", KEYS, KEY, "workspace", WORKSPACE, "key", "value");
  KeyedQuery<String> STAGES =
      KeyedQuery.of(
          "SELECT name, version, current_stage FROM model_versions WHERE workspace = ? AND {keys}"
              + " AND current_stage != ? ORDER BY name, version",
          Keys.in("name"));

  record MvKey(String name, long version) {}

  /** A model_versions row with its tags (aliases are added where MLflow adds them). */
  record MvRow(ModelVersion version, String storageLocation) {}

  /** Thrown inside a write to roll it back when another request took the version number. */
  class VersionConflict extends RuntimeException {
    VersionConflict() {
      super(null, null, false, false);
    }
  }

  @Override
  default ModelVersion createModelVersion(NewModelVersion v) {
    List<KeyValue> uniqueTags = Rows.lastPerKey(v.tags());
    long creationTime = System.currentTimeMillis();
    for (int attempt = 0; attempt < CREATE_RETRIES; attempt++) {
      try {
        return write(
            c -> {
              String stored = lockModel(c, v.name(), creationTime);
              long version = nextVersion(c, stored);
              ModelVersion mv =
                  new ModelVersion(
                      stored,
                      Long.toString(version),
                      creationTime,
                      creationTime,
                      null,
                      ModelVersionStage.NONE.value(),
                      v.description(),
                      v.source(),
                      v.runId(),
                      ModelVersionStatus.READY.name(),
                      null,
                      uniqueTags,
                      v.runLink(),
                      JdbcAliasStore.byVersion(c, stored).get(version));
              db().duplicateAs(() -> insert(c, mv, v.storageLocation()), VersionConflict::new);
              return mv;
            });
      } catch (VersionConflict e) {
        LOG.infof(
            "Model Version creation error (name=%s) Retrying %d more time(s).",
            v.name(), CREATE_RETRIES - attempt - 1);
      }
    }
    throw MlflowException.internalError(
        "Model Version creation error (name=%s). Giving up after %d attempts.",
        v.name(), CREATE_RETRIES);
  }

  /**
   * Updates the model's last update time first, so that concurrent creations queue on its row lock;
   * the model's stored name.
   */
  private static String lockModel(Connection c, String name, long time) throws SQLException {
    if (JdbcRegisteredModelStore.touch(c, name, time) == 0) {
      throw JdbcRegisteredModelStore.notFound(name);
    }
    return JdbcRegisteredModelStore.require(c, name).name();
  }

  /** Max + 1 over every version of the model, deleted ones included (MLflow's numbering). */
  private static long nextVersion(Connection c, String name) throws SQLException {
    SqlQuery max =
        SqlQuery.of(
            "SELECT MAX(version) FROM model_versions WHERE workspace = ? AND name = ?",
            WORKSPACE,
            name);
    return Jdbc.first(c, max, rs -> rs.getLong(1)) + 1;
  }

  private static int insert(Connection c, ModelVersion mv, String storageLocation)
      throws SQLException {
    long version = Long.parseLong(mv.version());
    Jdbc.update(
        c,
        "INSERT INTO model_versions (name, version, creation_time, last_updated_time,"
            + " description, user_id, current_stage, source, run_id, status, status_message,"
            + " run_link, storage_location, workspace) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?,"
            + " NULL, ?, ?, ?)",
        mv.name(),
        version,
        mv.creationTimestamp(),
        mv.lastUpdatedTimestamp(),
        mv.description(),
        mv.currentStage(),
        mv.source(),
        mv.runId(),
        mv.status(),
        mv.runLink(),
        storageLocation,
        WORKSPACE);
    TAGS.insert(
        c,
        new MvKey(mv.name(), version),
        List.of(),
        mv.tags() == null ? List.<KeyValue>of() : mv.tags());
    return 1;
  }

  @Override
  default ModelVersion getModelVersion(String name, long version) {
    return read(c -> JdbcAliasStore.withAliases(c, live(c, name, version).version()));
  }

  @Override
  default ModelVersion updateModelVersion(String name, long version, String description) {
    return write(
        c -> {
          String stored = live(c, name, version).version().name();
          Jdbc.update(
              c,
              "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE workspace"
                  + " = ? AND name = ? AND version = ?",
              description,
              System.currentTimeMillis(),
              WORKSPACE,
              stored,
              version);
          return JdbcAliasStore.withAliases(c, live(c, stored, version).version());
        });
  }

  @Override
  default ModelVersion transitionModelVersionStage(
      String name, long version, String stage, boolean archiveExistingVersions) {
    return write(
        c -> {
          long now = System.currentTimeMillis();
          if (archiveExistingVersions) {
            Jdbc.update(
                c,
                "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE"
                    + " workspace = ? AND name = ? AND version != ? AND current_stage = ?",
                ModelVersionStage.ARCHIVED.value(),
                now,
                WORKSPACE,
                name,
                version,
                stage);
          }
          String stored = live(c, name, version).version().name();
          Jdbc.update(
              c,
              "UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE"
                  + " workspace = ? AND name = ? AND version = ?",
              stage,
              now,
              WORKSPACE,
              stored,
              version);
          JdbcRegisteredModelStore.touch(c, stored, now);
          return JdbcAliasStore.withAliases(c, live(c, stored, version).version());
        });
  }

  /** MLflow's soft delete: stage Deleted_Internal, fields redacted, the version's aliases gone. */
  @Override
  default void deleteModelVersion(String name, long version) {
    write(
        c -> {
          String stored = live(c, name, version).version().name();
          long now = System.currentTimeMillis();
          JdbcRegisteredModelStore.touch(c, stored, now);
          JdbcAliasStore.deleteAliasesOf(c, stored, version);
          return Jdbc.update(
              c,
              "UPDATE model_versions SET current_stage = ?, last_updated_time = ?, description ="
                  + " NULL, user_id = NULL, source = ?, run_id = ?, run_link = ?, status_message"
                  + " = NULL WHERE workspace = ? AND name = ? AND version = ?",
              DELETED_INTERNAL,
              now,
              "REDACTED-SOURCE-PATH",
              "REDACTED-RUN-ID",
              "REDACTED-RUN-LINK",
              WORKSPACE,
              stored,
              version);
        });
  }

  @Override
  default String getModelVersionDownloadUri(String name, long version) {
    return read(
        c -> {
          MvRow mv = live(c, name, version);
          String location = mv.storageLocation();
          return location == null || location.isEmpty() ? mv.version().source() : location;
        });
  }

  @Override
  default Page<ModelVersion> searchModelVersions(
      String filter, int maxResults, List<String> orderBy, String pageToken, RegistryScope scope) {
    return Pages.registrySearch(
        db(),
        filter,
        orderBy,
        maxResults,
        pageToken,
        page -> ModelVersionSearch.build(page, scope),
        KEY,
        (c, keys) -> versionsOnly(load(c, keys)));
  }

  private static Map<MvKey, ModelVersion> versionsOnly(Map<MvKey, MvRow> rows) {
    Map<MvKey, ModelVersion> out = new HashMap<>();
    rows.forEach((k, r) -> out.put(k, r.version()));
    return out;
  }

  @Override
  default void setModelVersionTag(String name, long version, KeyValue tag) {
    write(
        c -> {
          MvKey key = new MvKey(live(c, name, version).version().name(), version);
          TAGS.upsert(db().dialect(), c, key, List.of(), List.of(tag));
          return null;
        });
  }

  @Override
  default void deleteModelVersionTag(String name, long version, String key) {
    write(c -> TAGS.delete(c, new MvKey(live(c, name, version).version().name(), version), key));
  }

  // ------------------------------------------------------------------ loading

  /**
   * A live (not deleted) version with its tags, or RESOURCE_DOES_NOT_EXIST; an exact name match
   * wins on case-insensitive MySQL.
   */
  static MvRow live(Connection c, String name, long version) throws SQLException {
    List<String> names =
        Jdbc.list(
            c,
            SqlQuery.of(
                "SELECT name FROM model_versions WHERE workspace = ? AND name = ? AND version = ?"
                    + " AND current_stage != ?",
                WORKSPACE,
                name,
                version,
                DELETED_INTERNAL),
            Rows.STRING_1);
    MvKey key =
        names.isEmpty() ? null : new MvKey(names.contains(name) ? name : names.get(0), version);
    MvRow row = key == null ? null : load(c, List.of(key)).get(key);
    if (row == null) {
      throw MlflowException.resourceDoesNotExist(
          "Model Version (name=%s, version=%d) not found", name, version);
    }
    return row;
  }

  /** Versions by key with their tags (no aliases): two queries per chunk of keys. */
  static Map<MvKey, MvRow> load(Connection c, List<MvKey> keys) throws SQLException {
    Map<MvKey, MvRow> rows = new LinkedHashMap<>();
    if (keys.isEmpty()) {
      return rows;
    }
    Map<MvKey, List<KeyValue>> tags = TAGS.load(c, keys);
    VERSIONS.forEach(
        c,
        keys,
        rs -> {
          MvKey k = KEY.map(rs);
          String statusMessage = rs.getString(11);
          ModelVersion mv =
              new ModelVersion(
                  k.name(),
                  Long.toString(k.version()),
                  Jdbc.getLong(rs, 3),
                  Jdbc.getLong(rs, 4),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(5),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  Rows.emptyToNull(statusMessage),
                  tags.get(k),
                  rs.getString(12),
                  null);
          rows.put(k, new MvRow(mv, rs.getString(13)));
        },
        WORKSPACE);
    return rows;
  }

  /** The versions of these keys that exist, in the keys' order. */
  static List<ModelVersion> inOrder(Connection c, List<MvKey> keys) throws SQLException {
    return Rows.inKeyOrder(keys, load(c, keys)).stream().map(MvRow::version).toList();
  }

  /**
   * The latest version of each stage per model, as MLflow lists them: stages in the order of their
   * first (lowest) version, each with its highest version; deleted versions left out.
   */
  static Map<String, List<MvKey>> latestKeys(Connection c, List<String> names) throws SQLException {
    Map<String, Map<String, Long>> byName = new HashMap<>();
    STAGES.forEach(
        c,
        names,
        rs ->
            byName
                .computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                .put(String.valueOf(rs.getString(3)), rs.getLong(2)),
        WORKSPACE,
        DELETED_INTERNAL);
    Map<String, List<MvKey>> out = new HashMap<>();
    byName.forEach(
        (name, stages) ->
            out.put(name, stages.values().stream().map(v -> new MvKey(name, v)).toList()));
    return out;
  }
}
