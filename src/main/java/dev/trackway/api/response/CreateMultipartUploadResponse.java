package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.MultipartUploadCredential;
import java.util.List;

/**
 * MLflow's {@code CreateMultipartUpload.Response} of the artifact service (a credential's empty
 * headers are left out).
 */
public record CreateMultipartUploadResponse(
    String uploadId, @JsonInclude(NON_EMPTY) List<MultipartUploadCredential> credentials) {}
