package dev.trackway.api;

import dev.trackway.domain.ArtifactListing;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.ArtifactService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;

/**
 * A logged model's artifacts: {@code GET .../logged-models/<id>/artifacts/directories}
 * (ListLoggedModelArtifacts) and the UI's {@code GET /ajax-api/2.0/mlflow/logged-models/<id>/
 * artifacts/files?artifact_file_path=}, read from the model's {@code artifact_location}.
 */
@Path(Prefixes.V2 + "/logged-models/{model_id}/artifacts")
public class ArtifactLoggedModelResource {
  @Inject ArtifactService service;

  @GET
  @Path("/directories")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> listLoggedModelArtifacts(
      @PathParam("model_id") String modelId, @Context UriInfo uri) {
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    ArtifactListing listing =
        service.listLoggedModelArtifacts(modelId, req.string("artifact_directory_path"));
    return Resp.of(
        "root_uri", listing.rootUri(), "files", ArtifactResponses.files(listing.files()));
  }

  @GET
  @Path("/files")
  public Response getLoggedModelArtifact(
      @PathParam("prefix") String prefix,
      @PathParam("model_id") String modelId,
      @Context UriInfo uri) {
    if (!"ajax-api".equals(prefix)) {
      throw new NotFoundException(); // the UI's route exists under /ajax-api only
    }
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    String path = req.string("artifact_file_path");
    if (path == null || path.isEmpty()) {
      throw new MlflowException(
          ErrorCode.BAD_REQUEST,
          "Request must include the \"artifact_file_path\" query parameter.");
    }
    return ArtifactResponses.download(service.loggedModelArtifact(modelId, path));
  }
}
