package dev.trackway.store.jdbc;

import dev.trackway.config.BackendStoreUri;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.MlflowException;
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
 * The active metadata database (SQLite or MySQL, chosen by the backend store URI) and the
 * transaction boundaries of the JDBC stores: {@link #read} runs in auto-commit, {@link #write} in
 * one transaction that is retried a bounded number of times on deadlocks and busy databases.
 */
@ApplicationScoped
public class Database {
  private static final Logger LOG = Logger.getLogger(Database.class);
  static final int MAX_ATTEMPTS = 4;

  @Inject TrackwayConfig config;

  private AgroalDataSource dataSource;
  private SqlVendor vendor;

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  @PostConstruct
  void init() {
    BackendStoreUri uri = BackendStoreUri.parse(config.backendStoreUri().orElse(null));
    vendor = uri.kind() == BackendStoreUri.Kind.MYSQL ? SqlVendor.MYSQL : SqlVendor.SQLITE;
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
    return vendor;
  }

  public boolean isMysql() {
    return vendor == SqlVendor.MYSQL;
  }

  public <T> T read(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

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
        if (attempt < MAX_ATTEMPTS && isTransient(e)) {
          LOG.debugf("Retrying transaction after transient failure: %s", e.getMessage());
          sleepBackoff(attempt);
          continue;
        }
        throw translate(e);
      }
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

  /** MySQL deadlock / lock-wait timeout, SQLite busy or locked. */
  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        int code = s.getErrorCode();
        if ("40001".equals(state) || code == 1213 || code == 1205) {
          return true;
        }
        String msg = String.valueOf(s.getMessage());
        if (code == 5
            || code == 6
            || msg.contains("SQLITE_BUSY")
            || msg.contains("database is locked")) {
          return true;
        }
      }
    }
    return false;
  }

  /** True for a primary-key or unique-key violation. */
  public static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String msg = String.valueOf(s.getMessage());
        if (s.getErrorCode() == 1062
            || "23505".equals(s.getSQLState())
            || msg.contains("SQLITE_CONSTRAINT_PRIMARYKEY")
            || msg.contains("SQLITE_CONSTRAINT_UNIQUE")
            || msg.contains("UNIQUE constraint failed")) {
          return true;
        }
      }
    }
    return false;
  }

  /** MySQL error 1406: a value too long for its column (strict mode). */
  public static boolean isDataTooLong(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && (s.getErrorCode() == 1406 || "22001".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A database failure as MLflow's error: a value too long for its column is MLflow's answer to a
   * database DataError, BAD_REQUEST; anything else is an internal error.
   */
  private static RuntimeException translate(SQLException e) {
    if (isDataTooLong(e)) {
      return new dev.trackway.error.MlflowException(
          dev.trackway.error.ErrorCode.BAD_REQUEST, "(DataError) " + e.getMessage());
    }
    return MlflowException.internalError("Database error: %s", e.getMessage());
  }
}
