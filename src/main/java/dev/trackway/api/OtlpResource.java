package dev.trackway.api;

import dev.trackway.api.response.FastApiErrorResponse;
import dev.trackway.api.response.FastApiValidationErrorResponse;
import dev.trackway.compat.otlp.OtlpDecoder;
import dev.trackway.compat.otlp.OtlpRequestException;
import dev.trackway.compat.otlp.OtlpSpans;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.error.MlflowException;
import dev.trackway.service.TracingService;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * OTLP/HTTP trace export, as MLflow's FastAPI route serves it ({@code POST /v1/traces}): the
 * experiment in the {@code x-mlflow-experiment-id} header, an {@code ExportTraceServiceRequest} in
 * protobuf or OTLP JSON (optionally gzip or deflate), decoded with the OpenTelemetry proto classes
 * ({@link OtlpDecoder}) and converted as MLflow converts spans ({@link OtlpSpans}); all spans of
 * the request are stored in one transaction. Refusals answer FastAPI's {@code {"detail": ...}} with
 * MLflow's status and text, store errors MLflow's error JSON; nothing is stored then. The answer is
 * an empty {@code ExportTraceServiceResponse} in the request's encoding.
 */
@Guarded
@Path("/")
public class OtlpResource {
  private static final Logger LOG = Logger.getLogger(OtlpResource.class);
  static final String EXPERIMENT_HEADER = "x-mlflow-experiment-id";

  @Inject TracingService service;

  /** Read per request: resources may be built before the runtime configuration. */
  @Inject Instance<TrackwayConfig> config;

  @POST
  @Path("/v1/traces")
  @Consumes(MediaType.WILDCARD)
  public Response exportTraces(
      @HeaderParam(EXPERIMENT_HEADER) String experimentId,
      @HeaderParam("x-mlflow-run-id") String runId,
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Encoding") String contentEncoding,
      InputStream body) {
    if (experimentId == null) {
      return Response.status(422)
          .type(MediaType.APPLICATION_JSON)
          .entity(FastApiValidationErrorResponse.missingHeader(EXPERIMENT_HEADER))
          .build();
    }
    String media;
    List<OtlpSpans.Converted> spans;
    try {
      media = OtlpDecoder.checkContentType(contentType);
      long limit = config.get().trackway().maxMetadataBodySize().asLongValue();
      ExportTraceServiceRequest request =
          OtlpDecoder.decode(media, contentEncoding, read(body, limit), limit);
      spans = OtlpSpans.convert(request);
    } catch (OtlpRequestException e) {
      return detail(e.status(), e.detail());
    }
    try {
      service.logSpans(experimentId, spans, runId);
    } catch (MlflowException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("Failed to log OpenTelemetry spans", e);
      return detail(422, "Failed to log OpenTelemetry spans");
    }
    if (OtlpDecoder.isJson(media)) {
      return Response.ok("{}", MediaType.APPLICATION_JSON).build();
    }
    return Response.ok(new byte[0], "application/x-protobuf").build();
  }

  private static Response detail(int status, String detail) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new FastApiErrorResponse(detail))
        .build();
  }

  /** The body, refused with 413 beyond the limit (for bodies sent without a length). */
  private static byte[] read(InputStream in, long limit) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > limit) {
          throw new OtlpRequestException(
              413, "Request body is larger than the limit of " + limit + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new OtlpRequestException(400, "Invalid OpenTelemetry format");
    }
  }
}
