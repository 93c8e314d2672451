package dev.trackway.api;

import dev.trackway.error.ErrorCode;
import dev.trackway.error.ErrorResponse;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * {@code quarkus.http.limits.max-body-size} is raised for artifact uploads, which are streamed to
 * storage; every other request body is read into memory, so requests that announce a larger body
 * than {@code trackway.limits.max-metadata-body-size} (64 MiB) are refused before their body is
 * read.
 */
public class ArtifactBodyLimitFilter {
  @ConfigProperty(name = "trackway.limits.max-metadata-body-size", defaultValue = "64M")
  MemorySize maxMetadataBody;

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
    if (n <= maxMetadataBody.asLongValue()) {
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
            + maxMetadataBody.asLongValue()
            + " bytes for this endpoint.");
  }
}
