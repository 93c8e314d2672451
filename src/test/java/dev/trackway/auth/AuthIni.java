package dev.trackway.auth;

import dev.trackway.testing.MariaDbDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * Access control on ({@code --app-name basic-auth}) with a basic-auth ini file written for the test
 * run: default permission NO_PERMISSIONS, admin {@code admin} / {@link #ADMIN_PASSWORD}, the auth
 * database a fresh SQLite file, or (with {@code mariadb} in the resource's args) a fresh MariaDB
 * database.
 */
public class AuthIni implements QuarkusTestResourceLifecycleManager {
  public static final String ADMIN_PASSWORD = "admin-password-1";

  private Path dir;
  private String mariaDb;
  private boolean useMariaDb;

  @Override
  public void init(Map<String, String> initArgs) {
    useMariaDb = "true".equals(initArgs.get("mariadb"));
  }

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("trackway-auth");
      String uri;
      if (useMariaDb) {
        mariaDb = "auth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = MariaDbDatabase.admin();
            Statement st = c.createStatement()) {
          st.execute("CREATE DATABASE " + mariaDb + " CHARACTER SET utf8mb4");
        }
        uri = "mysql+pymysql://trackway:trackway@127.0.0.1:3306/" + mariaDb;
      } else {
        uri = "sqlite:///" + dir.resolve("basic_auth.db").toAbsolutePath();
      }
      Path ini = dir.resolve("basic_auth.ini");
      Files.writeString(
          ini,
          "[mlflow]\n"
              + "default_permission = NO_PERMISSIONS\n"
              + "database_uri = "
              + uri
              + "\n"
              + "admin_username = admin\n"
              + "admin_password = "
              + ADMIN_PASSWORD
              + "\n");
      return Map.of(
          "mlflow.app-name",
          "basic-auth",
          "mlflow.auth-config-path",
          ini.toAbsolutePath().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB is needed for these tests: " + e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    if (mariaDb != null) {
      try (Connection c = MariaDbDatabase.admin();
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + mariaDb);
      } catch (SQLException ignored) {
        // best effort
      }
    }
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp folder
      }
    }
  }
}
