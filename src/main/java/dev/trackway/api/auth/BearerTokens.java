package dev.trackway.api.auth;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.service.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/** OpenID Connect bearer tokens (off unless configured). */
@ApplicationScoped
public class BearerTokens {
  @Inject TrackwayConfig config;

  public boolean enabled() {
    return config.trackway().auth().oidc().enabled();
  }

  /** The caller a valid token names, or empty. */
  public Optional<Caller> authenticate(String token) {
    return Optional.empty();
  }
}
