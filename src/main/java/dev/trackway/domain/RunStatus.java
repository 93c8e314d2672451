package dev.trackway.domain;

/** MLflow's {@code RunStatus} enum with its proto numbers. */
public enum RunStatus {
  RUNNING(1),
  SCHEDULED(2),
  FINISHED(3),
  FAILED(4),
  KILLED(5);

  private final int number;

  RunStatus(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** A status by name or proto number ({@code "FINISHED"} or {@code "3"}); null if neither. */
  public static RunStatus fromNameOrNumber(String s) {
    for (RunStatus r : values()) {
      if (r.name().equals(s) || Integer.toString(r.number).equals(s)) {
        return r;
      }
    }
    return null;
  }
}
