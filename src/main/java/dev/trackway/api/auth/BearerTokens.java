package dev.trackway.api.auth;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.Credentials;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * OpenID Connect bearer tokens (off unless {@code mlflow.trackway.auth.oidc.enabled}): the token is
 * verified by quarkus-oidc's default tenant ({@code quarkus.oidc.*}: the provider's
 * auth-server-url, or a public key), its username claim names the MLflow user and its groups claim
 * the roles {@code <prefix><group>} the caller also holds.
 */
@ApplicationScoped
public class BearerTokens {
  private static final Logger LOG = Logger.getLogger(BearerTokens.class);

  @Inject TrackwayConfig config;
  @Inject Instance<TenantIdentityProvider> identities;
  @Inject Credentials credentials;

  public boolean enabled() {
    return config.trackway().auth().oidc().enabled();
  }

  /** The caller a valid token names, or empty (invalid, expired, no username). Blocking. */
  public Optional<Caller> authenticate(String token) {
    if (!enabled()) {
      return Optional.empty();
    }
    SecurityIdentity identity;
    try {
      identity =
          identities
              .get()
              .authenticate(new AccessTokenCredential(token))
              .await()
              .atMost(Duration.ofSeconds(30));
    } catch (AuthenticationFailedException e) {
      LOG.debugf("Bearer token refused: %s", e.getMessage());
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warnf("Bearer token could not be verified: %s", e.getMessage());
      return Optional.empty();
    }
    if (identity == null || identity.isAnonymous() || identity.getPrincipal() == null) {
      return Optional.empty();
    }
    String username = identity.getPrincipal().getName();
    if (username == null || username.isEmpty()) {
      return Optional.empty();
    }
    List<String> groups = List.copyOf(identity.getRoles());
    boolean admin =
        config.trackway().auth().oidc().adminGroup().map(groups::contains).orElse(false);
    return credentials.token(username, groups, admin);
  }
}
