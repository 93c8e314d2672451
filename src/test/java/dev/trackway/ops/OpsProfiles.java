package dev.trackway.ops;

import dev.trackway.artifacts.ArtifactTestResources;
import dev.trackway.testing.MariaDbDatabase;
import dev.trackway.testing.SqliteDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Test profiles of the operations tests: each names its database and artifact destination. */
public final class OpsProfiles {
  private OpsProfiles() {}

  /** SQLite and a local artifact folder. */
  public static class SqliteLocal implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(SqliteDatabase.class),
          new TestResourceEntry(ArtifactTestResources.LocalDestination.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }

  /** MariaDB and an S3 destination on s3proxy. */
  public static class MariaDbS3 implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(
          new TestResourceEntry(MariaDbDatabase.class),
          new TestResourceEntry(ArtifactTestResources.S3Destination.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }
  }
}
