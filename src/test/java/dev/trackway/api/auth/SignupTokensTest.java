package dev.trackway.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sign-up form's CSRF tokens: bound to cookie, user and key, good for an hour. */
class SignupTokensTest {
  static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

  static SignupTokens at(String secret, Instant t) {
    return new SignupTokens(secret, Clock.fixed(t, ZoneOffset.UTC));
  }

  @Test
  void goodForAnHourForItsCookieAndUser() {
    String cookie = SignupTokens.newCookie();
    assertTrue(SignupTokens.wellFormed(cookie));
    String token = at("k", T0).issue(cookie, "admin");
    assertNull(at("k", T0.plus(Duration.ofMinutes(59))).reject(token, cookie, "admin"));
    assertEquals(
        "The CSRF token has expired.",
        at("k", T0.plus(Duration.ofMinutes(61))).reject(token, cookie, "admin"));
    assertEquals("The CSRF token is invalid.", at("k", T0).reject(token, cookie, "other"));
    assertEquals(
        "The CSRF token is invalid.", at("k", T0).reject(token, SignupTokens.newCookie(), "admin"));
    assertEquals("The CSRF token is invalid.", at("other-key", T0).reject(token, cookie, "admin"));
    assertEquals("The CSRF token is invalid.", at("k", T0).reject("garbage", cookie, "admin"));
    assertEquals("The CSRF token is missing.", at("k", T0).reject("", cookie, "admin"));
    assertEquals("The CSRF session token is missing.", at("k", T0).reject(token, null, "admin"));
  }

  @Test
  void withoutASecretEachProcessHasItsOwnKey() {
    String cookie = SignupTokens.newCookie();
    String token = at(null, T0).issue(cookie, "admin");
    assertEquals("The CSRF token is invalid.", at(null, T0).reject(token, cookie, "admin"));
    assertTrue(!SignupTokens.wellFormed("short") && !SignupTokens.wellFormed(null));
  }
}
