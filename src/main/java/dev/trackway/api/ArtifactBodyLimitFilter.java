package dev.trackway.api;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.ErrorResponse;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code quarkus.http.limits.max-body-size} is raised for artifact uploads, which are streamed to
 * storage; every other request body is read into memory, so requests that announce a larger body
 * than {@code mlflow.trackway.max-metadata-body-size} (64 MiB) are refused before their body is
 * read.
 */
public class ArtifactBodyLimitFilter {
  /** Read on the first request: filters are built at static init, before runtime config. */
  @Inject Instance<TrackwayConfig> config;

  private volatile long maxMetadataBody = -1;

  @ServerRequestFilter(preMatching = true)
  public Response limit(ContainerRequestContext ctx) {
    String length = ctx.getHeaderString("Content-Length");
    if (length == null) {
      return null;
    }
    long n;
    try {
      n = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (maxMetadataBody < 0) {
      maxMetadataBody = config.get().trackway().maxMetadataBodySize().asLongValue();
    }
    if (n <= maxMetadataBody) {
      return null;
    }
    String path = "/" + ctx.getUriInfo().getPath().replaceFirst("^/+", "");
    if (ctx.getMethod().equals("PUT")
        && path.matches("^/(api|ajax-api)/2\\.0/mlflow-artifacts/artifacts/.*")) {
      return null;
    }
    return ErrorResponse.of(
        413,
        ErrorCode.BAD_REQUEST,
        "Request body of "
            + n
            + " bytes is larger than the limit of "
            + maxMetadataBody
            + " bytes for this endpoint.");
  }
}
