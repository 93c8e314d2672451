package dev.trackway.store.jdbc;

import dev.trackway.config.BackendStoreUri;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
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
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The active metadata database (SQLite or MySQL, chosen by the backend store URI), its {@link
 * SqlDialect}, and the transaction boundaries of the JDBC stores: {@link #read} runs in
 * auto-commit, {@link #write} in one transaction that is retried a bounded number of times on
 * deadlocks and busy databases. Database errors become MLflow's errors here, in one place.
 */
@ApplicationScoped
public class Database {
  private static final Logger LOG = Logger.getLogger(Database.class);
  static final int MAX_ATTEMPTS = 4;

  @Inject TrackwayConfig config;

  private AgroalDataSource dataSource;
  private SqlDialect dialect;

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** One or more statements on a connection the caller holds. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws SQLException;
  }

  @PostConstruct
  void init() {
    BackendStoreUri uri = BackendStoreUri.parse(config.backendStoreUri().orElse(null));
    dialect =
        SqlDialect.of(
            uri.kind() == BackendStoreUri.Kind.MYSQL ? SqlVendor.MYSQL : SqlVendor.SQLITE);
    dataSource =
        Arc.container()
            .instance(
                AgroalDataSource.class, new DataSource.DataSourceLiteral(uri.kind().datasource))
            .get();
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

  public SqlVendor vendor() {
    return dialect.vendor();
  }

  /** The SQL differences of the active database. */
  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code work} in auto-commit. Reads change nothing, so one that lost its connection (a
   * pooled connection the server has closed) is tried again on a fresh one.
   */
  public <T> T read(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        return work.run(c);
      } catch (SQLException e) {
        if (attempt < MAX_ATTEMPTS && dialect.isConnectionLost(e)) {
          LOG.debugf("Retrying read after a lost connection: %s", e.getMessage());
          continue;
        }
        throw translate(e);
      }
    }
  }

  /**
   * Runs {@code work} in one transaction, retried a bounded number of times when it fails on a
   * deadlock, a lock wait or a busy database (the work must be safe to run again).
   */
  public <T> T write(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (attempt < MAX_ATTEMPTS && dialect.isTransient(e)) {
          LOG.debugf("Retrying transaction after transient failure: %s", e.getMessage());
          sleepBackoff(attempt);
          continue;
        }
        throw translate(e);
      }
    }
  }

  /**
   * Runs {@code step}; a primary-key or unique-key violation becomes the error {@code duplicate}
   * gives (MLflow's answer to an IntegrityError at that place).
   */
  public <T> T duplicateAs(Step<T> step, Step<? extends RuntimeException> duplicate)
      throws SQLException {
    try {
      return step.run();
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        throw duplicate.run();
      }
      throw e;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private static void sleepBackoff(int attempt) {
    try {
      Thread.sleep(
          (long) (20 * Math.pow(3, attempt - 1)) + ThreadLocalRandom.current().nextInt(20));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A database failure as MLflow's error: a value too long for its column is MLflow's answer to a
   * database DataError, BAD_REQUEST; anything else is an internal error.
   */
  private RuntimeException translate(SQLException e) {
    if (dialect.isDataTooLong(e)) {
      return new MlflowException(ErrorCode.BAD_REQUEST, "(DataError) " + e.getMessage());
    }
    return MlflowException.internalError("Database error: %s", e.getMessage());
  }
}
