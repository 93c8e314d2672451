package dev.trackway.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The route lists generated from the installed mlflow ({@code mlflow-routes.txt}, {@code
 * auth-routes.txt}): one route a line, blank lines and {@code #} comments left out.
 */
public final class RouteFiles {
  private RouteFiles() {}

  /** The stripped entry lines of the classpath resource; empty when the build lacks it. */
  public static Optional<List<String>> entries(String resource) {
    try (InputStream in = RouteFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> out = new ArrayList<>();
      String line;
      while ((line = r.readLine()) != null) {
        line = line.strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line);
        }
      }
      return Optional.of(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
