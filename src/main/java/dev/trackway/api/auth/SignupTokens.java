package dev.trackway.api.auth;

import dev.trackway.config.TrackwayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The CSRF protection of the sign-up form (what Flask-WTF gives MLflow's {@code /signup}): the form
 * carries a token signed with a server key that names the browser's random cookie value, the
 * signed-in user and the time it was issued; a post is accepted only with a token that matches its
 * cookie and user and is at most an hour old. The key derives from {@code
 * MLFLOW_FLASK_SERVER_SECRET_KEY} when set (the same key across servers behind one address), else a
 * random key per process.
 */
@ApplicationScoped
public class SignupTokens {
  /** The browser's side of the pair: a random value, HttpOnly, sent back on the post. */
  static final String COOKIE = "trackway_signup_csrf";

  /** Flask-WTF's default time limit of a form token. */
  static final long MAX_AGE_SECONDS = 3600;

  // no static SecureRandom: the native executable's build would seed one into its image heap
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final byte[] key;
  private final Clock clock;

  @Inject
  public SignupTokens(TrackwayConfig config) {
    this(config.flaskServerSecretKey().filter(s -> !s.isEmpty()).orElse(null), Clock.systemUTC());
  }

  SignupTokens(String secret, Clock clock) {
    this.clock = clock;
    if (secret == null) {
      key = new byte[32];
      new SecureRandom().nextBytes(key);
    } else {
      key = sha256("trackway signup csrf\0" + secret);
    }
  }

  /** A new cookie value. */
  static String newCookie() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return B64.encodeToString(b);
  }

  /** Whether a cookie value is one {@link #newCookie} could have made (else a new one is set). */
  static boolean wellFormed(String cookie) {
    return cookie != null && cookie.matches("[A-Za-z0-9_-]{32}");
  }

  /** The form token for this cookie and user, issued now. */
  String issue(String cookie, String username) {
    long now = clock.millis() / 1000;
    return now + "." + sign(cookie, username, now);
  }

  /**
   * Checks a posted token: null when it is good, else Flask-WTF's message for what is wrong.
   *
   * @param token the form's {@code csrf_token} (or the {@code X-CSRFToken} header)
   * @param cookie the cookie the browser sent
   */
  String reject(String token, String cookie, String username) {
    if (token == null || token.isEmpty()) {
      return "The CSRF token is missing.";
    }
    if (cookie == null || cookie.isEmpty()) {
      return "The CSRF session token is missing.";
    }
    int dot = token.indexOf('.');
    long issued;
    try {
      issued = Long.parseLong(token.substring(0, Math.max(dot, 0)));
    } catch (NumberFormatException e) {
      return "The CSRF token is invalid.";
    }
    byte[] expected = sign(cookie, username, issued).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return "The CSRF token is invalid.";
    }
    if (clock.millis() / 1000 - issued > MAX_AGE_SECONDS) {
      return "The CSRF token has expired.";
    }
    return null;
  }

  private String sign(String cookie, String username, long issued) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String data = cookie + "\0" + username + "\0" + issued;
      return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
