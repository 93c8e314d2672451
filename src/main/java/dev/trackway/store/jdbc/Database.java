package dev.trackway.store.jdbc;

import dev.trackway.config.BackendStoreUri;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlFailure;
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
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * The active metadata database (SQLite or MySQL, chosen by the backend store URI), its {@link
 * SqlDialect}, and the transaction boundaries of the JDBC stores: {@link #read} runs in
 * auto-commit, {@link #write} in one transaction that is retried a bounded number of times on
 * deadlocks, busy databases and connections lost before the commit (each retry counted by {@link
 * DatabaseRetries}). Database errors become MLflow's errors here, in one place.
 */
@ApplicationScoped
public class Database {
  private static final Logger LOG = Logger.getLogger(Database.class);
  static final int MAX_ATTEMPTS = 4;

  /** No retry starts this long after the first attempt did (docs/adr/0010). */
  static final long RETRY_BUDGET_NANOS = 2_000_000_000L;

  @Inject TrackwayConfig config;
  @Inject DatabaseRetries retries;

  private AgroalDataSource dataSource;
  private SqlDialect dialect;

  /**
   * SQLite has one writer at a time. This process's writers queue here, in arrival order, rather
   * than in SQLite's busy handler, which sleeps and polls (with 32 concurrent writers: p99 in
   * seconds). Writers of other processes still meet {@code busy_timeout}. Null on MySQL (row
   * locks).
   */
  private ReentrantLock sqliteWriter;

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
      sqliteWriter = new ReentrantLock(true);
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
    return run(work, false);
  }

  /**
   * Runs {@code work} in one transaction, retried a bounded number of times when it fails on a
   * deadlock, a lock wait or a busy database, or loses its connection before the commit (the work
   * must be safe to run again; a transaction cut off before its commit was rolled back).
   */
  public <T> T write(Work<T> work) {
    if (sqliteWriter == null || sqliteWriter.isHeldByCurrentThread()) {
      return run(work, true);
    }
    lockSqliteWriter();
    try {
      return run(work, true);
    } finally {
      sqliteWriter.unlock();
    }
  }

  /** Waits for this process's SQLite write turn, as long as SQLite's own busy timeout at most. */
  private void lockSqliteWriter() {
    long millis = config.trackway().sqliteBusyTimeout().toMillis();
    try {
      if (sqliteWriter.tryLock(millis, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new MlflowException(
        ErrorCode.TEMPORARILY_UNAVAILABLE,
        "Database unavailable: [SQLITE_BUSY] database is locked (no write turn in "
            + millis
            + " ms)");
  }

  private <T> T run(Work<T> work, boolean transaction) {
    long start = System.nanoTime();
    boolean reconnected = false;
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
        boolean retry =
            attempt < MAX_ATTEMPTS
                && System.nanoTime() - start < RETRY_BUDGET_NANOS
                && failure != null
                && (failure.transientLock()
                    || (failure == SqlFailure.CONNECTION_LOST
                        && !reconnected
                        && !committing[0]
                        && !timedOut(e)));
        if (!retry) {
          throw translate(e, failure);
        }
        retries.counted(failure, transaction);
        LOG.debugf("Retrying after %s (attempt %d): %s", failure, attempt, e.getMessage());
        if (failure.transientLock()) {
          sleepBackoff(attempt);
        } else {
          reconnected = true;
        }
      }
    }
  }

  /**
   * Lock conflicts go away when the transaction runs again, unless the database already waited long
   * (a lock wait timeout or a busy SQLite comes after the database's own wait: then the retry
   * budget is spent and the answer is a 503 at once). A connection lost is replaced once by the
   * pool (a pooled connection the database closed), unless it was lost in the commit, whose outcome
   * is then unknown, or timed out (a database that does not answer would only make the caller wait
   * again). An exhausted pool has already waited its acquisition timeout.
   */
  private static boolean timedOut(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
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
   * database DataError, BAD_REQUEST; a database that cannot answer now (lost, unreachable, its pool
   * exhausted, its locks still contended after the retries) is TEMPORARILY_UNAVAILABLE (503, which
   * MLflow's client retries), MLflow's answer to SQLAlchemy's OperationalError; anything else is an
   * internal error.
   */
  private RuntimeException translate(SQLException e, SqlFailure failure) {
    if (failure == SqlFailure.DATA_TOO_LONG) {
      return new MlflowException(ErrorCode.BAD_REQUEST, "(DataError) " + e.getMessage());
    }
    if (failure != null && failure.unavailable()) {
      return new MlflowException(
          ErrorCode.TEMPORARILY_UNAVAILABLE, "Database unavailable: " + e.getMessage());
    }
    return MlflowException.internalError("Database error: %s", e.getMessage());
  }
}
