package dev.trackway.api;

import dev.trackway.config.ServerConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code --artifacts-only}: every MLflow tracking route answers 503 with MLflow's text; the proxied
 * artifact service, /health, /version and server-info stay served.
 */
public class ArtifactsOnlyFilter {
  @Inject ServerConfig config;

  @ServerRequestFilter(preMatching = true)
  public Response artifactsOnly(ContainerRequestContext ctx) {
    if (!config.artifactsOnly()) {
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
