package dev.trackway.api;

import dev.trackway.api.response.ListArtifactsResponse;
import dev.trackway.domain.ArtifactListing;
import dev.trackway.service.ArtifactService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Run-level artifact reads: {@code GET /api/2.0/mlflow/artifacts/list} (ListArtifacts) and the UI's
 * {@code GET /get-artifact}. A run whose artifact root is proxied ({@code mlflow-artifacts:}, or an
 * http(s) artifact-service URL) is read from {@code --artifacts-destination}; any other root
 * ({@code file:}, {@code s3://}, a path) from that location directly, as MLflow's server does.
 */
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
}
