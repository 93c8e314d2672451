package dev.trackway.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shapes the HTTP server metrics ({@code http_server_requests_seconds_*}, one series per method,
 * route template, status and outcome): latency histogram buckets from 5 ms to 30 s, and route
 * templates without their regular expressions ({@code /{prefix}/2.0/mlflow/runs/get} instead of
 * {@code /{prefix: api|ajax-api}/2.0/...}). Labels carry templates, never raw paths, so run ids and
 * artifact paths cannot multiply the series; unmatched paths are counted as {@code NOT_FOUND}.
 */
public class HttpMetricsConfig {
  static final String HTTP_SERVER_REQUESTS = "http.server.requests";

  static final Duration[] BUCKETS = {
    Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)
  };

  @Produces
  @Singleton
  public MeterFilter httpServerHistogram() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
          return config;
        }
        double[] slos = new double[BUCKETS.length];
        for (int i = 0; i < BUCKETS.length; i++) {
          slos[i] = BUCKETS[i].toNanos();
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(false)
            .serviceLevelObjectives(slos)
            .build()
            .merge(config);
      }
    };
  }

  @Produces
  @Singleton
  public MeterFilter routeTemplates() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
          return id;
        }
        String uri = id.getTag("uri");
        if (uri == null || uri.indexOf(':') < 0) {
          return id;
        }
        List<Tag> tags = new ArrayList<>();
        for (Tag t : id.getTagsAsIterable()) {
          tags.add(t.getKey().equals("uri") ? Tag.of("uri", stripRegex(uri)) : t);
        }
        return id.replaceTags(tags);
      }
    };
  }

  /** {@code /{prefix: api|ajax-api}/x/{path: .*}} -> {@code /{prefix}/x/{path}}. */
  static String stripRegex(String template) {
    StringBuilder out = new StringBuilder(template.length());
    int depth = 0;
    boolean skipping = false;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{') {
        depth++;
        if (depth == 1) {
          skipping = false;
          out.append(c);
          continue;
        }
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          skipping = false;
          out.append(c);
          continue;
        }
      } else if (c == ':' && depth == 1) {
        skipping = true;
      }
      if (!skipping) {
        out.append(c);
      }
    }
    return out.toString().replace(" }", "}");
  }
}
