package dev.trackway.artifacts.repositories;

import dev.trackway.artifacts.ArtifactPaths;
import dev.trackway.artifacts.ArtifactRepository;
import dev.trackway.artifacts.local.LocalArtifactRepository;
import dev.trackway.artifacts.s3.S3ArtifactRepository;
import dev.trackway.artifacts.s3.S3Clients;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.MlflowException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Artifact repositories by URI scheme (MLflow's artifact repository registry): {@code s3://} -> S3,
 * {@code file:} and plain paths -> local. The S3 client is built once, on first use.
 */
@ApplicationScoped
public class ArtifactRepositories {
  @Inject TrackwayConfig config;

  private volatile ArtifactRepository destination;
  private S3Client s3;
  private S3Presigner presigner;

  /** The repository of {@code --artifacts-destination}. */
  public ArtifactRepository destination() {
    ArtifactRepository d = destination;
    if (d == null) {
      synchronized (this) {
        if (destination == null) {
          destination = forUri(config.artifactsDestinationUri());
        }
        d = destination;
      }
    }
    return d;
  }

  /** A repository for an artifact location URI. */
  public ArtifactRepository forUri(String uri) {
    String u = uri.trim();
    String scheme = ArtifactPaths.scheme(u);
    if (scheme == null) {
      return new LocalArtifactRepository(Path.of(u));
    }
    switch (scheme) {
      case "file" -> {
        return new LocalArtifactRepository(ArtifactPaths.localPath(u));
      }
      case "s3" -> {
        URI parsed = URI.create(u.replace(" ", "%20"));
        String bucket = parsed.getHost() != null ? parsed.getHost() : parsed.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
          throw MlflowException.invalidParameterValue("Invalid S3 URI, no bucket: %s", uri);
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        path = path.replaceAll("^/+", "").replaceAll("/+$", "");
        return new S3ArtifactRepository(s3(), presigner(), bucket, path);
      }
      default ->
          throw MlflowException.invalidParameterValue(
              "Could not find a registered artifact repository for: %s. Currently registered schemes"
                  + " are: ['', 'file', 's3']",
              uri);
    }
  }

  synchronized S3Client s3() {
    if (s3 == null) {
      S3Clients clients = new S3Clients(config.s3EndpointUrl(), config.botoClientAddressingStyle());
      s3 = clients.client();
      presigner = clients.presigner();
    }
    return s3;
  }

  synchronized S3Presigner presigner() {
    s3();
    return presigner;
  }

  @PreDestroy
  synchronized void close() {
    if (s3 != null) {
      s3.close();
      presigner.close();
    }
  }
}
