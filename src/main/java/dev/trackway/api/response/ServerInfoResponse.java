package dev.trackway.api.response;

/**
 * MLflow's server-info answer (a hand-written JSON handler); {@code store_type} is left out in
 * {@code --artifacts-only} mode.
 */
public record ServerInfoResponse(
    String storeType,
    boolean workspacesEnabled,
    boolean traceArchivalEnabled,
    boolean multipartUploadsEnabled,
    boolean multipartDownloadsEnabled,
    boolean artifactServingEnabled) {}
