package dev.trackway.api.model;

/** MLflow's {@code RegisteredModelAlias} message: an alias and the version it points to. */
public record RegisteredModelAlias(String alias, String version) {}
