package dev.trackway.ops;

import dev.trackway.store.Database;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the metadata database answers a cheap query (the schema revision in
 * {@code alembic_version}) within {@code trackway.health.timeout}. It goes DOWN while the database
 * is unreachable and UP again as soon as it answers, without a restart: the pool hands out a
 * fresh connection once the dead ones fail validation (application.properties: Agroal settings).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
  static final String NAME = "database";

  @Inject Database database;
  @Inject ProbeExecutor executor;

  @ConfigProperty(name = "trackway.health.timeout", defaultValue = "3s")
  Duration timeout;

  private BoundedProbe<String> probe;

  @PostConstruct
  void init() {
    int seconds = (int) Math.max(1, timeout.toSeconds());
    probe =
        new BoundedProbe<>(
            () ->
                database.read(
                    c -> {
                      try (Statement st = c.createStatement()) {
                        st.setQueryTimeout(seconds);
                        try (ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
                          return rs.next() ? rs.getString(1) : "";
                        }
                      }
                    }),
            executor);
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named(NAME).withData("vendor", database.vendor().name().toLowerCase());
    try {
      String head = probe.run(timeout.toMillis());
      return b.up().withData("schema", head).build();
    } catch (Exception e) {
      return b.down().withData("error", BoundedProbe.describe(e)).build();
    }
  }
}
