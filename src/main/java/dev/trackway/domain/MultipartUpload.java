package dev.trackway.domain;

import java.util.List;

/** A created multipart upload: the store's upload id and one presigned URL per part. */
public record MultipartUpload(String uploadId, List<MultipartUploadCredential> credentials) {}
