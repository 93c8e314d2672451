package dev.trackway.domain;

/** MLflow's lifecycle stages of experiments and runs, as stored in {@code lifecycle_stage}. */
public enum LifecycleStage {
  ACTIVE("active"),
  DELETED("deleted");

  private final String value;

  LifecycleStage(String value) {
    this.value = value;
  }

  /** The stored and wire value ({@code active}, {@code deleted}). */
  public String value() {
    return value;
  }

  /** The stage of a stored value, or null for an unknown one. */
  public static LifecycleStage fromValue(String value) {
    for (LifecycleStage s : values()) {
      if (s.value.equals(value)) {
        return s;
      }
    }
    return null;
  }
}
