package dev.trackway.api.response;

/**
 * MLflow's server-info answer (a hand-written JSON handler); {@code store_type} is left out in
 * {@code --artifacts-only} mode. The keys after {@code artifact_serving_enabled} are the ones the
 * web UI reads.
 */
public record ServerInfoResponse(
    String storeType,
    boolean workspacesEnabled,
    boolean traceArchivalEnabled,
    boolean multipartUploadsEnabled,
    boolean multipartDownloadsEnabled,
    boolean artifactServingEnabled,
    long skillContentMaxSize,
    long skillContentMaxFiles,
    boolean presignedUploadRunIdSupported,
    boolean presignedUploadModelIdSupported,
    boolean modelArtifactPresignedDownloadsSupported,
    Features featuresEnabled,
    String trackingAuth,
    boolean artifactsPresignedOnly) {

  /** MLflow's optional features as the UI sees them (a missing one counts as enabled). */
  public record Features(boolean gateway, boolean scheduledIssueDetection) {}
}
