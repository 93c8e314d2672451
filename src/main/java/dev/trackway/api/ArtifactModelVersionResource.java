package dev.trackway.api;

import dev.trackway.service.ArtifactService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;

/**
 * The UI's {@code GET /model-versions/get-artifact?name=&version=&path=}: a file of a model
 * version, read from the version's download URI (its logged model's or run's artifacts).
 */
@Path("/model-versions/get-artifact")
public class ArtifactModelVersionResource {
  @Inject ArtifactService service;

  @GET
  public Response getModelVersionArtifact(@Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    String path = req.string("path");
    if (path == null) {
      throw Req.missing("path");
    }
    String name = req.string("name");
    String version = req.string("version");
    return ArtifactResponses.download(
        service.modelVersionArtifact(
            name == null ? "" : name, version == null ? "" : version, path));
  }
}
