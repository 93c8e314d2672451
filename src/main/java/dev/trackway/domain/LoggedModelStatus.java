package dev.trackway.domain;

/** MLflow's {@code LoggedModelStatus} enum; proto numbers 0 to 3 in this order. */
public enum LoggedModelStatus {
  LOGGED_MODEL_STATUS_UNSPECIFIED,
  LOGGED_MODEL_PENDING,
  LOGGED_MODEL_READY,
  LOGGED_MODEL_UPLOAD_FAILED;

  public int number() {
    return ordinal();
  }
}
