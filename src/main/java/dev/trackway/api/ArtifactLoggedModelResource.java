package dev.trackway.api;

import dev.trackway.api.response.ListLoggedModelArtifactsResponse;
import dev.trackway.domain.ArtifactListing;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.ArtifactService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * A logged model's artifacts: {@code GET .../logged-models/<id>/artifacts/directories}
 * (ListLoggedModelArtifacts) and the UI's {@code GET /ajax-api/2.0/mlflow/logged-models/<id>/
 * artifacts/files?artifact_file_path=}, read from the model's {@code artifact_location}.
 */
@Path("/")
public class ArtifactLoggedModelResource {
  @Inject ArtifactService service;

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/logged-models/{model_id}/artifacts/directories")
  @Produces(MediaType.APPLICATION_JSON)
  public ListLoggedModelArtifactsResponse listLoggedModelArtifacts(
      @PathParam("model_id") String modelId, @Context UriInfo uri) {
    String path = Req.query(uri).string("artifact_directory_path");
    ArtifactListing listing = service.listLoggedModelArtifacts(modelId, path);
    return new ListLoggedModelArtifactsResponse(listing.rootUri(), listing.files());
  }

  /** The UI's route, under /ajax-api only. */
  @GET
  @Path("/ajax-api/2.0/mlflow/logged-models/{model_id}/artifacts/files")
  public Response getLoggedModelArtifact(
      @PathParam("model_id") String modelId, @Context UriInfo uri) {
    String path = Req.query(uri).string("artifact_file_path");
    if (path == null || path.isEmpty()) {
      throw new MlflowException(
          ErrorCode.BAD_REQUEST,
          "Request must include the \"artifact_file_path\" query parameter.");
    }
    return ArtifactResponses.download(service.loggedModelArtifact(modelId, path));
  }
}
