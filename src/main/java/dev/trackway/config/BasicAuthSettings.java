package dev.trackway.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * MLflow's basic-auth configuration ({@code mlflow/server/auth/config.py}): the {@code [mlflow]}
 * section of the ini file {@code MLFLOW_AUTH_CONFIG_PATH} names (MLflow's packaged defaults when
 * unset; a given file replaces them, so it must name {@code default_permission} and {@code
 * database_uri}), with {@code MLFLOW_AUTH_ADMIN_USERNAME} / {@code _PASSWORD} winning over the
 * file.
 *
 * @param authCacheTtlSeconds the file's {@code auth_cache_ttl_seconds}, null when not set
 * @param authCacheMaxSize the file's {@code auth_cache_max_size}, null when not set
 */
public record BasicAuthSettings(
    String defaultPermission,
    String databaseUri,
    String readDatabaseUri,
    String adminUsername,
    String adminPassword,
    String authorizationFunction,
    boolean grantDefaultWorkspaceAccess,
    Integer authCacheMaxSize,
    Integer authCacheTtlSeconds) {

  /** The one value {@code --app-name} takes. */
  public static final String APP_NAME = "basic-auth";

  /** The hook MLflow calls per request; the only one Trackway can run (it is built in). */
  public static final String DEFAULT_AUTHORIZATION_FUNCTION =
      "mlflow.server.auth:authenticate_request_basic_auth";

  /** MLflow 3.18's packaged {@code basic_auth.ini}. */
  static final String PACKAGED =
      """
      [mlflow]
      default_permission = READ
      database_uri = sqlite:///basic_auth.db
      admin_username = admin
      authorization_function = mlflow.server.auth:authenticate_request_basic_auth
      grant_default_workspace_access = false
      """;

  private static final Set<String> TRUE = Set.of("1", "yes", "true", "on");
  private static final Set<String> FALSE = Set.of("0", "no", "false", "off");

  /** Whether {@code --app-name basic-auth} is given. */
  public static boolean enabled(TrackwayConfig config) {
    return config.appName().map(APP_NAME::equals).orElse(false);
  }

  /**
   * Reads the configuration as MLflow does.
   *
   * @throws IllegalStateException with a message for the operator: an unreadable file, a missing
   *     required key, an unknown {@code --app-name}
   */
  public static BasicAuthSettings read(TrackwayConfig config) {
    String appName = config.appName().orElse(null);
    if (appName != null && !appName.equals(APP_NAME)) {
      throw new IllegalStateException(
          "Invalid value for '--app-name' (MLFLOW_APP_NAME): '"
              + appName
              + "' is not 'basic-auth'.");
    }
    Optional<String> path = config.authConfigPath().filter(p -> !p.isBlank());
    String text = PACKAGED;
    String source = "MLflow's default basic_auth.ini";
    if (path.isPresent()) {
      source = path.get();
      try {
        text = Files.readString(Path.of(path.get()), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(
            "Cannot read the basic-auth configuration MLFLOW_AUTH_CONFIG_PATH names ("
                + path.get()
                + "): "
                + e.getMessage(),
            e);
      }
    }
    try {
      return fromIni(
          IniFile.parse(text),
          config.authAdminUsername().orElse(null),
          config.authAdminPassword().orElse(null));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Invalid basic-auth configuration in " + source + ": " + e.getMessage(), e);
    }
  }

  /** The settings of an ini file and the admin environment variables (null when unset). */
  static BasicAuthSettings fromIni(IniFile ini, String envAdminUsername, String envAdminPassword) {
    if (!ini.hasSection("mlflow")) {
      throw new IllegalArgumentException("the file has no [mlflow] section");
    }
    String username =
        envAdminUsername != null ? envAdminUsername : ini.get("mlflow", "admin_username");
    String password =
        envAdminPassword != null ? envAdminPassword : ini.get("mlflow", "admin_password");
    String function = ini.get("mlflow", "authorization_function");
    return new BasicAuthSettings(
        required(ini, "default_permission"),
        required(ini, "database_uri"),
        emptyToNull(ini.get("mlflow", "read_database_uri")),
        emptyToNull(username),
        emptyToNull(password),
        function == null ? DEFAULT_AUTHORIZATION_FUNCTION : function,
        bool(ini, "grant_default_workspace_access", false),
        integer(ini, "auth_cache_max_size"),
        integer(ini, "auth_cache_ttl_seconds"));
  }

  private static String required(IniFile ini, String key) {
    String v = ini.get("mlflow", key);
    if (v == null) {
      throw new IllegalArgumentException("[mlflow] " + key + " is required");
    }
    return v;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static boolean bool(IniFile ini, String key, boolean fallback) {
    String v = ini.get("mlflow", key);
    if (v == null) {
      return fallback;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (TRUE.contains(lower)) {
      return true;
    }
    if (FALSE.contains(lower)) {
      return false;
    }
    throw new IllegalArgumentException("Not a boolean: " + key + " = " + v);
  }

  private static Integer integer(IniFile ini, String key) {
    String v = ini.get("mlflow", key);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Not an integer: " + key + " = " + v);
    }
  }
}
