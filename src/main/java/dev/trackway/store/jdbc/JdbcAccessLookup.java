package dev.trackway.store.jdbc;

import dev.trackway.domain.MlflowTags;
import dev.trackway.store.AccessLookup;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** {@link AccessLookup} on MLflow's tracking and registry tables. */
@ApplicationScoped
public class JdbcAccessLookup implements AccessLookup {
  private static final String WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;
  private static final RowMapper<String> FIRST = rs -> rs.getString(1);

  @Inject Database db;

  private Optional<String> first(String sql, Object... params) {
    return Optional.ofNullable(db.read(c -> Jdbc.first(c, SqlQuery.of(sql, params), FIRST)));
  }

  @Override
  public Optional<String> runExperiment(String runId) {
    return first("SELECT experiment_id FROM runs WHERE run_uuid = ?", runId);
  }

  @Override
  public Optional<String> loggedModelExperiment(String modelId) {
    return first("SELECT experiment_id FROM logged_models WHERE model_id = ?", modelId);
  }

  @Override
  public Optional<String> traceExperiment(String traceId) {
    return first("SELECT experiment_id FROM trace_info WHERE request_id = ?", traceId);
  }

  @Override
  public Optional<RegistryEntry> registeredModel(String name) {
    return Optional.ofNullable(
        db.read(
            c ->
                Jdbc.first(
                    c,
                    SqlQuery.of(
                        "SELECT m.name, (SELECT t.value FROM registered_model_tags t WHERE"
                            + " t.workspace = m.workspace AND t.name = m.name AND t.`key` = ?)"
                            + " FROM registered_models m WHERE m.workspace = ? AND m.name = ?",
                        MlflowTags.IS_PROMPT,
                        WORKSPACE,
                        name),
                    rs ->
                        new RegistryEntry(
                            rs.getString(1),
                            rs.getString(2) != null && rs.getString(2).equalsIgnoreCase("true")))));
  }
}
