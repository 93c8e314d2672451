package dev.trackway.store.jdbc;

import dev.trackway.config.BackendStoreUri;
import dev.trackway.config.TrackwayConfig;
import io.quarkus.arc.Arc;
import io.quarkus.liquibase.LiquibaseDataSource;
import io.quarkus.liquibase.LiquibaseFactory;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import liquibase.Liquibase;
import org.jboss.logging.Logger;

/**
 * Runs the Liquibase changelog of the active datasource at start-up (before {@link Database} checks
 * the schema revision) unless the database is already at {@link SchemaVersion#ALEMBIC_HEAD}.
 *
 * <p>A fresh database (no {@code alembic_version}) is created exactly as before; a database at an
 * older revision would be migrated by a future changeset. A database that is already current is
 * left alone: Liquibase's no-op pass (lock table, changelog history, checksums, preconditions) was
 * most of the start-up time of the native executable on an existing database (about 150 ms of CPU
 * out of 250 ms), and a database created by MLflow no longer gets Liquibase's two bookkeeping
 * tables. Replaces {@code quarkus.liquibase.*.migrate-at-start}.
 */
@ApplicationScoped
public class SchemaMigration {
  private static final Logger LOG = Logger.getLogger(SchemaMigration.class);

  @Inject TrackwayConfig config;

  @Inject Database database;

  void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
    if (SchemaVersion.ALEMBIC_HEAD.equals(database.read(SchemaMigration::currentHead))) {
      return;
    }
    String datasource =
        BackendStoreUri.parse(config.backendStoreUri().orElse(null)).kind().datasource;
    LiquibaseFactory factory =
        Arc.container()
            .instance(
                LiquibaseFactory.class,
                LiquibaseDataSource.LiquibaseDataSourceLiteral.of(datasource))
            .get();
    LOG.infof("Applying the schema changelog %s", factory.getConfiguration().changeLog);
    try (Liquibase liquibase = factory.createLiquibase()) {
      liquibase.update(factory.createContexts(), factory.createLabels());
    } catch (Exception e) {
      throw new IllegalStateException("Schema migration failed: " + e.getMessage(), e);
    }
  }

  /** The alembic revision, or null when the database has no alembic_version table (fresh). */
  static String currentHead(Connection c) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "alembic_version", null)) {
      if (!rs.next()) {
        return null;
      }
    }
    return Database.alembicHead(c);
  }
}
