package dev.trackway.store.jdbc;

import static dev.trackway.store.jdbc.JdbcRegisteredModelStore.WORKSPACE;

import dev.trackway.domain.ModelVersion;
import dev.trackway.domain.RegisteredModelAlias;
import dev.trackway.error.MlflowException;
import dev.trackway.store.ModelRegistryStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.KeyedQuery;
import dev.trackway.store.jdbc.sql.Keys;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The aliases part of {@link JdbcModelRegistryStore}: registered model aliases ({@code
 * registered_model_aliases}): a name for one version.
 */
interface JdbcAliasStore extends ModelRegistryStore, JdbcStorePart {
  KeyedQuery<String> ALIASES =
      KeyedQuery.of(
          "SELECT name, alias, version FROM registered_model_aliases WHERE workspace = ? AND"
              + " {keys} ORDER BY name, alias",
          Keys.in("name"));

  @Override
  default void setRegisteredModelAlias(String name, String alias, long version) {
    write(
        c ->
            Jdbc.update(
                c,
                db().dialect()
                    .upsert(
                        "registered_model_aliases",
                        List.of("alias", "version", "name", "workspace"),
                        List.of("workspace", "name", "alias"),
                        List.of("version")),
                alias,
                version,
                JdbcModelVersionStore.live(c, name, version).version().name(),
                WORKSPACE));
  }

  @Override
  default void deleteRegisteredModelAlias(String name, String alias) {
    write(
        c ->
            Jdbc.update(
                c,
                "DELETE FROM registered_model_aliases WHERE workspace = ? AND name = ? AND alias ="
                    + " ?",
                WORKSPACE,
                JdbcRegisteredModelStore.require(c, name).name(),
                alias));
  }

  @Override
  default ModelVersion getModelVersionByAlias(String name, String alias) {
    return read(
        c -> {
          String stored = JdbcRegisteredModelStore.require(c, name).name();
          Long version =
              Jdbc.first(
                  c,
                  SqlQuery.of(
                      "SELECT version FROM registered_model_aliases WHERE workspace = ? AND name ="
                          + " ? AND alias = ?",
                      WORKSPACE,
                      stored,
                      alias),
                  rs -> rs.getLong(1));
          if (version == null) {
            throw MlflowException.invalidParameterValue(
                "Registered model alias %s not found.", alias);
          }
          return withAliases(c, JdbcModelVersionStore.live(c, stored, version).version());
        });
  }

  /** The version with its aliases. */
  static ModelVersion withAliases(Connection c, ModelVersion v) throws SQLException {
    return v.withAliases(byVersion(c, v.name()).get(Long.parseLong(v.version())));
  }

  /** The model's aliases grouped by version, each list ordered by alias. */
  static Map<Long, List<String>> byVersion(Connection c, String name) throws SQLException {
    Map<Long, List<String>> out = new HashMap<>();
    Jdbc.forEach(
        c,
        SqlQuery.of(
            "SELECT alias, version FROM registered_model_aliases WHERE workspace = ? AND name = ?"
                + " ORDER BY alias",
            WORKSPACE,
            name),
        0,
        rs -> out.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getString(1)));
    return out;
  }

  /** The aliases of some models by model name, each list ordered by alias. */
  static Map<String, List<RegisteredModelAlias>> of(Connection c, List<String> names)
      throws SQLException {
    return ALIASES.group(
        c,
        names,
        Rows.STRING_1,
        rs -> new RegisteredModelAlias(rs.getString(2), Long.toString(rs.getLong(3))),
        WORKSPACE);
  }

  /** Removes the aliases that point at a version (it is being deleted). */
  static void deleteAliasesOf(Connection c, String name, long version) throws SQLException {
    Jdbc.update(
        c,
        "DELETE FROM registered_model_aliases WHERE workspace = ? AND name = ? AND version = ?",
        WORKSPACE,
        name,
        version);
  }
}
