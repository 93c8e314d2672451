package dev.trackway.domain;

/** MLflow's {@code LoggedModel} message (service.proto): info and data. */
public record LoggedModel(LoggedModelInfo info, LoggedModelData data) {}
