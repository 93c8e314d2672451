package dev.trackway.domain;

/** MLflow's {@code RegisteredModelAlias} message: an alias and the version it points to. */
public record RegisteredModelAlias(String alias, String version) {}
