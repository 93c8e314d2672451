package dev.trackway.ops;

import dev.trackway.artifacts.s3.S3Clients;
import dev.trackway.config.ServerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Readiness: the artifact destination ({@code --artifacts-destination}) can be used. A local
 * folder must be writable (or creatable: its nearest existing parent writable); for
 * {@code s3://bucket/prefix} a one-key listing of the prefix must succeed, which proves endpoint,
 * credentials and bucket (and needs no more than the listing permission Trackway needs anyway).
 * With {@code --no-serve-artifacts} the server never touches the destination and the check is UP.
 * {@code trackway.health.artifacts.enabled=false} leaves the artifact store out of readiness.
 */
@Readiness
@ApplicationScoped
public class ArtifactStoreReadiness implements HealthCheck {
  static final String NAME = "artifact-store";

  @Inject ServerConfig config;
  @Inject ProbeExecutor executor;

  @ConfigProperty(name = "trackway.health.timeout", defaultValue = "3s")
  Duration timeout;

  @ConfigProperty(name = "trackway.health.artifacts.enabled", defaultValue = "true")
  boolean enabled;

  @ConfigProperty(name = "mlflow.s3-endpoint-url")
  Optional<String> s3EndpointUrl;

  @ConfigProperty(name = "mlflow.boto-client-addressing-style")
  Optional<String> addressingStyle;

  private BoundedProbe<String> probe;
  private S3Client s3;

  @PostConstruct
  void init() {
    probe = new BoundedProbe<>(() -> check(config.artifactsDestination()), executor);
  }

  /**
   * The first S3 request of a process loads and initializes the SDK (seconds on a small machine):
   * done once at start-up in the background, so the first readiness probe does not time out on it.
   */
  void warmUp(@Observes StartupEvent event) {
    if (enabled && config.serveArtifacts()) {
      try {
        probe.run(0);
      } catch (Exception ignored) {
        // started; the probes report the outcome
      }
    }
  }

  @Override
  public HealthCheckResponse call() {
    String destination = config.artifactsDestination();
    HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).withData("destination", redact(destination));
    if (!enabled || !config.serveArtifacts()) {
      return b.up().withData("checked", false).build();
    }
    try {
      return b.up().withData("checked", probe.run(timeout.toMillis())).build();
    } catch (Exception e) {
      return b.down().withData("error", BoundedProbe.describe(e)).build();
    }
  }

  /** Checks the destination; returns what was checked, throws what failed. */
  String check(String destination) throws IOException {
    if (destination.regionMatches(true, 0, "s3://", 0, 5)) {
      URI uri = URI.create(destination.replace(" ", "%20"));
      String bucket = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
      String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
      ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).maxKeys(1);
      if (!prefix.isEmpty()) {
        req.prefix(prefix + "/");
      }
      s3().listObjectsV2(req.build());
      return "s3 bucket listed";
    }
    Path dir = localPath(destination);
    if (Files.isDirectory(dir)) {
      if (!Files.isWritable(dir)) {
        throw new IOException("folder " + dir + " is not writable");
      }
      return "folder writable";
    }
    if (Files.exists(dir)) {
      throw new IOException(dir + " is not a folder");
    }
    Path parent = dir.toAbsolutePath().getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new IOException("folder " + dir + " does not exist and cannot be created");
    }
    return "folder creatable";
  }

  static Path localPath(String destination) {
    if (destination.regionMatches(true, 0, "file:", 0, 5)) {
      return Path.of(URI.create(destination.replace(" ", "%20")));
    }
    return Path.of(destination);
  }

  /** Destinations carry no secrets in MLflow's form, but a URI's user-info is dropped anyway. */
  static String redact(String destination) {
    return destination.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  private synchronized S3Client s3() {
    if (s3 == null) {
      s3 = new S3Clients(s3EndpointUrl, addressingStyle).client();
    }
    return s3;
  }

  @PreDestroy
  synchronized void close() {
    if (s3 != null) {
      s3.close();
    }
  }
}
