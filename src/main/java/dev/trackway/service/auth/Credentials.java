package dev.trackway.service.auth;

import dev.trackway.compat.WerkzeugPasswords;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.auth.User;
import dev.trackway.store.AuthStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Who a request's credentials name: a username and password checked against the stored werkzeug
 * hash (an admin may not log in with the legacy default password), or the username of a verified
 * bearer token.
 *
 * <p>A scrypt check costs about 0.3 s of CPU, and MLflow pays it on every request unless its
 * credential cache is on. Trackway keeps successful checks for a short time (the ini's {@code
 * auth_cache_ttl_seconds}, else {@code mlflow.trackway.auth.credential-cache-ttl}, 30 s), keyed by
 * username and an HMAC of the password under a per-process key, bounded in size, and dropped for a
 * user at once when the API changes their password or admin flag or deletes them.
 */
@ApplicationScoped
public class Credentials {
  private static final Logger LOG = Logger.getLogger(Credentials.class);

  @Inject AuthStore store;
  @Inject AccessControl access;
  @Inject TrackwayConfig config;

  private final byte[] hmacKey = new byte[32];
  private final Map<String, Long> cache = new ConcurrentHashMap<>();

  Credentials() {
    new SecureRandom().nextBytes(hmacKey);
  }

  /** The caller these credentials name, or empty (unknown user, wrong password). */
  public Optional<Caller> basic(String username, String password) {
    String key = cacheKey(username, password);
    long ttlMillis = access.credentialCacheTtl().toMillis();
    Long until = ttlMillis > 0 ? cache.get(key) : null;
    Optional<User> user = store.findUser(username);
    if (user.isEmpty()) {
      return Optional.empty();
    }
    if (until == null || until < System.currentTimeMillis()) {
      if (!WerkzeugPasswords.verify(user.get().passwordHash(), password)) {
        cache.remove(key);
        return Optional.empty();
      }
      if (ttlMillis > 0) {
        remember(key, System.currentTimeMillis() + ttlMillis);
      }
    }
    if (user.get().isAdmin() && AccessControl.LEGACY_ADMIN_PASSWORD.equals(password)) {
      LOG.warnf(
          "Refused a login of admin user '%s' with the insecure default password of older MLflow"
              + " versions; change the password.",
          username);
      return Optional.empty();
    }
    return Optional.of(caller(user.get(), true, List.of()));
  }

  /**
   * The caller a verified bearer token names: the user of that name, created (with a password no
   * one can log in with) if the configuration allows; its groups bring the roles named after them.
   */
  public Optional<Caller> token(String username, List<String> groups, boolean adminGroup) {
    Optional<User> user = store.findUser(username);
    if (user.isEmpty()) {
      if (!config.trackway().auth().oidc().createUsers()) {
        return Optional.empty();
      }
      try {
        user = Optional.of(store.createUser(username, "!oidc", false));
        LOG.infof("Created user '%s' for its first OpenID Connect token", username);
      } catch (RuntimeException e) {
        // created by a concurrent request
        user = store.findUser(username);
      }
    }
    return user.map(
        u -> new Caller(u.id(), u.username(), u.isAdmin() || adminGroup, false, groups));
  }

  private static Caller caller(User u, boolean basic, List<String> groups) {
    return new Caller(u.id(), u.username(), u.isAdmin(), basic, groups);
  }

  /** Whether the password is the user's (no cache): update-password's current_password check. */
  public boolean matches(String username, String password) {
    return store
        .findUser(username)
        .map(u -> WerkzeugPasswords.verify(u.passwordHash(), password))
        .orElse(false);
  }

  /** Forgets every remembered password check of the user. */
  public void invalidate(String username) {
    String prefix = username + "\u0000";
    cache.keySet().removeIf(k -> k.startsWith(prefix));
  }

  private void remember(String key, long until) {
    int max = Math.max(1, access.credentialCacheMaxSize());
    if (cache.size() >= max) {
      long now = System.currentTimeMillis();
      cache.values().removeIf(t -> t < now);
      Iterator<String> it = cache.keySet().iterator();
      while (cache.size() >= max && it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    cache.put(key, until);
  }

  private String cacheKey(String username, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
      byte[] digest = mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
      return username + "\u0000" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
