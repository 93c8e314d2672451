package dev.trackway.domain;

/** MLflow's {@code MultipartUploadPart}: an uploaded part, as the client reports it. */
public record MultipartUploadPart(int partNumber, String etag) {}
