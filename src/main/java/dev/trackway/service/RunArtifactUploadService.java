package dev.trackway.service;

import dev.trackway.artifacts.ArtifactPaths;
import dev.trackway.error.MlflowException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;

/**
 * The UI's {@code upload-artifact}: one small file (at most 10 MB, as MLflow) written into a run's
 * artifact root, with MLflow's checks in MLflow's order.
 */
@ApplicationScoped
public class RunArtifactUploadService {
  public static final int MAX_BYTES = 10 * 1024 * 1024;

  @Inject ArtifactService artifacts;

  /** Checks the request's fields before its body is read (so an oversized body is not read). */
  public String checkRequest(String runId, String path, long contentLength) {
    if (runId == null || runId.isEmpty()) {
      throw MlflowException.invalidParameterValue("Request must specify run_id or run_uuid.");
    }
    if (path == null || path.isEmpty()) {
      throw MlflowException.invalidParameterValue("Request must specify path.");
    }
    String safe = ArtifactService.validatePath(path);
    if (contentLength > MAX_BYTES) {
      throw tooLarge();
    }
    return safe;
  }

  /** Writes {@code data} at {@code path} (checked by {@link #checkRequest}) in the run's root. */
  public void upload(String runId, String path, byte[] data) {
    if (data == null || data.length == 0) {
      throw MlflowException.invalidParameterValue("Request must specify data.");
    }
    if (data.length > MAX_BYTES) {
      throw tooLarge();
    }
    ArtifactService.RunRoot root = artifacts.runRoot(runId);
    String dest = ArtifactPaths.normalize(ArtifactPaths.join(root.base(), path));
    root.repository().write(dest, new ByteArrayInputStream(data), data.length);
  }

  private static MlflowException tooLarge() {
    return MlflowException.invalidParameterValue("Artifact size is too large. Max size is 10MB.");
  }
}
