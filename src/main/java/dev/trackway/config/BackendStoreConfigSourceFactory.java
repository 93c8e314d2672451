package dev.trackway.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Derives the datasource settings from MLflow's backend store URI ({@code --backend-store-uri},
 * {@code MLFLOW_BACKEND_STORE_URI} or {@code mlflow.backend-store-uri}): the named datasource of
 * the URI's kind is activated with its JDBC URL and credentials, the other one is deactivated, so
 * one artifact serves SQLite and MySQL without a rebuild (docs/adr/0002).
 */
public class BackendStoreConfigSourceFactory implements ConfigSourceFactory {

  public static final String PROPERTY = "mlflow.backend-store-uri";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue value = context.getValue(PROPERTY);
    String raw = value == null ? null : value.getValue();
    BackendStoreUri uri;
    try {
      uri = BackendStoreUri.parse(raw);
    } catch (IllegalArgumentException e) {
      // surfaced at start-up by BackendStoreCheck with the same message
      return List.of();
    }
    Map<String, String> props = new HashMap<>();
    for (BackendStoreUri.Kind kind : BackendStoreUri.Kind.values()) {
      String ds = "quarkus.datasource." + kind.datasource;
      boolean active = kind == uri.kind();
      props.put(ds + ".active", Boolean.toString(active));
      if (active) {
        props.put(ds + ".jdbc.url", uri.jdbcUrl());
        if (uri.username() != null) {
          props.put(ds + ".username", uri.username());
        }
        if (uri.password() != null) {
          props.put(ds + ".password", uri.password());
        }
        putTimeouts(context, kind, ds + ".jdbc.", props);
      }
    }
    return List.of(new PropertiesConfigSource(props, "trackway-backend-store", 275));
  }

  /**
   * The bounds that turn a database which does not answer into a quick 503 (docs/adr/0010): the
   * pool's acquisition timeout, and the driver's connect, socket or busy timeout, from {@code
   * mlflow.trackway.db-*} and {@code mlflow.trackway.sqlite-busy-timeout} (TrackwayConfig).
   */
  private static void putTimeouts(
      ConfigSourceContext context,
      BackendStoreUri.Kind kind,
      String jdbc,
      Map<String, String> props) {
    props.put(
        jdbc + "acquisition-timeout",
        duration(context, "db-acquisition-timeout", "5s").toMillis() + "ms");
    String driver = jdbc + "additional-jdbc-properties.";
    if (kind == BackendStoreUri.Kind.MYSQL) {
      props.put(driver + "connectTimeout", millis(context, "db-connect-timeout", "3s"));
      props.put(driver + "socketTimeout", millis(context, "db-socket-timeout", "60s"));
    } else {
      props.put(driver + "busy_timeout", millis(context, "sqlite-busy-timeout", "30s"));
      // WAL with synchronous=NORMAL unless configured back to SQLite's defaults (docs/adr/0011)
      props.put(driver + "journal_mode", upper(context, "sqlite-journal-mode", "WAL"));
      props.put(driver + "synchronous", upper(context, "sqlite-synchronous", "NORMAL"));
    }
  }

  private static String upper(ConfigSourceContext context, String key, String fallback) {
    return raw(context, key, fallback).toUpperCase(Locale.ROOT);
  }

  private static String millis(ConfigSourceContext context, String key, String fallback) {
    return Long.toString(duration(context, key, fallback).toMillis());
  }

  private static Duration duration(ConfigSourceContext context, String key, String fallback) {
    return DurationConverter.parseDuration(raw(context, key, fallback));
  }

  /** {@code mlflow.trackway.<key>} as set (trimmed), or the fallback when unset or blank. */
  private static String raw(ConfigSourceContext context, String key, String fallback) {
    ConfigValue v = context.getValue("mlflow.trackway." + key);
    return v == null || v.getValue() == null || v.getValue().isBlank()
        ? fallback
        : v.getValue().trim();
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(275);
  }
}
