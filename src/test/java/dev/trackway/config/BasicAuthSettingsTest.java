package dev.trackway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** MLflow's basic_auth.ini as its {@code config.py} reads it. */
class BasicAuthSettingsTest {
  @Test
  void packagedDefaults() {
    BasicAuthSettings s =
        BasicAuthSettings.fromIni(IniFile.parse(BasicAuthSettings.PACKAGED), null, null);
    assertEquals("READ", s.defaultPermission());
    assertEquals("sqlite:///basic_auth.db", s.databaseUri());
    assertEquals("admin", s.adminUsername());
    assertNull(s.adminPassword());
    assertEquals(BasicAuthSettings.DEFAULT_AUTHORIZATION_FUNCTION, s.authorizationFunction());
  }

  @Test
  void fileAndEnvironment() {
    String ini =
        """
        [mlflow]
        # a comment
        default_permission = NO_PERMISSIONS
        database_uri = mysql+pymysql://u:p@h:3306/auth
        ADMIN_USERNAME = root
        admin_password = from-the-file-1
        auth_cache_ttl_seconds = 60
        authorization_function = mymodule:check
        """;
    BasicAuthSettings s = BasicAuthSettings.fromIni(IniFile.parse(ini), null, "from-env-password");
    assertEquals("NO_PERMISSIONS", s.defaultPermission());
    assertEquals("root", s.adminUsername());
    assertEquals("from-env-password", s.adminPassword());
    assertEquals(60, s.authCacheTtlSeconds());
    assertEquals("mymodule:check", s.authorizationFunction());
  }

  @Test
  void aGivenFileMustNameTheRequiredKeys() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            BasicAuthSettings.fromIni(
                IniFile.parse("[mlflow]\ndefault_permission = READ\n"), null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> BasicAuthSettings.fromIni(IniFile.parse("[other]\nx = 1\n"), null, null));
  }
}
