package dev.trackway.store.jdbc;

import dev.trackway.config.BackendStoreUri;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlFailure;
import dev.trackway.store.jdbc.sql.SqlVendor;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The basic-auth database ({@code database_uri} of the auth configuration, separate from the
 * tracking database as in MLflow): a small connection pool opened when access control is on, its
 * schema brought to MLflow's head revision by {@link AuthSchema}.
 */
@ApplicationScoped
public class AuthDatabase extends Transactions {
  private static final Logger LOG = Logger.getLogger(AuthDatabase.class);

  private io.agroal.pool.DataSource pool;

  /**
   * Opens the database MLflow's URI names ({@code sqlite:///basic_auth.db} is relative to the
   * working directory, as in MLflow) and migrates its schema.
   *
   * @throws IllegalStateException for a URI Trackway cannot open or a schema it does not know
   */
  public synchronized void open(String databaseUri) {
    if (pool != null) {
      return;
    }
    BackendStoreUri uri;
    try {
      uri = BackendStoreUri.parse(databaseUri);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Unsupported basic-auth database_uri '" + databaseUri + "': " + e.getMessage(), e);
    }
    boolean mysql = uri.kind() == BackendStoreUri.Kind.MYSQL;
    AgroalDataSourceConfigurationSupplier config =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                p ->
                    p.minSize(0)
                        .initialSize(0)
                        .maxSize(mysql ? 16 : 4)
                        .acquisitionTimeout(Duration.ofSeconds(30))
                        .connectionFactoryConfiguration(
                            f -> {
                              f.jdbcUrl(uri.jdbcUrl())
                                  .connectionProviderClass(
                                      mysql
                                          ? com.mysql.cj.jdbc.Driver.class
                                          : org.sqlite.JDBC.class);
                              if (uri.username() != null) {
                                f.principal(new NamePrincipal(uri.username()));
                              }
                              if (uri.password() != null) {
                                f.credential(new SimplePassword(uri.password()));
                              }
                              return f;
                            }));
    try {
      pool = new io.agroal.pool.DataSource(config.get());
    } catch (RuntimeException e) {
      throw new IllegalStateException("Cannot open the basic-auth database: " + e.getMessage(), e);
    }
    use(pool, SqlDialect.of(mysql ? SqlVendor.MYSQL : SqlVendor.SQLITE));
    LOG.infof("Users and permissions are stored in %s", uri.describe());
    String revision = write(c -> AuthSchema.migrate(c, vendor()));
    LOG.infof("Basic-auth database at MLflow auth revision %s", revision);
  }

  /**
   * The basic-auth database's own retry policy, simpler than the tracking database's: a read that
   * lost its connection is tried again on a fresh one, a transaction that failed on a deadlock, a
   * lock wait or a busy database is run again, a bounded number of times.
   */
  @Override
  protected boolean retry(Attempt a) {
    return a.number() < MAX_ATTEMPTS
        && (a.transaction()
            ? a.failure().transientLock()
            : a.failure() == SqlFailure.CONNECTION_LOST);
  }

  public boolean isOpen() {
    return pool != null;
  }

  @PreDestroy
  void close() {
    if (pool != null) {
      pool.close();
    }
  }

  /** For tests: the revision stamped in the database. */
  public String revision() {
    return read(
        c -> {
          try {
            return AuthSchema.revision(c);
          } catch (SQLException e) {
            return null;
          }
        });
  }
}
