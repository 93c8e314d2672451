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
import java.sql.Statement;
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
public class Database extends Transactions {
  private static final Logger LOG = Logger.getLogger(Database.class);

  /** No retry starts this long after the first attempt did (docs/adr/0010). */
  static final long RETRY_BUDGET_NANOS = 2_000_000_000L;

  @Inject TrackwayConfig config;
  @Inject DatabaseRetries retries;

  /**
   * SQLite has one writer at a time. This process's writers queue here, in arrival order, rather
   * than in SQLite's busy handler, which sleeps and polls (with 32 concurrent writers: p99 in
   * seconds). Writers of other processes still meet {@code busy_timeout}. Null on MySQL (row
   * locks).
   */
  private ReentrantLock sqliteWriter;

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

  @Override
  public <T> T write(Work<T> work) {
    if (sqliteWriter == null || sqliteWriter.isHeldByCurrentThread()) {
      return super.write(work);
    }
    lockSqliteWriter();
    try {
      return super.write(work);
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

  static String alembicHead(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /**
   * Lock conflicts go away when the transaction runs again, unless the database already waited long
   * (a lock wait timeout or a busy SQLite comes after the database's own wait: then the retry
   * budget is spent and the answer is a 503 at once). A connection lost is replaced once by the
   * pool (a pooled connection the database closed), unless it was lost in the commit, whose outcome
   * is then unknown, or timed out (a database that does not answer would only make the caller wait
   * again). An exhausted pool has already waited its acquisition timeout. Each retry is counted.
   */
  @Override
  protected boolean retry(Attempt a) {
    boolean retry =
        a.number() < MAX_ATTEMPTS
            && System.nanoTime() - a.startNanos() < RETRY_BUDGET_NANOS
            && (a.failure().transientLock()
                || (a.failure() == SqlFailure.CONNECTION_LOST
                    && a.reconnects() == 0
                    && !a.committing()
                    && !timedOut(a.error())));
    if (retry) {
      retries.counted(a.failure(), a.transaction());
    }
    return retry;
  }

  private static boolean timedOut(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * As {@link Transactions#translate}, and a database that cannot answer now (lost, unreachable,
   * its pool exhausted, its locks still contended after the retries) is TEMPORARILY_UNAVAILABLE
   * (503, which MLflow's client retries), MLflow's answer to SQLAlchemy's OperationalError.
   */
  @Override
  protected RuntimeException translate(SQLException e, SqlFailure failure) {
    if (failure != null && failure.unavailable()) {
      return new MlflowException(
          ErrorCode.TEMPORARILY_UNAVAILABLE, "Database unavailable: " + e.getMessage());
    }
    return super.translate(e, failure);
  }
}
