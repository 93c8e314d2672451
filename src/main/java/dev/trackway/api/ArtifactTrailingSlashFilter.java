package dev.trackway.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.net.URISyntaxException;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets artifact paths that end with {@code /} reach the artifact resource (the router would not
 * match them): the resource reads the raw request path, so it still sees the slash and answers as
 * MLflow does (a PUT without a file name, a download of a directory).
 */
public class ArtifactTrailingSlashFilter {
  @ServerRequestFilter(preMatching = true)
  public void trailingSlash(ContainerRequestContext ctx) {
    URI uri = ctx.getUriInfo().getRequestUri();
    String path = uri.getRawPath();
    if (path == null
        || !path.endsWith("/")
        || !path.matches(
            "^/(api|ajax-api)/2\\.0/mlflow-artifacts/(artifacts|mpu/create|mpu/complete|mpu/abort|presigned)/.*[^/].*")) {
      return;
    }
    String stripped = path.replaceAll("/+$", "");
    try {
      ctx.setRequestUri(
          new URI(
              uri.getScheme()
                  + "://"
                  + uri.getRawAuthority()
                  + stripped
                  + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
    } catch (URISyntaxException e) {
      // leave it: the router answers
    }
  }
}
