package dev.trackway.domain;

/** MLflow's {@code ModelVersionStatus} enum. */
public enum ModelVersionStatus {
  PENDING_REGISTRATION,
  FAILED_REGISTRATION,
  READY
}
