package dev.trackway.service.auth;

import dev.trackway.compat.WerkzeugPasswords;
import dev.trackway.config.BasicAuthSettings;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.auth.User;
import dev.trackway.store.AuthStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Access control as a whole: whether {@code --app-name basic-auth} is on, its settings, the
 * start-up of the auth database with MLflow's admin bootstrap, and the grants of a caller (loaded
 * once per request).
 */
@ApplicationScoped
public class AccessControl {
  private static final Logger LOG = Logger.getLogger(AccessControl.class);

  /** The admin password older MLflow versions shipped; refused for admins (GHSA-gq3w-7jj3-x7gr). */
  public static final String LEGACY_ADMIN_PASSWORD = "password1234";

  @Inject TrackwayConfig config;
  @Inject AuthStore store;
  @Inject CallerContext callers;

  private boolean enabled;
  private BasicAuthSettings settings;
  private Permission defaultPermission;

  /** Reads the settings, opens the auth database and bootstraps the admin; fails start-up. */
  void onStart(@Observes @Priority(50) StartupEvent event) {
    enabled = BasicAuthSettings.enabled(config);
    if (!enabled) {
      if (config.appName().isPresent()) {
        BasicAuthSettings.read(config);
      }
      return;
    }
    settings = BasicAuthSettings.read(config);
    if (!BasicAuthSettings.DEFAULT_AUTHORIZATION_FUNCTION.equals(
        settings.authorizationFunction())) {
      throw new IllegalStateException(
          "The basic-auth configuration names authorization_function = "
              + settings.authorizationFunction()
              + ": Trackway cannot run Python hooks. Remove the setting (HTTP Basic is built in)"
              + " or use OpenID Connect bearer tokens (mlflow.trackway.auth.oidc.*, see"
              + " docs/security.md).");
    }
    defaultPermission = Permission.parse(settings.defaultPermission());
    if (defaultPermission == null) {
      throw new IllegalStateException(
          "Invalid default_permission '"
              + settings.defaultPermission()
              + "' in the basic-auth configuration: use READ, USE, EDIT, MANAGE or"
              + " NO_PERMISSIONS.");
    }
    if (settings.readDatabaseUri() != null) {
      LOG.warn("read_database_uri is ignored: Trackway reads and writes the database_uri");
    }
    store.open(settings.databaseUri());
    bootstrapAdmin();
    LOG.infof(
        "Access control on (basic-auth): default permission %s, credential cache %s",
        defaultPermission, credentialCacheTtl());
  }

  /** MLflow's {@code bootstrap_admin_user}. */
  private void bootstrapAdmin() {
    String username = settings.adminUsername();
    if (username == null) {
      throw new IllegalStateException(
          "MLflow Authentication needs a username for the admin user, but none is configured (or"
              + " it is empty). Set the MLFLOW_AUTH_ADMIN_USERNAME environment variable, or set"
              + " `admin_username` in the configuration file referenced by"
              + " MLFLOW_AUTH_CONFIG_PATH, and restart the server.");
    }
    String password = settings.adminPassword();
    Optional<User> existing = store.findUser(username);
    if (existing.isEmpty()) {
      if (password == null) {
        throw new IllegalStateException(
            "MLflow Authentication needs a password to create the admin user '"
                + username
                + "', but none is configured (or it is empty). MLflow ships no default admin"
                + " password. Set the MLFLOW_AUTH_ADMIN_PASSWORD environment variable, or set"
                + " `admin_password` in the configuration file referenced by"
                + " MLFLOW_AUTH_CONFIG_PATH, and restart the server.");
      }
      if (password.equals(LEGACY_ADMIN_PASSWORD)) {
        throw new IllegalStateException(
            "Refusing to use the insecure default password that older MLflow versions shipped in"
                + " basic_auth.ini for the admin user '"
                + username
                + "' (https://github.com/advisories/GHSA-gq3w-7jj3-x7gr). Set"
                + " MLFLOW_AUTH_ADMIN_PASSWORD or `admin_password` in the configuration file"
                + " referenced by MLFLOW_AUTH_CONFIG_PATH to a different password.");
      }
      if (password.codePointCount(0, password.length()) < 12) {
        throw new IllegalStateException(
            "The configured password for the admin user '"
                + username
                + "' is invalid: Password must be at least 12 characters. Set"
                + " MLFLOW_AUTH_ADMIN_PASSWORD or `admin_password` in the configuration file"
                + " referenced by MLFLOW_AUTH_CONFIG_PATH.");
      }
      store.createUser(username, WerkzeugPasswords.hash(password), true);
      LOG.infof("Created admin user '%s'.", username);
      return;
    }
    String hash = existing.get().passwordHash();
    if (WerkzeugPasswords.verify(hash, LEGACY_ADMIN_PASSWORD)) {
      if (password != null
          && !password.equals(LEGACY_ADMIN_PASSWORD)
          && password.codePointCount(0, password.length()) >= 12) {
        store.updatePassword(username, WerkzeugPasswords.hash(password));
        LOG.warnf(
            "Replaced the insecure default password of the admin user '%s' with the configured"
                + " one; unset MLFLOW_AUTH_ADMIN_PASSWORD / admin_password now.",
            username);
      } else {
        LOG.warnf(
            "The admin user '%s' still has the insecure default password of older MLflow"
                + " versions; admins cannot log in with it. Change it.",
            username);
      }
    }
  }

  public boolean enabled() {
    return enabled;
  }

  public BasicAuthSettings settings() {
    return settings;
  }

  public Permission defaultPermission() {
    return defaultPermission;
  }

  /** The ini's {@code auth_cache_ttl_seconds} when set, else Trackway's setting. */
  public Duration credentialCacheTtl() {
    Integer ini = settings == null ? null : settings.authCacheTtlSeconds();
    return ini != null
        ? Duration.ofSeconds(Math.max(0, ini))
        : config.trackway().auth().credentialCacheTtl();
  }

  public int credentialCacheMaxSize() {
    Integer ini = settings == null ? null : settings.authCacheMaxSize();
    return ini != null ? ini : config.trackway().auth().credentialCacheMaxSize();
  }

  /** The caller of the current request, or null (access control off, or no request). */
  public Caller caller() {
    return enabled ? callers.current() : null;
  }

  /**
   * The current caller when permissions apply to them: null when access control is off or the
   * caller is an admin (who is not restricted).
   */
  public Caller restricted() {
    Caller c = caller();
    return c == null || c.admin() ? null : c;
  }

  /** The caller's grants in workspace default, loaded once per request. */
  public Grants grants(Caller caller) {
    Grants g = caller.cachedGrants();
    if (g == null) {
      g = Grants.of(store.grantsOf(caller.userId(), groupRoles(caller)), defaultPermission);
      caller.cacheGrants(g);
    }
    return g;
  }

  /** The roles a bearer token's groups bring ({@code <prefix><group>}). */
  public List<String> groupRoles(Caller caller) {
    String prefix = config.trackway().auth().oidc().groupRolePrefix();
    return caller.groups().stream().map(g -> prefix + g).toList();
  }
}
