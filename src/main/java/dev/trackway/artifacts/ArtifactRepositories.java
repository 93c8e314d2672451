package dev.trackway.artifacts;

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
    String scheme = scheme(u);
    if (scheme == null) {
      return new LocalArtifactRepository(Path.of(u));
    }
    switch (scheme) {
      case "file" -> {
        return new LocalArtifactRepository(filePath(u));
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

  /** The URI scheme in lower case, or null for a plain path (a Windows drive is a path too). */
  public static String scheme(String u) {
    int colon = u.indexOf(':');
    if (colon <= 1) {
      return null;
    }
    for (int i = 0; i < colon; i++) {
      char c = u.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
      if (!ok || c > 127) {
        return null;
      }
    }
    return u.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
  }

  static Path filePath(String u) {
    String rest = u.substring(5);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "/" : rest.substring(slash);
    }
    return Path.of(ArtifactPaths.percentDecode(rest));
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
