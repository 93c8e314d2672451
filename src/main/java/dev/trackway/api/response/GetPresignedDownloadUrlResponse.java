package dev.trackway.api.response;

import java.util.Map;

/**
 * MLflow's {@code GetPresignedDownloadUrl.Response} of the artifact service ({@code headers} always
 * present).
 */
public record GetPresignedDownloadUrlResponse(
    String url, Map<String, String> headers, Long fileSize) {}
