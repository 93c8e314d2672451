package dev.trackway.auth;

import dev.trackway.artifacts.ArtifactTestResources;
import dev.trackway.testing.MariaDbDatabase;
import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Access control on, over each database (tracking and auth database on the same vendor). */
public final class AuthProfiles {
  private AuthProfiles() {}

  /** SQLite tracking and auth databases. */
  public static class Sqlite implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(SqliteDatabase.class),
          new TestResourceEntry(ArtifactTestResources.LocalDestination.class),
          new TestResourceEntry(AuthIni.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  /** MariaDB tracking and auth databases. */
  public static class MariaDb implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(MariaDbDatabase.class),
          new TestResourceEntry(ArtifactTestResources.LocalDestination.class),
          new TestResourceEntry(AuthIni.class, Map.of("mariadb", "true")));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }
}
