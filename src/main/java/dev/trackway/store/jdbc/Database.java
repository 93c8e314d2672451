package dev.trackway.store.jdbc;

import dev.trackway.config.BackendStoreUri;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlVendor;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * The active metadata database (SQLite or MySQL, chosen by the backend store URI), its {@link
 * SqlDialect}, and the transaction boundaries of the JDBC stores ({@link Transactions}).
 */
@ApplicationScoped
public class Database extends Transactions {
  private static final Logger LOG = Logger.getLogger(Database.class);

  @Inject TrackwayConfig config;

  @PostConstruct
  void init() {
    BackendStoreUri uri = BackendStoreUri.parse(config.backendStoreUri().orElse(null));
    use(
        Arc.container()
            .instance(
                AgroalDataSource.class, new DataSource.DataSourceLiteral(uri.kind().datasource))
            .get(),
        SqlDialect.of(
            uri.kind() == BackendStoreUri.Kind.MYSQL ? SqlVendor.MYSQL : SqlVendor.SQLITE));
    if (uri.kind() == BackendStoreUri.Kind.SQLITE) {
      LOG.warnf(
          "Metadata is stored in SQLite (%s): fine for one machine; use --backend-store-uri"
              + " mysql://... to share one database between replicas.",
          uri.jdbcUrl());
    } else {
      LOG.infof("Metadata is stored in MySQL (%s)", uri.describe());
    }
  }

  void onStart(@Observes StartupEvent event) {
    String head = read(Database::alembicHead);
    if (head == null) {
      throw new IllegalStateException(
          "The database has no alembic_version row: it was not created by MLflow or Trackway.");
    }
    if (!SchemaVersion.KNOWN_HEADS.contains(head)) {
      throw new IllegalStateException(
          "The database schema is at MLflow revision "
              + head
              + ", which this Trackway does not know (it serves "
              + SchemaVersion.KNOWN_HEADS
              + ", the schema of mlflow "
              + SchemaVersion.MLFLOW_VERSION
              + "). Upgrade the database with that mlflow version's `mlflow db upgrade`, or use a"
              + " Trackway that knows this revision.");
    }
    LOG.infof("Database schema at MLflow revision %s", head);
  }

  static String alembicHead(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
