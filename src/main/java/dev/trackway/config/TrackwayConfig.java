package dev.trackway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of Trackway, under MLflow's own names: {@code mlflow server}'s flags ({@code
 * --default-artifact-root} sets {@code mlflow.default-artifact-root}, see {@link TrackwayMain}) and
 * MLflow's environment variables, which SmallRye maps onto these properties ({@code
 * MLFLOW_TRUNCATE_LONG_VALUES} is {@code mlflow.truncate-long-values}). Trackway's own settings sit
 * under {@code mlflow.trackway} ({@code MLFLOW_TRACKWAY_...}). docs/configuration.md lists them
 * all.
 */
@ConfigMapping(prefix = "mlflow")
public interface TrackwayConfig {

  /** {@code --host}: the address to listen on. */
  @WithDefault("127.0.0.1")
  String host();

  /** {@code --port}. */
  @WithDefault("5000")
  int port();

  /** {@code --backend-store-uri}: {@code sqlite:///mlflow.db} unless set (see BackendStoreUri). */
  Optional<String> backendStoreUri();

  /** {@code --default-artifact-root} as given; see {@link #defaultArtifactRootUri()}. */
  Optional<String> defaultArtifactRoot();

  /** {@code --serve-artifacts} / {@code --no-serve-artifacts}. */
  @WithDefault("true")
  boolean serveArtifacts();

  /** {@code --artifacts-destination}: {@code s3://bucket/prefix}, a {@code file:} URI or a path. */
  @WithDefault("./mlartifacts")
  String artifactsDestination();

  /** {@code --artifacts-only}: serve the artifact routes only; tracking routes answer 503. */
  @WithDefault("false")
  boolean artifactsOnly();

  /** {@code MLFLOW_S3_ENDPOINT_URL}: an S3-compatible endpoint instead of AWS. */
  Optional<String> s3EndpointUrl();

  /** {@code MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE}: auto, path or virtual. */
  Optional<String> botoClientAddressingStyle();

  /** {@code MLFLOW_TRUNCATE_LONG_VALUES}: truncate over-long param and tag values (else refuse). */
  @WithDefault("true")
  boolean truncateLongValues();

  /** {@code MLFLOW_PRESIGNED_DOWNLOAD_URL_TTL_SECONDS}: lifetime of presigned S3 download URLs. */
  @WithDefault("300")
  long presignedDownloadUrlTtlSeconds();

  /** {@code MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD}: advertise multipart uploads (S3 only). */
  @WithDefault("false")
  boolean enableProxyMultipartUpload();

  /** {@code MLFLOW_ENABLE_PROXY_MULTIPART_DOWNLOAD}: advertise multipart downloads (S3 only). */
  @WithDefault("false")
  boolean enableProxyMultipartDownload();

  /** {@code MLFLOW_CREATE_MODEL_VERSION_SOURCE_VALIDATION_REGEX}: sources must match it. */
  Optional<String> createModelVersionSourceValidationRegex();

  /** {@code MLFLOW_ALLOWED_HOST_ADDRESSED_ARTIFACT_SCHEMES}: comma list of trusted schemes. */
  Optional<String> allowedHostAddressedArtifactSchemes();

  /**
   * {@code --static-prefix}: a path prefix ({@code /mlflow}) under which every route is served, the
   * web UI and the API alike; it starts with a slash and does not end with one.
   */
  Optional<String> staticPrefix();

  /**
   * {@code --x-frame-options} / {@code MLFLOW_SERVER_X_FRAME_OPTIONS}: the X-Frame-Options header
   * of every response ({@code SAMEORIGIN}, {@code DENY}, or {@code NONE} for no header).
   */
  @WithDefault("SAMEORIGIN")
  String serverXFrameOptions();

  /**
   * {@code --disable-security-middleware} / {@code MLFLOW_SERVER_DISABLE_SECURITY_MIDDLEWARE}: no
   * X-Content-Type-Options, X-Frame-Options or Vary headers.
   */
  @WithDefault("false")
  boolean serverDisableSecurityMiddleware();

  /** {@code MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS}: root fields allowed in one GraphQL query. */
  @WithDefault("10")
  int serverGraphqlMaxRootFields();

  /** {@code MLFLOW_SERVER_GRAPHQL_MAX_ALIASES}: aliases allowed on one level of a GraphQL query. */
  @WithDefault("10")
  int serverGraphqlMaxAliases();

  /**
   * {@code --app-name}: {@code basic-auth} turns on MLflow's access control (users, permissions,
   * HTTP Basic on every route); unset, the server is open as MLflow's is.
   */
  Optional<String> appName();

  /** {@code MLFLOW_AUTH_CONFIG_PATH}: the basic-auth ini file (MLflow's defaults when unset). */
  Optional<String> authConfigPath();

  /**
   * {@code MLFLOW_FLASK_SERVER_SECRET_KEY}: signs the sign-up form's CSRF tokens (a random key per
   * process when unset; set the same value on every server behind one address).
   */
  Optional<String> flaskServerSecretKey();

  /** {@code MLFLOW_AUTH_ADMIN_USERNAME}: wins over the ini's {@code admin_username}. */
  Optional<String> authAdminUsername();

  /** {@code MLFLOW_AUTH_ADMIN_PASSWORD}: wins over the ini's {@code admin_password}. */
  Optional<String> authAdminPassword();

  /** {@code MLFLOW_BASIC_AUTH_FAIL_CLOSED}: routes without a rule answer 403 to non-admins. */
  @WithDefault("true")
  boolean basicAuthFailClosed();

  /** {@code MLFLOW_SERVER_ENABLE_GRAPHQL_AUTH}: per-field authorization of /graphql. */
  @WithDefault("true")
  boolean serverEnableGraphqlAuth();

  /** Trackway's own settings. */
  Trackway trackway();

  /** Settings MLflow does not have. */
  interface Trackway {
    /** Largest request body other than artifact uploads (which stream), e.g. {@code 64M}. */
    @WithName("max-metadata-body-size")
    @WithDefault("64M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxMetadataBodySize();

    /** Bound of each readiness check ({@code MLFLOW_TRACKWAY_HEALTH_TIMEOUT}). */
    @WithDefault("3s")
    Duration healthTimeout();

    /** Whether readiness checks the artifact store ({@code ..._HEALTH_ARTIFACTS_ENABLED}). */
    @WithDefault("true")
    boolean healthArtifactsEnabled();

    /**
     * On SIGTERM, how long readiness reports DOWN while requests are still served, so load
     * balancers stop routing first (Quarkus's {@code quarkus.shutdown.delay} reads it).
     */
    @WithDefault("0s")
    Duration shutdownDelay();

    /** Then how long requests in flight get to finish ({@code quarkus.shutdown.timeout}). */
    @WithDefault("30s")
    Duration shutdownTimeout();

    /** One JSON object per log line ({@code quarkus.log.console.json.enabled} reads it). */
    @WithDefault("false")
    boolean logJson();

    /**
     * How long a request waits for a pooled database connection (opening one included) before it is
     * answered 503 TEMPORARILY_UNAVAILABLE (the pool's acquisition timeout; docs/adr/0010).
     */
    @WithDefault("5s")
    Duration dbAcquisitionTimeout();

    /** How long opening a MySQL connection may take (Connector/J {@code connectTimeout}). */
    @WithDefault("3s")
    Duration dbConnectTimeout();

    /**
     * How long a MySQL statement may go without an answer from the database before its connection
     * is dropped and the request answered 503 (Connector/J {@code socketTimeout}); it bounds the
     * wait on a network that drops packets, and so the longest query.
     */
    @WithDefault("60s")
    Duration dbSocketTimeout();

    /**
     * How long a SQLite statement waits for a lock another connection or process holds before the
     * request is answered 503 ({@code busy_timeout}).
     */
    @WithDefault("30s")
    Duration sqliteBusyTimeout();

    /**
     * SQLite's {@code journal_mode}: {@code WAL} (readers never wait for the writer, one fsync per
     * commit at most) or {@code DELETE}, SQLite's and MLflow's default, for a file on a network
     * filesystem, where WAL does not work (docs/adr/0011).
     */
    @WithDefault("WAL")
    SqliteJournalMode sqliteJournalMode();

    /**
     * SQLite's {@code synchronous}: {@code NORMAL} (with WAL: a commit survives the process being
     * killed; a power loss may drop the last commits, never corrupts) or {@code FULL}, SQLite's
     * default (an fsync per commit: survives a power loss).
     */
    @WithDefault("NORMAL")
    SqliteSynchronous sqliteSynchronous();

    /**
     * Native executable: after this long without a request, give back the pages of its code and
     * read-only image heap it has touched ({@code MLFLOW_TRACKWAY_IDLE_TRIM_DELAY}; 0 turns it off;
     * see dev.trackway.ops.IdleTrim). No effect on the JVM.
     */
    @WithDefault("2s")
    Duration idleTrimDelay();

    /** Access control beyond MLflow's basic-auth settings. */
    Auth auth();
  }

  /** Trackway's access-control settings ({@code mlflow.trackway.auth.*}). */
  interface Auth {
    /**
     * How long a successful password check is remembered (per user and password, in memory; changes
     * made through the API take effect at once). 0 checks the hash on every request, as MLflow does
     * by default. The ini's {@code auth_cache_ttl_seconds}, when set, wins.
     */
    @WithDefault("30s")
    Duration credentialCacheTtl();

    /** Most remembered credentials (the ini's {@code auth_cache_max_size}, when set, wins). */
    @WithDefault("10000")
    int credentialCacheMaxSize();

    /** Whether {@code /q/metrics} answers without credentials when access control is on. */
    @WithDefault("false")
    boolean publicMetrics();

    /** Bearer tokens from an OpenID Connect provider. */
    Oidc oidc();
  }

  /**
   * OIDC bearer tokens ({@code quarkus.oidc.*} names the provider: auth-server-url, client-id,
   * token audience). Tokens map to MLflow users by a claim; groups map to roles.
   */
  interface Oidc {
    /** Accept {@code Authorization: Bearer} tokens ({@code quarkus.oidc.tenant-enabled}). */
    @WithDefault("false")
    boolean enabled();

    /** The claim that names the user ({@code sub} when the token lacks it). */
    @WithDefault("preferred_username")
    String usernameClaim();

    /** The claim listing the user's groups. */
    @WithDefault("groups")
    String groupsClaim();

    /** Create a user (who cannot log in with a password) on the first token. */
    @WithDefault("true")
    boolean createUsers();

    /** A token group {@code g} brings the permissions of the role named {@code <prefix>g}. */
    @WithDefault("group:")
    String groupRolePrefix();

    /** Members of this group are admins for the requests they make with a token. */
    Optional<String> adminGroup();
  }

  /**
   * The artifact root of new experiments, like MLflow's: {@code mlflow-artifacts:/} when artifacts
   * are served, otherwise {@code ./mlruns}, a path resolved to an absolute {@code file:} URI.
   */
  default String defaultArtifactRootUri() {
    return resolveDefaultArtifactRoot(defaultArtifactRoot().orElse(null), serveArtifacts());
  }

  /** The default artifact root for the given {@code --default-artifact-root} and serve mode. */
  static String resolveDefaultArtifactRoot(String configured, boolean serveArtifacts) {
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

  /**
   * The artifact destination as given ({@code ./mlartifacts} when blank), relative paths against
   * the working directory like mlflow server's.
   */
  default String artifactsDestinationUri() {
    String d = artifactsDestination();
    return d == null || d.isBlank() ? "./mlartifacts" : d.trim();
  }

  /** SQLite journal modes Trackway supports ({@code mlflow.trackway.sqlite-journal-mode}). */
  enum SqliteJournalMode {
    WAL,
    DELETE
  }

  /** SQLite synchronous levels ({@code mlflow.trackway.sqlite-synchronous}). */
  enum SqliteSynchronous {
    NORMAL,
    FULL
  }
}
