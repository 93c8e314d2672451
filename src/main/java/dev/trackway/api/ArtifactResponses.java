package dev.trackway.api;

import dev.trackway.api.response.FastApiErrorResponse;
import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.ArtifactDownload;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** HTTP answers of the artifact routes that are not response messages, shaped like MLflow's. */
public final class ArtifactResponses {
  private ArtifactResponses() {}

  private static final int STREAM_BUFFER = 64 * 1024;

  /**
   * A file download: the content streamed (a local file is sent by the server from the path, an S3
   * object is copied through a fixed buffer), with the Content-Type the service chose, {@code
   * Content-Disposition: attachment} and {@code X-Content-Type-Options: nosniff}, as MLflow sends
   * them.
   */
  public static Response download(ArtifactDownload download) {
    ArtifactContent content = download.content();
    String name = download.fileName();
    Response.ResponseBuilder b;
    if (content.file() != null) {
      b = Response.ok(content.file());
    } else {
      InputStream in = content.stream();
      StreamingOutput body =
          out -> {
            try (InputStream src = in) {
              copy(src, out);
            }
          };
      b = Response.ok(body);
    }
    if (content.length() >= 0) {
      b.header("Content-Length", content.length());
    }
    return b.header("Content-Type", download.contentType())
        .header("Content-Disposition", ArtifactHeaders.contentDisposition(name))
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "no-cache")
        .build();
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[STREAM_BUFFER];
    int r;
    while ((r = in.read(buf)) >= 0) {
      out.write(buf, 0, r);
    }
  }

  /**
   * MLflow's answer on a proxied-artifact route of a server started with {@code
   * --no-serve-artifacts} (Flask handlers: a text body naming the route rule).
   */
  public static Response notServing(String urlRule) {
    return Response.status(503)
        .type("text/html; charset=utf-8")
        .entity(
            "Endpoint: "
                + urlRule
                + " disabled due to the mlflow server running with"
                + " `--no-serve-artifacts`. To enable artifacts server functionality, run"
                + " `mlflow server` with `--serve-artifacts`")
        .build();
  }

  /** The same for the streaming download/upload routes, which MLflow serves from FastAPI. */
  public static Response notServingStreaming() {
    return Response.status(503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            new FastApiErrorResponse(
                "Artifact serving is disabled. Run `mlflow server` with"
                    + " `--serve-artifacts` to enable."))
        .build();
  }
}
