package dev.trackway.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** werkzeug 3.1's password hashes, as MLflow stores them (vectors made with werkzeug). */
class WerkzeugPasswordsTest {
  static final String SCRYPT =
      "scrypt:32768:8:1$FSPoiABlLCnnOgNG$3d63d09a7259ecdded37c59c654fe9804b54cb972d9f89775d2cfd668f8069f16e45226e5ebdb9fd7d91b8bcceff227a9ed344de1d9a6f36b6dcd415f76f6104";

  @Test
  void verifiesScrypt() {
    assertTrue(WerkzeugPasswords.verify(SCRYPT, "alice-password-1"));
    assertFalse(WerkzeugPasswords.verify(SCRYPT, "alice-password-2"));
  }

  @Test
  void verifiesPbkdf2OfOlderDatabases() {
    assertTrue(
        WerkzeugPasswords.verify(
            "pbkdf2:sha256:600000$uS8tTLNX5IcIjtck$071f72c8ca8bf9552d7c1f991bc4e9046e8a451b32dc3001e1089e61ef31b2d2",
            "pässwörd-ünicode"));
    assertTrue(
        WerkzeugPasswords.verify(
            "pbkdf2:sha256:260000$BKF857Fy7CVj3agb$399df66cc1e6c6c04b8a9ba04d3de0b502a588541274ba35fc16ace3523164d6",
            "alice-password-1"));
    assertFalse(
        WerkzeugPasswords.verify(
            "pbkdf2:sha256:260000$BKF857Fy7CVj3agb$399df66cc1e6c6c04b8a9ba04d3de0b502a588541274ba35fc16ace3523164d6",
            "alice-password-2"));
  }

  @Test
  void malformedHashesNeverVerify() {
    assertFalse(WerkzeugPasswords.verify("!oidc", "anything"));
    assertFalse(WerkzeugPasswords.verify("md5$x$y", "x"));
    assertFalse(WerkzeugPasswords.verify(null, "x"));
  }

  @Test
  void writesWhatMlflowWrites() {
    String h = WerkzeugPasswords.hash("a-new-password");
    String[] parts = h.split("\\$");
    assertEquals("scrypt:32768:8:1", parts[0]);
    assertTrue(parts[1].matches("[A-Za-z0-9]{16}"), parts[1]);
    assertTrue(parts[2].matches("[0-9a-f]{128}"), parts[2]);
    assertTrue(WerkzeugPasswords.verify(h, "a-new-password"));
  }
}
