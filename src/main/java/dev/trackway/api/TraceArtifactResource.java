package dev.trackway.api;

import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.TracingService;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;

/**
 * The UI's trace data download ({@code /ajax-api/{2.0,3.0}/mlflow/get-trace-artifact}): {@code
 * traces.json} built from the spans in the database (MLflow passes the stored span contents
 * through), or the file the client uploaded when the spans are not in the database; with {@code
 * path}, a trace attachment.
 */
@Guarded
@Path("/")
public class TraceArtifactResource {
  @Inject TracingService service;

  @GET
  @Path("/ajax-api/{version: 2\\.0|3\\.0}/mlflow/get-trace-artifact")
  public Response getTraceArtifact(@Context UriInfo uri) {
    Req req = Req.query(uri);
    String requestId = req.string("request_id");
    if (requestId == null || requestId.isEmpty()) {
      throw new MlflowException(
          ErrorCode.BAD_REQUEST, "Request must include the \"request_id\" query parameter.");
    }
    String path = req.string("path");
    if (path != null && !path.isEmpty()) {
      return ArtifactResponses.download(service.traceAttachment(requestId, path));
    }
    TracingService.TraceData data = service.traceData(requestId);
    if (data.json() == null) {
      return ArtifactResponses.download(data.file());
    }
    return Response.ok(data.json().getBytes(StandardCharsets.UTF_8), "text/plain")
        .header("Content-Disposition", "attachment; filename=traces.json")
        .header("Cache-Control", "no-cache")
        .build();
  }
}
