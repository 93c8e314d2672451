package dev.trackway.api;

import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.ArtifactDownload;
import dev.trackway.domain.FileInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP answers of the artifact routes, shaped like MLflow's. */
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

  /** FileInfo messages: {@code is_dir} always present, {@code file_size} only for files. */
  public static List<Map<String, Object>> files(List<FileInfo> entries) {
    List<Map<String, Object>> out = new ArrayList<>(entries.size());
    for (FileInfo e : entries) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", e.path());
      m.put("is_dir", e.isDir());
      if (e.fileSize() != null) {
        m.put("file_size", e.fileSize());
      }
      out.add(m);
    }
    return out;
  }

  /** {@code {}}: the empty response message. */
  /** MLflow 3.18 answers an artifact upload (a FastAPI route) with an empty 200. */
  public static Response emptyOk() {
    return Response.ok().build();
  }

  public static Response emptyJson() {
    return Response.ok("{}", MediaType.APPLICATION_JSON_TYPE).build();
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
            "{\"detail\":\"Artifact serving is disabled. Run `mlflow server` with"
                + " `--serve-artifacts` to enable.\"}")
        .build();
  }
}
