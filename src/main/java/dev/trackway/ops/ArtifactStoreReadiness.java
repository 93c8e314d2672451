package dev.trackway.ops;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.service.ReadinessService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the artifact destination ({@code --artifacts-destination}) can be used. A local folder
 * must be writable (or creatable: its nearest existing parent writable); for {@code
 * s3://bucket/prefix} a one-key listing of the prefix must succeed, which proves endpoint,
 * credentials and bucket. With {@code --no-serve-artifacts} the server never touches the
 * destination and the check is UP. {@code mlflow.trackway.health-artifacts-enabled=false} leaves
 * the artifact store out of readiness.
 */
@Readiness
@ApplicationScoped
public class ArtifactStoreReadiness implements HealthCheck {
  static final String NAME = "artifact-store";

  @Inject ReadinessService readiness;
  @Inject TrackwayConfig config;
  @Inject ProbeExecutor executor;

  private BoundedProbe<Optional<String>> probe;

  @PostConstruct
  void init() {
    probe = new BoundedProbe<>(readiness::checkArtifactStore, executor);
  }

  /**
   * The first S3 request of a process loads and initializes the SDK (seconds on a small machine):
   * done once at start-up in the background, so the first readiness probe does not time out on it.
   */
  void warmUp(@Observes StartupEvent event) {
    if (config.trackway().healthArtifactsEnabled() && config.serveArtifacts()) {
      try {
        probe.run(0);
      } catch (Exception ignored) {
        // started; the probes report the outcome
      }
    }
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b =
        HealthCheckResponse.named(NAME).withData("destination", readiness.artifactDestination());
    if (!config.trackway().healthArtifactsEnabled()) {
      return b.up().withData("checked", false).build();
    }
    try {
      Optional<String> checked = probe.run(config.trackway().healthTimeout().toMillis());
      return checked.isPresent()
          ? b.up().withData("checked", checked.get()).build()
          : b.up().withData("checked", false).build();
    } catch (Exception e) {
      return b.down().withData("error", BoundedProbe.describe(e)).build();
    }
  }
}
