package dev.trackway.api;

import dev.trackway.service.ArtifactService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The UI's {@code GET /model-versions/get-artifact?name=&version=&path=}: a file of a model
 * version, read from the version's download URI (its logged model's or run's artifacts).
 */
@Path("/")
public class ArtifactModelVersionResource {
  @Inject ArtifactService service;

  @GET
  @Path("/model-versions/get-artifact")
  public Response getModelVersionArtifact(@Context UriInfo uri) {
    Req req = Req.query(uri);
    String path = req.string("path");
    if (path == null) {
      throw Req.missing("path");
    }
    return ArtifactResponses.download(
        service.modelVersionArtifact(
            req.stringOrEmpty("name"), req.stringOrEmpty("version"), path));
  }
}
