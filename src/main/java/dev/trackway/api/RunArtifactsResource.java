package dev.trackway.api;

import dev.trackway.api.response.ListArtifactsResponse;
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
 * Artifact reads through an artifact root: a run's ({@code artifacts/list}, ListArtifacts, and the
 * UI's {@code /get-artifact}), a logged model's ({@code artifact_location}:
 * ListLoggedModelArtifacts and the UI's {@code artifacts/files}) and a model version's (its
 * download URI: the UI's {@code /model-versions/get-artifact}). A proxied root ({@code
 * mlflow-artifacts:}, or an http(s) artifact-service URL) is read from {@code
 * --artifacts-destination}; any other root ({@code file:}, {@code s3://}, a path) from that
 * location directly, as MLflow's server does.
 */
@Guarded
@Path("/")
public class RunArtifactsResource {
  @Inject ArtifactService service;

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/artifacts/list")
  @Produces(MediaType.APPLICATION_JSON)
  public ListArtifactsResponse listArtifacts(@Context UriInfo uri) {
    Req req = Req.query(uri);
    String runId = req.requiredString("run_id", "run_uuid");
    ArtifactListing listing = service.listRunArtifacts(runId, req.string("path"));
    return new ListArtifactsResponse(listing.rootUri(), listing.files());
  }

  @GET
  @Path("/get-artifact")
  public Response getArtifact(@Context UriInfo uri) {
    Req req = Req.query(uri);
    String runId = req.string("run_id");
    if (runId == null || runId.isEmpty()) {
      runId = req.string("run_uuid");
    }
    String path = req.string("path");
    if (path == null) {
      throw Req.missing("path");
    }
    ArtifactService.validatePath(path); // an invalid path is refused before a missing run id
    if (runId == null || runId.isEmpty()) {
      throw Req.missing("run_id");
    }
    return ArtifactResponses.download(service.runArtifact(runId, path));
  }

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
