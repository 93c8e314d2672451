package dev.trackway.domain;

/** MLflow's {@code Dataset} message. */
public record Dataset(
    String name, String digest, String sourceType, String source, String schema, String profile) {}
