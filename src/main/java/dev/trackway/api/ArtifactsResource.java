package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.MultipartUpload;
import dev.trackway.domain.MultipartUploadCredential;
import dev.trackway.domain.MultipartUploadPart;
import dev.trackway.domain.PresignedDownload;
import dev.trackway.error.MlflowException;
import dev.trackway.service.ArtifactService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow's proxied artifact service ({@code mlflow_artifacts.proto}, served with {@code
 * --serve-artifacts}): paths are relative to {@code --artifacts-destination}.
 *
 * <p>The artifact path is taken from the raw request line, not from the routed path: the HTTP layer
 * removes dot segments and decodes some escapes before routing, and splits matrix parameters off
 * segments, so only the raw form shows what the client sent. It is then checked by {@link
 * ArtifactService} exactly once.
 */
@Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts")
public class ArtifactsResource {
  static final String CT = "Content-Type";
  private static final Pattern RAW =
      Pattern.compile(
          "^/(api|ajax-api)/2\\.0/mlflow-artifacts/(artifacts|mpu/create|mpu/complete|mpu/abort|presigned)/(.*)$");

  @Inject ArtifactService service;
  @Inject TrackwayConfig config;
  @Context HttpServerRequest request;

  /** The artifact path as sent (still percent-encoded), after the route's fixed part. */
  String rawArtifactPath(String route) {
    String uri = request.uri();
    if (uri.startsWith("http://") || uri.startsWith("https://")) {
      int slash = uri.indexOf('/', uri.indexOf("//") + 2);
      uri = slash < 0 ? "/" : uri.substring(slash);
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    Matcher m = RAW.matcher(path);
    if (!m.matches() || !m.group(2).equals(route)) {
      // dot segments or escapes moved the request onto this route: refuse it
      throw ArtifactService.invalidPath();
    }
    return m.group(3);
  }

  static String rule(String prefix, String route) {
    return "/" + prefix + "/2.0/mlflow-artifacts/" + route;
  }

  // ------------------------------------------------------------------ artifacts

  @GET
  @Path("/artifacts")
  @Produces(MediaType.APPLICATION_JSON)
  public Response list(@PathParam("prefix") String prefix, @Context UriInfo uri) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServing(rule(prefix, "artifacts"));
    }
    Req req = Req.query(uri.getQueryParameters(), Set.of());
    List<Map<String, Object>> files =
        ArtifactResponses.files(service.listProxied(req.string("path")));
    return Response.ok(Resp.of("files", files), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @GET
  @Path("/artifacts/{path: .*}")
  public Response download() {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServingStreaming();
    }
    return ArtifactResponses.download(service.downloadProxied(rawArtifactPath("artifacts")));
  }

  @PUT
  @Path("/artifacts/{path: .*}")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response upload(@HeaderParam("Content-Length") Long contentLength, InputStream body) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServingStreaming();
    }
    String raw = rawArtifactPath("artifacts");
    service.uploadProxied(raw, body, contentLength == null ? -1 : contentLength);
    return ArtifactResponses.emptyOk();
  }

  @DELETE
  @Path("/artifacts/{path: .*}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response delete(@PathParam("prefix") String prefix) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServing(rule(prefix, "artifacts/<path:artifact_path>"));
    }
    service.deleteProxied(rawArtifactPath("artifacts"));
    return ArtifactResponses.emptyJson();
  }

  // ------------------------------------------------------------------ multipart upload

  @POST
  @Path("/mpu/create/{path: .*}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response createMultipart(
      @PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServing(rule(prefix, "mpu/create/<path:artifact_path>"));
    }
    String dir = service.mpuDirectory(rawArtifactPath("mpu/create"));
    Req req = Req.body("POST", ct, body);
    String path = req.requiredString("path");
    Long numParts = req.int64("num_parts");
    MultipartUpload mpu = service.createMultipartUpload(dir, path, numParts == null ? 0 : numParts);
    List<Map<String, Object>> creds = new ArrayList<>();
    for (MultipartUploadCredential c : mpu.credentials()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", c.url());
      m.put("part_number", c.partNumber());
      if (c.headers() != null) {
        m.put("headers", c.headers());
      }
      creds.add(m);
    }
    return Response.ok(Resp.of("upload_id", mpu.uploadId(), "credentials", creds)).build();
  }

  @POST
  @Path("/mpu/complete/{path: .*}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response completeMultipart(
      @PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServing(rule(prefix, "mpu/complete/<path:artifact_path>"));
    }
    String dir = service.mpuDirectory(rawArtifactPath("mpu/complete"));
    Req req = Req.body("POST", ct, body);
    String path = req.requiredString("path");
    String uploadId = req.string("upload_id");
    JsonNode partsNode = req.field("parts");
    if (partsNode == null || partsNode.isNull()) {
      throw Req.missing("parts");
    }
    if (!partsNode.isArray()) {
      throw MlflowException.invalidParameterValue(
          "Invalid value %s for parameter 'parts' supplied.", partsNode.toString());
    }
    List<MultipartUploadPart> parts = new ArrayList<>();
    for (JsonNode p : partsNode) {
      Req part = Req.of(p);
      Long number = part.int64("part_number");
      parts.add(
          new MultipartUploadPart(number == null ? 0 : number.intValue(), part.string("etag")));
    }
    service.completeMultipartUpload(dir, path, uploadId, parts);
    return ArtifactResponses.emptyJson();
  }

  @POST
  @Path("/mpu/abort/{path: .*}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response abortMultipart(
      @PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServing(rule(prefix, "mpu/abort/<path:artifact_path>"));
    }
    String dir = service.mpuDirectory(rawArtifactPath("mpu/abort"));
    Req req = Req.body("POST", ct, body);
    String path = req.requiredString("path");
    service.abortMultipartUpload(dir, path, req.string("upload_id"));
    return ArtifactResponses.emptyJson();
  }

  // ------------------------------------------------------------------ presigned download

  @GET
  @Path("/presigned/{path: .*}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response presigned(@PathParam("prefix") String prefix) {
    if (!config.serveArtifacts()) {
      return ArtifactResponses.notServing(rule(prefix, "presigned/<path:artifact_path>"));
    }
    PresignedDownload p = service.presignedDownload(rawArtifactPath("presigned"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", p.url());
    m.put("headers", p.headers());
    if (p.fileSize() != null) {
      m.put("file_size", p.fileSize());
    }
    return Response.ok(m).build();
  }
}
