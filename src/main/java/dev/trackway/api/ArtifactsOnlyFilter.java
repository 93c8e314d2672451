package dev.trackway.api;

import dev.trackway.config.TrackwayConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code --artifacts-only}: every MLflow tracking route answers 503 with MLflow's text; the proxied
 * artifact service, /health, /version and server-info stay served.
 */
public class ArtifactsOnlyFilter {
  /** Read on the first request: filters are built at static init, before runtime config. */
  @Inject Instance<TrackwayConfig> config;

  private volatile Boolean artifactsOnly;

  @ServerRequestFilter(preMatching = true)
  public Response artifactsOnly(ContainerRequestContext ctx) {
    Boolean only = artifactsOnly;
    if (only == null) {
      artifactsOnly = only = config.get().artifactsOnly();
    }
    if (!only) {
      return null;
    }
    String path = "/" + ctx.getUriInfo().getPath().replaceFirst("^/+", "");
    if (path.matches("^/(api|ajax-api)/2\\.0/mlflow-artifacts(/.*)?$")
        || path.equals("/health")
        || path.equals("/version")
        || path.matches("^/(api|ajax-api)/3\\.0/mlflow/server-info$")
        || !MlflowRoutes.isMlflowRoute(ctx.getMethod(), path)) {
      return null;
    }
    return Response.status(503)
        .type("text/html; charset=utf-8")
        .entity(
            "Endpoint: "
                + path
                + " disabled due to the mlflow server running in"
                + " `--artifacts-only` mode. To enable tracking server functionality, run"
                + " `mlflow server` without `--artifacts-only`")
        .build();
  }
}
