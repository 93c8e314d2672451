package dev.trackway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the local MariaDB server (started by .ci/run, or by hand: see README), given
 * to Trackway as {@code mysql://...}. No MariaDB, no pass: the tests fail rather than skip.
 * Connection settings: TRACKWAY_TEST_MYSQL_HOST/PORT/USER/PASSWORD (defaults 127.0.0.1, 3306,
 * trackway, trackway).
 */
public class MariaDbDatabase implements QuarkusTestResourceLifecycleManager {
  static final String HOST = env("TRACKWAY_TEST_MYSQL_HOST", "127.0.0.1");
  static final String PORT = env("TRACKWAY_TEST_MYSQL_PORT", "3306");
  static final String USER = env("TRACKWAY_TEST_MYSQL_USER", "trackway");
  static final String PASSWORD = env("TRACKWAY_TEST_MYSQL_PASSWORD", "trackway");

  private String database;

  static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? def : v;
  }

  public static String jdbcUrl(String database) {
    return "jdbc:mysql://"
        + HOST
        + ":"
        + PORT
        + "/"
        + database
        + "?user="
        + USER
        + "&password="
        + PASSWORD;
  }

  public static Connection admin() throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    // the driver by class, not DriverManager, whose lookup depends on the context class loader
    return new com.mysql.cj.jdbc.Driver().connect("jdbc:mysql://" + HOST + ":" + PORT + "/", props);
  }

  @Override
  public Map<String, String> start() {
    database = "tw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "MariaDB is needed for these tests (see README: .ci/run starts it): " + e.getMessage(),
          e);
    }
    return Map.of(
        "mlflow.backend-store-uri",
        "mysql://" + USER + ":" + PASSWORD + "@" + HOST + ":" + PORT + "/" + database);
  }

  @Override
  public void stop() {
    try (Connection c = admin();
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + database);
    } catch (SQLException ignored) {
      // best effort
    }
  }
}
