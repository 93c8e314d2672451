package dev.trackway.api.response;

/** MLflow's {@code DeleteTraces.Response} (v2 and v3). */
public record DeleteTracesResponse(Integer tracesDeleted) {}
