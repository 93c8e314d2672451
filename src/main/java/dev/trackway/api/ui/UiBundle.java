package dev.trackway.api.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * MLflow's built web UI as packaged by the build ({@code scripts/mlflow-ui.py}): the files of the
 * wheel's {@code mlflow/server/js/build/} as classpath resources under {@code mlflow-ui/}, and
 * their list {@code mlflow-ui/files.txt} (sha256, size, modification time, path). Only paths of
 * that list are ever opened, so no request can reach another resource.
 */
public final class UiBundle {
  static final String ROOT = "mlflow-ui/";
  static final String LISTING = ROOT + "files.txt";

  /** One file of the bundle; {@code lastModified} in epoch seconds. */
  public record Asset(String path, long size, String sha256, long lastModified) {
    /** A strong validator derived from the content. */
    public String etag() {
      return "\"" + sha256.substring(0, 32) + "\"";
    }
  }

  private final Map<String, Asset> assets;
  private final ClassLoader loader;

  UiBundle(Map<String, Asset> assets, ClassLoader loader) {
    this.assets = assets;
    this.loader = loader;
  }

  /** The bundle on the classpath; empty when the build did not package one. */
  public static UiBundle load() {
    ClassLoader loader = UiBundle.class.getClassLoader();
    Map<String, Asset> assets = new HashMap<>();
    try (InputStream in = loader.getResourceAsStream(LISTING)) {
      if (in != null) {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.split(" ", 4);
          assets.put(f[3], new Asset(f[3], Long.parseLong(f[1]), f[0], Long.parseLong(f[2])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new UiBundle(Map.copyOf(assets), loader);
  }

  public boolean isEmpty() {
    return assets.isEmpty();
  }

  public int size() {
    return assets.size();
  }

  /** The file at a bundle-relative path ({@code static/js/main.js}), or null. */
  public Asset find(String path) {
    return path == null ? null : assets.get(path);
  }

  /** Opens a file of the bundle; the caller closes the stream. */
  public InputStream open(Asset asset) throws IOException {
    InputStream in = loader.getResourceAsStream(ROOT + asset.path());
    if (in == null) {
      throw new IOException("missing resource " + ROOT + asset.path());
    }
    return in;
  }
}
