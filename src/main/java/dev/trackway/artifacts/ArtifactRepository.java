package dev.trackway.artifacts;

import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.FileInfo;
import dev.trackway.domain.MultipartUpload;
import dev.trackway.domain.MultipartUploadPart;
import dev.trackway.domain.PresignedDownload;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * One artifact store location (a local directory or an S3 prefix). Paths are relative to that
 * location, use {@code /}, and "" is the location itself; implementations pass every path through
 * {@link ArtifactPaths#normalize} before touching storage, so nothing outside the location is ever
 * read, written, listed or deleted.
 */
public interface ArtifactRepository {
  String NO_MULTIPART_UPLOAD =
      "Multipart upload is not supported for the current artifact repository";
  String NO_MULTIPART_DOWNLOAD =
      "Multipart download is not supported for the current artifact repository";

  /** The location, as a URI ({@code file:///...}, {@code s3://bucket/prefix}). */
  String uri();

  /**
   * The direct children of a directory, sorted by path; paths are relative to the repository root.
   * A file or a missing path lists as empty, as MLflow's repositories do.
   */
  List<FileInfo> list(String path);

  /**
   * Opens a file for reading. Missing: RESOURCE_DOES_NOT_EXIST "No such artifact: '<path>'"; a
   * directory: INVALID_PARAMETER_VALUE. The caller closes the content.
   */
  ArtifactContent open(String path);

  /**
   * Stores a file from a stream, replacing any file of that name; readers never see a partial file.
   * {@code length} is the exact byte count, or -1 when unknown.
   */
  void write(String path, InputStream in, long length);

  /** Deletes a file or a directory tree; a missing path is not an error. */
  void delete(String path);

  /**
   * Checks that the location can be used now (readiness): returns what was checked, throws what
   * failed. Cheap enough to run on every readiness probe.
   */
  String checkAvailable() throws IOException;

  default boolean supportsMultipartUpload() {
    return false;
  }

  /** MLflow's proxied multipart upload: presigned part URLs for {@code path}. */
  default MultipartUpload createMultipartUpload(String path, int numParts) {
    throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, NO_MULTIPART_UPLOAD);
  }

  default void completeMultipartUpload(
      String path, String uploadId, List<MultipartUploadPart> parts) {
    throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, NO_MULTIPART_UPLOAD);
  }

  default void abortMultipartUpload(String path, String uploadId) {
    throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, NO_MULTIPART_UPLOAD);
  }

  /** A presigned GET URL for a file (MLflow's multipart-download capability). */
  default PresignedDownload presignDownload(String path, long expirationSeconds) {
    throw new MlflowException(ErrorCode.NOT_IMPLEMENTED, NO_MULTIPART_DOWNLOAD);
  }

  static MlflowException noSuchArtifact(String path) {
    return new MlflowException(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, "No such artifact: '" + path + "'");
  }

  static MlflowException isDirectory(String path) {
    return MlflowException.invalidParameterValue(
        "Artifact path refers to a directory, not a file: '" + path + "'");
  }
}
