package dev.trackway.api;

import dev.trackway.api.response.ServerInfoResponse;
import dev.trackway.config.TrackwayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** MLflow's hand-written server routes: /health, /version and server-info. */
@Guarded
@Path("/")
public class ServerResource {
  /**
   * What /version reports: the MLflow version whose API Trackway serves. The 3.18 client sends
   * trace spans over OTLP ({@code POST /v1/traces}) only to servers of 3.4 and later
   * (docs/adr/0008-tracing.md).
   */
  public static final String MLFLOW_API_VERSION = "3.18.0";

  @Inject TrackwayConfig config;

  @GET
  @Path("/health")
  @Produces(MediaType.TEXT_HTML)
  public String health() {
    return "OK";
  }

  @GET
  @Path("/version")
  @Produces(MediaType.TEXT_HTML)
  public String version() {
    return MLFLOW_API_VERSION;
  }

  /**
   * Server capabilities, as MLflow's server-info. Multipart (presigned) transfers are advertised
   * like MLflow does: only when artifacts are served from S3 and the operator opted in with
   * MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD / _DOWNLOAD. Features Trackway lacks (presigned upload
   * URLs, trace archival, workspaces) are reported off.
   */
  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/server-info")
  @Produces(MediaType.APPLICATION_JSON)
  public ServerInfoResponse serverInfo() {
    boolean serving = config.serveArtifacts();
    boolean s3 = serving && config.artifactsDestinationUri().startsWith("s3://");
    return new ServerInfoResponse(
        config.artifactsOnly() ? null : "SqlStore",
        false,
        false,
        s3 && config.enableProxyMultipartUpload(),
        s3 && config.enableProxyMultipartDownload(),
        serving,
        // what the web UI reads besides (MLflow 3.18's keys): Trackway has no presigned uploads
        // and no presigned model-version downloads, so the UI does not try them; the feature
        // switches are MLflow's defaults (their pages open on empty listings, see
        // docs/compatibility.md)
        26_214_400,
        10_000,
        false,
        false,
        false,
        new ServerInfoResponse.Features(true, true),
        "",
        false);
  }
}
