package dev.trackway.domain;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * An opened artifact: a local file (served with zero-copy by the HTTP layer) or a stream (S3), with
 * its length in bytes (-1 when unknown).
 */
public record ArtifactContent(Path file, InputStream stream, long length) implements Closeable {

  public static ArtifactContent ofFile(Path file, long length) {
    return new ArtifactContent(file, null, length);
  }

  public static ArtifactContent ofStream(InputStream stream, long length) {
    return new ArtifactContent(null, stream, length);
  }

  @Override
  public void close() throws IOException {
    if (stream != null) {
      stream.close();
    }
  }
}
