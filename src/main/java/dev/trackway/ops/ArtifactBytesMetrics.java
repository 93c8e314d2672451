package dev.trackway.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.regex.Pattern;

/**
 * Counts the artifact bytes that pass through the server: request bodies of proxied uploads ({@code
 * PUT .../mlflow-artifacts/artifacts/<path>}) and response bodies of artifact downloads (the
 * proxied artifact service, {@code /get-artifact}, {@code /model-versions/get-artifact} and
 * logged-model files), as {@code
 * trackway_artifacts_transferred_bytes_total{direction="up"|"down"}}. Measured at the HTTP layer (a
 * Vert.x route ahead of the REST resources), so the artifact code is unchanged; only successful
 * (2xx) transfers count. Presigned S3 transfers bypass the server and are not counted.
 */
@ApplicationScoped
public class ArtifactBytesMetrics {
  static final String NAME = "trackway.artifacts.transferred";

  static final Pattern PROXIED =
      Pattern.compile("^/(api|ajax-api)/2\\.0/mlflow-artifacts/artifacts/.+");
  static final Pattern DOWNLOADS =
      Pattern.compile(
          "^/(get-artifact|model-versions/get-artifact"
              + "|(api|ajax-api)/2\\.0/mlflow/logged-models/[^/]+/artifacts/files)$");

  @Inject MeterRegistry registry;

  private Counter up;
  private Counter down;

  void register(@Observes Router router) {
    up = counter("up", "Artifact bytes received by proxied uploads");
    down = counter("down", "Artifact bytes sent by artifact downloads");
    router.route().order(Integer.MIN_VALUE + 100).handler(this::handle);
  }

  private Counter counter(String direction, String description) {
    return Counter.builder(NAME)
        .baseUnit("bytes")
        .description(description)
        .tag("direction", direction)
        .register(registry);
  }

  void handle(RoutingContext rc) {
    HttpServerRequest req = rc.request();
    String path = req.path();
    Counter counter = null;
    boolean upload = false;
    if (path != null) {
      HttpMethod m = req.method();
      if (m == HttpMethod.PUT && PROXIED.matcher(path).matches()) {
        counter = up;
        upload = true;
      } else if (m == HttpMethod.GET
          && (PROXIED.matcher(path).matches() || DOWNLOADS.matcher(path).matches())) {
        counter = down;
      }
    }
    if (counter != null) {
      Counter c = counter;
      boolean isUpload = upload;
      rc.addEndHandler(
          done -> {
            int status = rc.response().getStatusCode();
            if (status >= 200 && status < 300) {
              c.increment(isUpload ? req.bytesRead() : rc.response().bytesWritten());
            }
          });
    }
    rc.next();
  }
}
