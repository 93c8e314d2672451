package dev.trackway.domain;

/** MLflow's {@code RunStatus} enum; proto numbers 1 to 5 in this order. */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED;

  public int number() {
    return ordinal() + 1;
  }

  /** A status by name or proto number ({@code "FINISHED"} or {@code "3"}); null if neither. */
  public static RunStatus fromNameOrNumber(String s) {
    for (RunStatus r : values()) {
      if (r.name().equals(s) || Integer.toString(r.number()).equals(s)) {
        return r;
      }
    }
    return null;
  }
}
