package dev.trackway.domain;

/**
 * An artifact file as a download answers it: the file name of its path, the Content-Type MLflow's
 * server gives it, and the opened content (which the caller closes).
 */
public record ArtifactDownload(String fileName, String contentType, ArtifactContent content) {}
