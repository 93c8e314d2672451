package dev.trackway.ops;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.service.ReadinessService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the metadata database answers a cheap query (the schema revision in {@code
 * alembic_version}) within {@code mlflow.trackway.health-timeout}. It goes DOWN while the database
 * is unreachable and UP again as soon as it answers, without a restart: the pool hands out a fresh
 * connection once the dead ones fail validation (application.properties: Agroal settings).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
  static final String NAME = "database";

  @Inject ReadinessService readiness;
  @Inject TrackwayConfig config;
  @Inject ProbeExecutor executor;

  private BoundedProbe<String> probe;

  @PostConstruct
  void init() {
    int seconds = (int) Math.max(1, config.trackway().healthTimeout().toSeconds());
    probe = new BoundedProbe<>(() -> readiness.databaseRevision(seconds), executor);
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named(NAME).withData("vendor", readiness.databaseVendor());
    try {
      String head = probe.run(config.trackway().healthTimeout().toMillis());
      return b.up().withData("schema", head).build();
    } catch (Exception e) {
      return b.down().withData("error", BoundedProbe.describe(e)).build();
    }
  }
}
