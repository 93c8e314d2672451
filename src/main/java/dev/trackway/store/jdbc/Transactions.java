package dev.trackway.store.jdbc;

import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlFailure;
import dev.trackway.store.jdbc.sql.SqlVendor;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The transaction boundaries of a database, shared by the tracking database ({@link Database}) and
 * the basic-auth database ({@link AuthDatabase}): {@link #read} runs in auto-commit, {@link #write}
 * in one transaction; an attempt that failed is run again when the subclass's {@link #retry} policy
 * says so (after a backoff for lock conflicts). Database errors become MLflow's errors here.
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

  /**
   * One failed attempt of a {@link #read} or {@link #write}: its number (from 1), when the first
   * attempt started, whether it was a transaction and failed in its commit, and how many attempts
   * were already run again after a lost connection.
   */
  protected record Attempt(
      int number,
      long startNanos,
      boolean transaction,
      boolean committing,
      int reconnects,
      SQLException error,
      SqlFailure failure) {}

  /** Called once by the subclass when it knows its data source. */
  protected void use(AgroalDataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  public SqlVendor vendor() {
    return dialect.vendor();
  }

  /** The SQL differences of the database. */
  public SqlDialect dialect() {
    return dialect;
  }

  /**
   * Whether the work of a failed attempt runs again (it is safe to: a read changes nothing, a
   * transaction cut off before its commit was rolled back).
   */
  protected abstract boolean retry(Attempt attempt);

  /**
   * Runs {@code work} in auto-commit. Reads change nothing, so one that lost its connection (a
   * pooled connection the server has closed) may be tried again on a fresh one.
   */
  public <T> T read(Work<T> work) {
    return run(work, false);
  }

  /**
   * Runs {@code work} in one transaction, which the {@link #retry} policy may run again (the work
   * must be safe to run again).
   */
  public <T> T write(Work<T> work) {
    return run(work, true);
  }

  private <T> T run(Work<T> work, boolean transaction) {
    long start = System.nanoTime();
    int reconnects = 0;
    for (int attempt = 1; ; attempt++) {
      boolean[] committing = {false};
      try (Connection c = dataSource.getConnection()) {
        try {
          return transaction ? inTransaction(c, work, committing) : autoCommit(c, work);
        } catch (SQLException e) {
          throw closedUnderneath(c, e);
        }
      } catch (SQLException e) {
        SqlFailure failure = dialect.classify(e);
        if (failure == null
            || !retry(
                new Attempt(attempt, start, transaction, committing[0], reconnects, e, failure))) {
          throw translate(e, failure);
        }
        LOG.debugf("Retrying after %s (attempt %d): %s", failure, attempt, e.getMessage());
        if (failure.transientLock()) {
          sleepBackoff(attempt);
        } else if (failure == SqlFailure.CONNECTION_LOST) {
          reconnects++;
        }
      }
    }
  }

  /**
   * A failure on a connection the driver has closed meanwhile (a socket timeout closes it, and a
   * later call reports only "statement closed") is a lost connection, whatever its message.
   */
  private SQLException closedUnderneath(Connection c, SQLException e) {
    boolean closed;
    try {
      closed = c.isClosed();
    } catch (SQLException broken) {
      closed = true;
    }
    if (closed && dialect.classify(e) != SqlFailure.CONNECTION_LOST) {
      return new SQLNonTransientConnectionException(
          "Connection lost: " + e.getMessage(), "08003", e);
    }
    return e;
  }

  private static <T> T autoCommit(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(true);
    return work.run(c);
  }

  private static <T> T inTransaction(Connection c, Work<T> work, boolean[] committing)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      committing[0] = true;
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      quietly(c::rollback);
      throw e;
    } finally {
      // a broken connection fails here too; the pool discards it (its exception sorter)
      quietly(() -> c.setAutoCommit(true));
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

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }

  private static void quietly(SqlAction action) {
    try {
      action.run();
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
  protected RuntimeException translate(SQLException e, SqlFailure failure) {
    if (failure == SqlFailure.DATA_TOO_LONG) {
      return new MlflowException(ErrorCode.BAD_REQUEST, "(DataError) " + e.getMessage());
    }
    return MlflowException.internalError("Database error: %s", e.getMessage());
  }
}
