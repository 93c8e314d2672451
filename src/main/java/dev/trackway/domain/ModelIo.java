package dev.trackway.domain;

/** MLflow's {@code ModelInput} / {@code ModelOutput} messages (step only on outputs). */
public record ModelIo(String modelId, Long step) {}
