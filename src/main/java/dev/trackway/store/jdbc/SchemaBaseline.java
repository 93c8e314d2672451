package dev.trackway.store.jdbc;

import dev.trackway.compat.MlflowUris;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.store.jdbc.sql.SqlVendor;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Creates MLflow's schema on a database that has none (no {@code alembic_version} table), from the
 * generated baseline of the active vendor: {@code db/schema/<vendor>.list} names the SQL files in
 * the order they run (docs/schema.md, ADR 0012). A database that has {@code alembic_version} (made
 * by MLflow or by Trackway) is never touched here; {@link Database} then checks its revision.
 *
 * <p>Replicas starting together on one fresh database take turns: on SQLite the whole baseline is
 * one write transaction (SQLite's DDL is transactional); on MySQL, whose DDL commits by itself, a
 * named lock ({@code GET_LOCK}) is held while the baseline runs, and the check is made again once
 * it is held. {@code alembic_version} is written last, so a baseline that stopped half way (MySQL
 * only) is not taken for an MLflow database: the start then fails on the first table that exists.
 */
@ApplicationScoped
public class SchemaBaseline {
  private static final Logger LOG = Logger.getLogger(SchemaBaseline.class);

  /** How the artifact location of the Default experiment (id 0) appears in the baseline. */
  static final String ARTIFACT_LOCATION = "'${default_experiment_artifact_location}'";

  static final String MYSQL_LOCK = "trackway_schema_baseline";
  static final int MYSQL_LOCK_SECONDS = 300;

  @Inject TrackwayConfig config;

  @Inject Database database;

  // before Database's own start-up check (default priority) reads the revision
  void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
    if (database.read(SchemaBaseline::exists)) {
      return;
    }
    // <default artifact root>/0, as MLflow's store writes it for the Default experiment
    String location = MlflowUris.appendToUri(config.defaultArtifactRootUri(), "0");
    long start = System.nanoTime();
    boolean created =
        database.vendor() == SqlVendor.MYSQL
            ? database.read(c -> createUnderLock(c, location))
            : database.write(c -> create(c, SqlVendor.SQLITE, location));
    if (created) {
      LOG.infof(
          "Created MLflow %s's schema (alembic head %s) in %d ms",
          SchemaVersion.MLFLOW_VERSION,
          SchemaVersion.ALEMBIC_HEAD,
          (System.nanoTime() - start) / 1_000_000);
    }
  }

  /** Whether the database has an {@code alembic_version} table. */
  static boolean exists(Connection c) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "alembic_version", null)) {
      return rs.next();
    }
  }

  static boolean createUnderLock(Connection c, String location) throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
      lock.setString(1, MYSQL_LOCK);
      lock.setInt(2, MYSQL_LOCK_SECONDS);
      try (ResultSet rs = lock.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new IllegalStateException(
              "Another Trackway has been creating the schema for "
                  + MYSQL_LOCK_SECONDS
                  + " s (MySQL lock "
                  + MYSQL_LOCK
                  + ")");
        }
      }
    }
    try {
      return create(c, SqlVendor.MYSQL, location);
    } finally {
      try (PreparedStatement release = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
        release.setString(1, MYSQL_LOCK);
        release.execute();
      }
    }
  }

  /** Runs the baseline unless another process made the schema meanwhile; true when it ran. */
  static boolean create(Connection c, SqlVendor vendor, String location) throws SQLException {
    if (exists(c)) {
      return false;
    }
    for (String sql : statements(vendor)) {
      if (sql.contains(ARTIFACT_LOCATION)) {
        try (PreparedStatement ps = c.prepareStatement(sql.replace(ARTIFACT_LOCATION, "?"))) {
          ps.setString(1, location);
          ps.executeUpdate();
        }
      } else {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }
    }
    return true;
  }

  /** The baseline's statements for {@code vendor}, in the order the manifest gives. */
  static List<String> statements(SqlVendor vendor) {
    String dir = "db/schema/" + (vendor == SqlVendor.MYSQL ? "mysql" : "sqlite");
    List<String> out = new ArrayList<>();
    for (String line : resource(dir + ".list").split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] entry = line.split(" ", 2);
      String sql = withoutComments(resource(dir + "/" + entry[1]));
      switch (entry[0]) {
        case "statements" -> out.addAll(split(sql));
        case "one" -> out.add(sql.strip());
        default -> throw new IllegalStateException("Unknown entry in " + dir + ".list: " + line);
      }
    }
    return out;
  }

  /** Drops the lines that start with {@code --}. */
  static String withoutComments(String sql) {
    StringBuilder b = new StringBuilder(sql.length());
    for (String line : sql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** Splits at each {@code ;} that ends a line; blank pieces are dropped. */
  static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.stripTrailing();
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        add(out, current);
      } else {
        current.append(line).append('\n');
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder statement) {
    String s = statement.toString().strip();
    if (!s.isEmpty()) {
      out.add(s);
    }
    statement.setLength(0);
  }

  private static String resource(String name) {
    try (InputStream in = SchemaBaseline.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + name, e);
    }
  }
}
