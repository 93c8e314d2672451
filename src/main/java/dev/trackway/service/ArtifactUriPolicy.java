package dev.trackway.service;

import dev.trackway.compat.PyUrl;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.MlflowException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow's checks of a storage URI a client hands the server: the host policy for schemes that make
 * the server connect to the host they name ({@code _validate_artifact_uri_scheme}), and the rules
 * for an experiment's {@code artifact_location} ({@code _validate_storage_location_uri}).
 */
@ApplicationScoped
public class ArtifactUriPolicy {
  /** Python's {@code urllib.parse.uses_params}: the schemes whose last segment has ";params". */
  private static final Set<String> USES_PARAMS =
      Set.of(
          "",
          "ftp",
          "hdl",
          "prospero",
          "http",
          "imap",
          "https",
          "shttp",
          "rtsp",
          "rtspu",
          "sip",
          "sips",
          "mms",
          "sftp",
          "tel");

  @Inject TrackwayConfig config;

  /**
   * MLflow's host policy: a URI whose scheme makes the server connect to the host it names is
   * refused unless the scheme is allowed by MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES or it
   * targets the host of the server's own default artifact root.
   */
  public void validateArtifactUriScheme(String uri, String field) {
    Set<List<Object>> targets = SourceUris.hostTargets(uri);
    if (targets == null) {
      return;
    }
    String scheme = PyUrl.urlparse(uri).scheme();
    String allowed = config.allowedHostAddressedArtifactSchemes().orElse(null);
    if (allowed != null) {
      for (String s : allowed.split(",")) {
        if (s.strip().toLowerCase(Locale.ROOT).equals(scheme)) {
          return;
        }
      }
    }
    Set<List<Object>> trusted = SourceUris.hostTargets(config.defaultArtifactRootUri());
    if (trusted != null && targets.stream().anyMatch(trusted::contains)) {
      return;
    }
    throw MlflowException.invalidParameterValue(
        "'%s' cannot use the '%s' scheme: the '%s' scheme addresses a host other than the tracking"
            + " server's configured artifact storage, so the server would connect to the host"
            + " named in the URI. Set the MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES"
            + " environment variable on the server to allow it.",
        field, scheme, scheme);
  }

  /**
   * MLflow's {@code _validate_storage_location_uri} for a non-empty experiment artifact location:
   * no fragment or {@code ;params}, no {@code ..} in the (decoded) query, the host policy, no
   * {@code runs:} URI, at most 2048 characters.
   */
  public void validateStorageLocation(String uri, String field) {
    String scheme = PyUrl.urlparse(uri).scheme();
    int hash = uri.indexOf('#');
    String beforeFragment = hash < 0 ? uri : uri.substring(0, hash);
    int q = beforeFragment.indexOf('?');
    String beforeQuery = q < 0 ? beforeFragment : beforeFragment.substring(0, q);
    boolean fragment = hash >= 0 && hash < uri.length() - 1;
    if (fragment || (USES_PARAMS.contains(scheme) && hasParams(beforeQuery))) {
      throw MlflowException.invalidParameterValue(
          "'%s' URL can't include fragments or params.", field);
    }
    if (q >= 0 && PyUrl.unquoteFully(beforeFragment.substring(q + 1), false).contains("..")) {
      throw MlflowException.invalidParameterValue("Invalid query string");
    }
    validateArtifactUriScheme(uri, field);
    if (uri.startsWith("runs:")) {
      throw MlflowException.invalidParameterValue(
          "Artifact location cannot be a runs:/ URI. Given: '%s'", uri);
    }
    validateLength(uri);
  }

  /** MLflow's {@code _validate_experiment_artifact_location_length}. */
  static void validateLength(String uri) {
    if (uri.length() > 2048) {
      throw MlflowException.invalidParameterValue(
          "Invalid artifact path length. The length of the artifact path cannot be greater than"
              + " 2048 characters. To configure this limit, please set the"
              + " MLFLOW_ARTIFACT_LOCATION_MAX_LENGTH environment variable.");
    }
  }

  /** {@code urlparse(...).params} is non-empty: text after a ';' in the last path segment. */
  private static boolean hasParams(String uri) {
    int semi = uri.indexOf(';', Math.max(uri.lastIndexOf('/'), 0));
    return semi >= 0 && semi < uri.length() - 1;
  }
}
