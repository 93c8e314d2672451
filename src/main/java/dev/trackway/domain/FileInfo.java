package dev.trackway.domain;

/**
 * MLflow's {@code FileInfo} message: one entry of an artifact listing. {@code fileSize} is null for
 * directories.
 */
public record FileInfo(String path, boolean isDir, Long fileSize) {}
