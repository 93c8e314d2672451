package dev.trackway.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Server options that mirror {@code mlflow server}'s ({@code --default-artifact-root}, {@code
 * --serve-artifacts}, ...); the environment variables of the same names apply too.
 */
@ApplicationScoped
public class ServerConfig {

  @ConfigProperty(name = "mlflow.default-artifact-root")
  Optional<String> defaultArtifactRoot;

  @ConfigProperty(name = "mlflow.serve-artifacts", defaultValue = "true")
  boolean serveArtifacts;

  /**
   * The artifact root of new experiments, like MLflow's: {@code mlflow-artifacts:/} when artifacts
   * are served, otherwise {@code ./mlruns} resolved to an absolute {@code file:} URI.
   */
  public String defaultArtifactRoot() {
    return resolveDefaultArtifactRoot(defaultArtifactRoot.orElse(null), serveArtifacts);
  }

  /** The default artifact root for the given {@code --default-artifact-root} and serve mode. */
  public static String resolveDefaultArtifactRoot(String configured, boolean serveArtifacts) {
    String root = configured == null || configured.isBlank() ? null : configured.trim();
    if (root == null) {
      root = serveArtifacts ? "mlflow-artifacts:/" : "./mlruns";
    }
    if (!root.contains(":")) {
      root = Path.of(root).toAbsolutePath().normalize().toUri().toString();
      if (root.endsWith("/")) {
        root = root.substring(0, root.length() - 1);
      }
    }
    return root;
  }

  public boolean serveArtifacts() {
    return serveArtifacts;
  }

  // ---------------------------------------------------------------- artifacts
  // (dev.trackway.artifacts)

  /** {@code --artifacts-destination}: where proxied artifacts are stored, like mlflow server's. */
  @ConfigProperty(name = "mlflow.artifacts-destination", defaultValue = "./mlartifacts")
  String artifactsDestination;

  /** {@code --artifacts-only}: serve the artifact routes only; tracking routes answer 503. */
  @ConfigProperty(name = "mlflow.artifacts-only", defaultValue = "false")
  boolean artifactsOnly;

  /**
   * The artifact destination as given: {@code s3://bucket/prefix}, a {@code file:} URI or a plain
   * path (relative to the working directory, like mlflow server's {@code ./mlartifacts}).
   */
  public String artifactsDestination() {
    return artifactsDestination == null || artifactsDestination.isBlank()
        ? "./mlartifacts"
        : artifactsDestination.trim();
  }

  public boolean artifactsOnly() {
    return artifactsOnly;
  }

  /** MLflow's {@code append_to_uri_path}: joins with exactly one slash. */
  public static String appendToUri(String base, String... parts) {
    StringBuilder sb = new StringBuilder(base);
    for (String part : parts) {
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
