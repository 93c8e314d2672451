package dev.trackway.domain;

import java.util.Map;

/**
 * A presigned GET URL of a file (MLflow's multipart-download capability), the headers its request
 * must carry and the file's size when known.
 */
public record PresignedDownload(String url, Map<String, String> headers, Long fileSize) {}
