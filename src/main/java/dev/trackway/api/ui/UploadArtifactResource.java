package dev.trackway.api.ui;

import dev.trackway.service.RunArtifactUploadService;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /ajax-api/2.0/mlflow/upload-artifact?run_uuid=<id>&path=<relative path>}: the raw
 * body becomes that file of the run's artifacts (the UI attaches images this way). 200 with an
 * empty {@code application/json} body, as MLflow.
 */
@Path("/ajax-api/2.0/mlflow/upload-artifact")
public class UploadArtifactResource {
  @Inject RunArtifactUploadService service;

  @POST
  public Response upload(
      @QueryParam("run_id") String runId,
      @QueryParam("run_uuid") String runUuid,
      @QueryParam("path") String path,
      @HeaderParam("Content-Length") Long contentLength,
      InputStream body)
      throws IOException {
    String run = runId == null || runId.isEmpty() ? runUuid : runId;
    String safe = service.checkRequest(run, path, contentLength == null ? -1 : contentLength);
    byte[] data =
        body == null ? new byte[0] : body.readNBytes(RunArtifactUploadService.MAX_BYTES + 1);
    service.upload(run, safe, data);
    return Response.ok().type(MediaType.APPLICATION_JSON_TYPE).build();
  }
}
