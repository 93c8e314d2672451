package dev.trackway.domain;

/** MLflow's {@code LoggedModelStatus} enum with its proto numbers. */
public enum LoggedModelStatus {
  LOGGED_MODEL_STATUS_UNSPECIFIED(0),
  LOGGED_MODEL_PENDING(1),
  LOGGED_MODEL_READY(2),
  LOGGED_MODEL_UPLOAD_FAILED(3);

  private final int number;

  LoggedModelStatus(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** A status by name or proto number; null if neither. */
  public static LoggedModelStatus fromNameOrNumber(String s) {
    for (LoggedModelStatus v : values()) {
      if (v.name().equals(s) || Integer.toString(v.number).equals(s)) {
        return v;
      }
    }
    return null;
  }
}
