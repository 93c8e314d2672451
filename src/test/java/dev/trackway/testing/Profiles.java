package dev.trackway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Test profiles: every backend-dependent suite runs once per database. */
public final class Profiles {
  private Profiles() {}

  /** MariaDB (MySQL) backend. */
  public static class MariaDb implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(MariaDbDatabase.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }
}
