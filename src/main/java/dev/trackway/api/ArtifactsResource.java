package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.response.CreateMultipartUploadResponse;
import dev.trackway.api.response.EmptyResponse;
import dev.trackway.api.response.GetPresignedDownloadUrlResponse;
import dev.trackway.api.response.ListArtifactsResponse;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.domain.MultipartUpload;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * MLflow's proxied artifact service ({@code MlflowArtifactsService}, served with {@code
 * --serve-artifacts}): paths are relative to {@code --artifacts-destination}. Under {@code
 * --no-serve-artifacts} every route answers MLflow's 503.
 *
 * <p>The artifact path is taken from the raw request line, not from the routed path: the HTTP layer
 * removes dot segments and decodes some escapes before routing, and splits matrix parameters off
 * segments, so only the raw form shows what the client sent. It is then checked by {@link
 * ArtifactService} exactly once.
 */
@Guarded
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactsResource {
  static final String CT = "Content-Type";
  private static final Pattern RAW =
      Pattern.compile(
          "^/(api|ajax-api)/2\\.0/mlflow-artifacts/(artifacts|mpu/create|mpu/complete|mpu/abort|presigned)/(.*)$");

  @Inject ArtifactService service;
  @Inject TrackwayConfig config;
  @Context HttpServerRequest request;

  /**
   * The JSON answers that Trackway has always sent as {@code application/json} without a charset
   * (MLflow's Flask handlers send the same type); the others get the RPCs' {@code
   * application/json;charset=UTF-8}.
   */
  private static <T> RestResponse<T> json(T body) {
    return RestResponse.ok(body, MediaType.APPLICATION_JSON_TYPE);
  }

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

  /** MLflow's 503 on a Flask route of the artifact service: the text names the route's rule. */
  void requireServing(String prefix, String route) {
    if (!config.serveArtifacts()) {
      throw new PreparedResponse(
          ArtifactResponses.notServing("/" + prefix + "/2.0/mlflow-artifacts/" + route));
    }
  }

  /** MLflow's 503 on the streaming routes, which it serves from FastAPI. */
  void requireStreamingServing() {
    if (!config.serveArtifacts()) {
      throw new PreparedResponse(ArtifactResponses.notServingStreaming());
    }
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/artifacts")
  public RestResponse<ListArtifactsResponse> listArtifacts(
      @PathParam("prefix") String prefix, @Context UriInfo uri) {
    requireServing(prefix, "artifacts");
    String path = Req.query(uri).string("path");
    return json(new ListArtifactsResponse(null, service.listProxied(path)));
  }

  /** Any type: the download carries the file's own Content-Type. */
  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/artifacts/{path: .*}")
  @Produces(MediaType.WILDCARD)
  public Response downloadArtifact() {
    requireStreamingServing();
    return ArtifactResponses.download(service.downloadProxied(rawArtifactPath("artifacts")));
  }

  /** MLflow 3.18 answers an upload (a FastAPI route) with an empty 200. */
  @PUT
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/artifacts/{path: .*}")
  @Consumes(MediaType.WILDCARD)
  public Response uploadArtifact(
      @HeaderParam("Content-Length") Long contentLength, InputStream body) {
    requireStreamingServing();
    String raw = rawArtifactPath("artifacts");
    service.uploadProxied(raw, body, contentLength == null ? -1 : contentLength);
    return Response.ok().build();
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/artifacts/{path: .*}")
  public RestResponse<EmptyResponse> deleteArtifact(@PathParam("prefix") String prefix) {
    requireServing(prefix, "artifacts/<path:artifact_path>");
    service.deleteProxied(rawArtifactPath("artifacts"));
    return json(EmptyResponse.INSTANCE);
  }

  // ------------------------------------------------------------------ multipart upload

  /** An mpu request: the directory of its route, its body and the body's {@code path} field. */
  private record MpuRequest(String dir, Req req, String path) {}

  /** The artifact path of an mpu route is checked before the request body, like MLflow does. */
  private MpuRequest mpuRequest(String prefix, String route, String ct, String body) {
    requireServing(prefix, route + "/<path:artifact_path>");
    String dir = service.mpuDirectory(rawArtifactPath(route));
    Req req = Req.body("POST", ct, body);
    return new MpuRequest(dir, req, req.requiredString("path"));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/mpu/create/{path: .*}")
  public CreateMultipartUploadResponse createMultipartUpload(
      @PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    MpuRequest mpu = mpuRequest(prefix, "mpu/create", ct, body);
    long numParts = mpu.req().int64OrZero("num_parts");
    MultipartUpload upload = service.createMultipartUpload(mpu.dir(), mpu.path(), numParts);
    return new CreateMultipartUploadResponse(upload.uploadId(), upload.credentials());
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/mpu/complete/{path: .*}")
  public RestResponse<EmptyResponse> completeMultipartUpload(
      @PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    MpuRequest mpu = mpuRequest(prefix, "mpu/complete", ct, body);
    String uploadId = mpu.req().string("upload_id");
    service.completeMultipartUpload(mpu.dir(), mpu.path(), uploadId, uploadedParts(mpu.req()));
    return json(EmptyResponse.INSTANCE);
  }

  /** CompleteMultipartUpload's parts: a list of {part_number, etag}. */
  private static List<MultipartUploadPart> uploadedParts(Req req) {
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
      int number = (int) part.int64OrZero("part_number");
      parts.add(new MultipartUploadPart(number, part.string("etag")));
    }
    return parts;
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/mpu/abort/{path: .*}")
  public RestResponse<EmptyResponse> abortMultipartUpload(
      @PathParam("prefix") String prefix, @HeaderParam(CT) String ct, String body) {
    MpuRequest mpu = mpuRequest(prefix, "mpu/abort", ct, body);
    service.abortMultipartUpload(mpu.dir(), mpu.path(), mpu.req().string("upload_id"));
    return json(EmptyResponse.INSTANCE);
  }

  // ------------------------------------------------------------------ presigned download

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow-artifacts/presigned/{path: .*}")
  public GetPresignedDownloadUrlResponse getPresignedDownloadUrl(
      @PathParam("prefix") String prefix) {
    requireServing(prefix, "presigned/<path:artifact_path>");
    PresignedDownload p = service.presignedDownload(rawArtifactPath("presigned"));
    return new GetPresignedDownloadUrlResponse(p.url(), p.headers(), p.fileSize());
  }
}
