package dev.trackway.store.jdbc;

import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlVendor;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The transaction boundaries of the basic-auth database ({@link AuthDatabase}): {@link #read} runs
 * in auto-commit, {@link #write} in one transaction that is retried a bounded number of times on
 * lock conflicts. Database errors become MLflow's errors here. (The tracking database has its own,
 * richer policy in {@link Database}.)
 */
public abstract class Transactions {
  private static final Logger LOG = Logger.getLogger(Transactions.class);
  static final int MAX_ATTEMPTS = 4;

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

  /** Called once by the subclass when it knows its data source. */
  protected void use(AgroalDataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  protected AgroalDataSource dataSource() {
    return dataSource;
  }

  public SqlVendor vendor() {
    return dialect.vendor();
  }

  /** The SQL differences of the database. */
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
        if (attempt < MAX_ATTEMPTS
            && dialect.classify(e) == dev.trackway.store.jdbc.sql.SqlFailure.CONNECTION_LOST) {
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
        if (attempt < MAX_ATTEMPTS && isTransientLock(e)) {
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

  private boolean isTransientLock(SQLException e) {
    dev.trackway.store.jdbc.sql.SqlFailure f = dialect.classify(e);
    return f != null && f.transientLock();
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
