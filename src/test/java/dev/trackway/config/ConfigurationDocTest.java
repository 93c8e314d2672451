package dev.trackway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every property of {@link TrackwayConfig} is documented in docs/configuration.md. */
class ConfigurationDocTest {

  static void collect(Class<?> type, String prefix, List<String> out) {
    for (Method m : type.getDeclaredMethods()) {
      if (m.getParameterCount() > 0 || Modifier.isStatic(m.getModifiers()) || m.isDefault()) {
        continue;
      }
      WithName named = m.getAnnotation(WithName.class);
      String name = prefix + (named != null ? named.value() : kebab(m.getName()));
      Class<?> r = m.getReturnType();
      if (r.isInterface() && r.getEnclosingClass() == TrackwayConfig.class) {
        collect(r, name + ".", out);
      } else {
        out.add(name);
      }
    }
  }

  static String kebab(String camel) {
    // SmallRye's kebab case: serverXFrameOptions is server-x-frame-options
    return camel
        .replaceAll("([A-Z])([A-Z][a-z])", "$1-$2")
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
        .toLowerCase();
  }

  @Test
  void everyPropertyIsInConfigurationMd() throws Exception {
    List<String> names = new ArrayList<>();
    collect(TrackwayConfig.class, "mlflow.", names);
    assertTrue(names.contains("mlflow.trackway.idle-trim-delay"), names.toString());
    assertTrue(names.contains("mlflow.trackway.max-metadata-body-size"), names.toString());
    assertTrue(names.contains("mlflow.server-x-frame-options"), names.toString());
    String doc = Files.readString(Path.of("docs/configuration.md"));
    List<String> missing = names.stream().filter(n -> !doc.contains("`" + n + "`")).toList();
    assertEquals(List.of(), missing, "properties not in docs/configuration.md");
  }
}
