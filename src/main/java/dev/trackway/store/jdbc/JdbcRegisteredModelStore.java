package dev.trackway.store.jdbc;

import dev.trackway.compat.PyRepr;
import dev.trackway.domain.KeyValue;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.Page;
import dev.trackway.domain.RegisteredModel;
import dev.trackway.domain.RegisteredModelAlias;
import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.error.MlflowException;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.jdbc.JdbcModelVersionStore.MvKey;
import dev.trackway.store.jdbc.search.RegisteredModelSearch;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registered-models part of {@link JdbcModelRegistryStore}: registered models and their tags
 * ({@code registered_models}, {@code registered_model_tags}). Renaming relies on the schema's
 * {@code ON UPDATE CASCADE} foreign keys (versions, tags and aliases follow the new name), as
 * MLflow does.
 */
interface JdbcRegisteredModelStore extends ModelRegistryStore, JdbcStorePart {
  String WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;

  String COLUMNS = "name, creation_time, last_updated_time, description";
  RowMapper<RmRow> RM_ROW =
      rs -> new RmRow(rs.getString(1), Jdbc.getLong(rs, 2), Jdbc.getLong(rs, 3), rs.getString(4));
  KeyedQuery<String> MODELS =
      KeyedQuery.of(
          "SELECT " + COLUMNS + " FROM registered_models WHERE workspace = ? AND {keys}",
          Keys.in("name"));
  KeyValueTable<String> TAGS =
      KeyValueTable.scoped(
          "registered_model_tags",
          Keys.in("name"),
          Rows.STRING_1,
          "workspace",
          WORKSPACE,
          "key",
          "value");

  /** Tables holding rows of a model, children first. */
  List<String> TABLES =
      List.of(
          "model_version_tags",
          "model_versions",
          "registered_model_tags",
          "registered_model_aliases",
          "registered_models");

  record RmRow(String name, Long creationTime, Long lastUpdatedTime, String description) {}

  static MlflowException notFound(String name) {
    return MlflowException.resourceDoesNotExist("Registered Model with name=%s not found", name);
  }

  @Override
  default RegisteredModel createRegisteredModel(
      String name, List<KeyValue> tags, String description) {
    List<KeyValue> uniqueTags = Rows.lastPerKey(tags);
    return write(
        c -> {
          RmRow existing = find(c, name);
          if (existing != null) {
            throw alreadyExists(c, name, existing.name(), uniqueTags);
          }
          long now = System.currentTimeMillis();
          db().duplicateAs(
                  () ->
                      Jdbc.update(
                          c,
                          "INSERT INTO registered_models (name, creation_time, last_updated_time,"
                              + " description, workspace) VALUES (?, ?, ?, ?, ?)",
                          name,
                          now,
                          now,
                          description,
                          WORKSPACE),
                  () -> alreadyExists(c, name, name, uniqueTags));
          TAGS.insert(c, name, List.of(), uniqueTags);
          return new RegisteredModel(
              name,
              now,
              now,
              null,
              Rows.emptyToNull(description),
              List.of(),
              uniqueTags,
              List.of());
        });
  }

  /**
   * MLflow's {@code handle_resource_already_exist_error}: a model and a prompt cannot share a name,
   * and the message says which one exists.
   */
  private static MlflowException alreadyExists(
      Connection c, String name, String existingName, List<KeyValue> newTags) throws SQLException {
    boolean existingIsPrompt =
        isPrompt(TAGS.load(c, List.of(existingName)).getOrDefault(existingName, List.of()));
    String oldEntity = existingIsPrompt ? "Prompt" : "Registered Model";
    String newEntity = isPrompt(newTags) ? "Prompt" : "Registered Model";
    if (!oldEntity.equals(newEntity)) {
      return MlflowException.resourceAlreadyExists(
          "Tried to create a %s with name %s, but the name is already taken by a %s. MLflow does"
              + " not allow creating a model and a prompt with the same name.",
          newEntity.toLowerCase(Locale.ROOT), PyRepr.str(name), oldEntity.toLowerCase(Locale.ROOT));
    }
    return MlflowException.resourceAlreadyExists("%s (name=%s) already exists.", newEntity, name);
  }

  private static boolean isPrompt(List<KeyValue> tags) {
    return tags.stream().anyMatch(t -> t.key().equals(MlflowTags.IS_PROMPT));
  }

  @Override
  default RegisteredModel getRegisteredModel(String name) {
    return read(c -> loadOne(c, require(c, name)));
  }

  @Override
  default RegisteredModel updateRegisteredModel(String name, String description) {
    return write(
        c -> {
          RmRow rm = require(c, name);
          Jdbc.update(
              c,
              "UPDATE registered_models SET description = ?, last_updated_time = ? WHERE"
                  + " workspace = ? AND name = ?",
              description,
              System.currentTimeMillis(),
              WORKSPACE,
              rm.name());
          return loadOne(c, require(c, rm.name()));
        });
  }

  @Override
  default RegisteredModel renameRegisteredModel(String name, String newName) {
    return write(
        c -> {
          RmRow rm = require(c, name);
          long now = System.currentTimeMillis();
          db().duplicateAs(
                  () ->
                      Jdbc.update(
                          c,
                          "UPDATE registered_models SET name = ?, last_updated_time = ? WHERE"
                              + " workspace = ? AND name = ?",
                          newName,
                          now,
                          WORKSPACE,
                          rm.name()),
                  () ->
                      MlflowException.resourceAlreadyExists(
                          "Registered Model (name=%s) already exists.", newName));
          // versions, tags and aliases follow through ON UPDATE CASCADE
          Jdbc.update(
              c,
              "UPDATE model_versions SET last_updated_time = ? WHERE workspace = ? AND name = ?",
              now,
              WORKSPACE,
              newName);
          return loadOne(c, require(c, newName));
        });
  }

  /** Deletes the model with its versions, version tags, tags and aliases. */
  @Override
  default void deleteRegisteredModel(String name) {
    write(
        c -> {
          String stored = require(c, name).name();
          for (String table : TABLES) {
            Jdbc.update(
                c, "DELETE FROM " + table + " WHERE workspace = ? AND name = ?", WORKSPACE, stored);
          }
          return null;
        });
  }

  @Override
  default Page<RegisteredModel> searchRegisteredModels(
      String filter, int maxResults, List<String> orderBy, String pageToken, RegistryScope scope) {
    return Pages.registrySearch(
        db(),
        filter,
        orderBy,
        maxResults,
        pageToken,
        page -> RegisteredModelSearch.build(page, scope),
        Rows.STRING_1,
        (c, names) -> load(c, names, rows(c, names)));
  }

  /** The latest version of each stage (aliases filled in), in MLflow's order. */
  @Override
  default List<ModelVersion> getLatestVersions(String name) {
    return read(
        c -> {
          String stored = require(c, name).name();
          Map<Long, List<String>> aliases = JdbcAliasStore.byVersion(c, stored);
          return JdbcModelVersionStore.inOrder(
                  c,
                  JdbcModelVersionStore.latestKeys(c, List.of(stored))
                      .getOrDefault(stored, List.of()))
              .stream()
              .map(v -> v.withAliases(aliases.get(Long.parseLong(v.version()))))
              .toList();
        });
  }

  @Override
  default void setRegisteredModelTag(String name, KeyValue tag) {
    write(
        c -> {
          TAGS.upsert(db().dialect(), c, require(c, name).name(), List.of(), List.of(tag));
          return null;
        });
  }

  @Override
  default void deleteRegisteredModelTag(String name, String key) {
    write(c -> TAGS.delete(c, require(c, name).name(), key));
  }

  // ------------------------------------------------------------------ loading

  /**
   * The model row by name ({@code null} if none); an exact match wins on case-insensitive MySQL.
   */
  static RmRow find(Connection c, String name) throws SQLException {
    List<RmRow> rows =
        Jdbc.list(
            c,
            SqlQuery.of(
                "SELECT " + COLUMNS + " FROM registered_models WHERE workspace = ? AND name = ?",
                WORKSPACE,
                name),
            RM_ROW);
    return rows.stream()
        .filter(r -> name.equals(r.name()))
        .findFirst()
        .orElse(rows.isEmpty() ? null : rows.get(rows.size() - 1));
  }

  static RmRow require(Connection c, String name) throws SQLException {
    RmRow rm = find(c, name);
    if (rm == null) {
      throw notFound(name);
    }
    return rm;
  }

  /** Sets the model's last update time; the number of rows changed (0: no such model). */
  static int touch(Connection c, String name, long time) throws SQLException {
    return Jdbc.update(
        c,
        "UPDATE registered_models SET last_updated_time = ? WHERE workspace = ? AND name = ?",
        time,
        WORKSPACE,
        name);
  }

  private static Map<String, RmRow> rows(Connection c, List<String> names) throws SQLException {
    Map<String, RmRow> rows = new HashMap<>();
    for (RmRow r : MODELS.list(c, names, RM_ROW, WORKSPACE)) {
      rows.put(r.name(), r);
    }
    return rows;
  }

  private static RegisteredModel loadOne(Connection c, RmRow rm) throws SQLException {
    return load(c, List.of(rm.name()), Map.of(rm.name(), rm)).get(rm.name());
  }

  /** Models with tags, aliases and latest versions: a fixed number of queries per page. */
  private static Map<String, RegisteredModel> load(
      Connection c, List<String> names, Map<String, RmRow> rows) throws SQLException {
    Map<String, RegisteredModel> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    Map<String, List<KeyValue>> tags = TAGS.load(c, names);
    Map<String, List<RegisteredModelAlias>> aliases = JdbcAliasStore.of(c, names);
    Map<String, List<MvKey>> latest = JdbcModelVersionStore.latestKeys(c, names);
    List<MvKey> allKeys = new ArrayList<>();
    names.forEach(n -> allKeys.addAll(latest.getOrDefault(n, List.of())));
    Map<MvKey, JdbcModelVersionStore.MvRow> versions = JdbcModelVersionStore.load(c, allKeys);
    for (String n : names) {
      RmRow rm = rows.get(n);
      if (rm == null) {
        continue;
      }
      List<ModelVersion> lv = new ArrayList<>();
      for (MvKey k : latest.getOrDefault(n, List.of())) {
        if (versions.get(k) != null) {
          lv.add(versions.get(k).version());
        }
      }
      Long updated =
          rm.lastUpdatedTime() == null || rm.lastUpdatedTime() == 0 ? null : rm.lastUpdatedTime();
      out.put(
          n,
          new RegisteredModel(
              rm.name(),
              rm.creationTime(),
              updated,
              null,
              Rows.emptyToNull(rm.description()),
              lv,
              tags.get(n),
              aliases.get(n)));
    }
    return out;
  }
}
