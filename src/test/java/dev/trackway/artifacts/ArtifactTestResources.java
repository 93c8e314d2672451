package dev.trackway.artifacts;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Test resources and profiles of the artifact wire tests. What a test needs to know about the
 * storage (its folders, the canaries next to the root) travels in system properties, which both the
 * resource and the test (loaded by different class loaders) can read.
 */
public final class ArtifactTestResources {
  private ArtifactTestResources() {}

  /** Folder holding the destination root and, next to it, the canaries. */
  public static final String BASE = "trackway.test.artifacts.base";

  /** "local" or "s3". */
  public static final String KIND = "trackway.test.artifacts.kind";

  /** S3: the folder in which s3proxy stores the bucket's objects. */
  public static final String BUCKET_DIR = "trackway.test.artifacts.bucket-dir";

  public static final String CANARY = "canary: must never change";
  public static final String S3_PREFIX = "dest";

  /**
   * A local destination {@code <base>/dest}; next to it {@code <base>/canary.txt} and {@code
   * <base>/outside/secret.txt}, and inside it a symbolic link {@code link-out} to {@code
   * <base>/outside}.
   */
  public static class LocalDestination implements QuarkusTestResourceLifecycleManager {
    Path base;

    @Override
    public Map<String, String> start() {
      try {
        base = Files.createTempDirectory("trackway-artifacts");
        Path dest = Files.createDirectories(base.resolve("dest"));
        Files.writeString(base.resolve("canary.txt"), CANARY);
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), CANARY);
        Files.createSymbolicLink(dest.resolve("link-out"), outside);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.setProperty(BASE, base.toString());
      System.setProperty(KIND, "local");
      return Map.of("mlflow.artifacts-destination", base.resolve("dest").toString());
    }

    @Override
    public void stop() {
      S3TestServer.deleteTree(base);
    }
  }

  /**
   * An S3 destination {@code s3://<bucket>/dest} on s3proxy; next to it objects {@code canary.txt}
   * and {@code dest-sibling/canary.txt}, and {@code canary.txt} in the blob store's folder (outside
   * the bucket).
   */
  public static class S3Destination implements QuarkusTestResourceLifecycleManager {
    S3TestServer server;

    @Override
    public Map<String, String> start() {
      server = S3TestServer.startNew();
      try {
        Path bucket = server.bucketDir();
        Files.writeString(bucket.resolve("canary.txt"), CANARY);
        Files.createDirectories(bucket.resolve("dest-sibling"));
        Files.writeString(bucket.resolve("dest-sibling").resolve("canary.txt"), CANARY);
        Files.writeString(server.blobsDir().resolve("canary.txt"), CANARY);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.setProperty(BASE, server.blobsDir().toString());
      System.setProperty(BUCKET_DIR, server.bucketDir().toString());
      System.setProperty(KIND, "s3");
      return Map.of(
          "mlflow.artifacts-destination",
          "s3://" + S3TestServer.BUCKET + "/" + S3_PREFIX,
          "mlflow.s3-endpoint-url",
          server.endpoint());
    }

    @Override
    public void stop() {
      server.stop();
    }
  }

  public static class Local implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LocalDestination.class));
    }
  }

  public static class S3 implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(S3Destination.class));
    }
  }

  /** {@code --no-serve-artifacts}. */
  public static class NoServe implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mlflow.serve-artifacts", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LocalDestination.class));
    }
  }

  /** {@code --artifacts-only}. */
  public static class ArtifactsOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mlflow.artifacts-only", "true");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(LocalDestination.class));
    }
  }
}
