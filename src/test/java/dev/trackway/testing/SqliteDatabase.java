package dev.trackway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A fresh SQLite file per test run, given to Trackway as MLflow's backend store URI. */
public class SqliteDatabase implements QuarkusTestResourceLifecycleManager {
  private Path dir;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("trackway-sqlite");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of(
        "mlflow.backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db").toAbsolutePath());
  }

  @Override
  public void stop() {
    if (dir != null) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temp folder
      }
    }
  }
}
