package dev.trackway.domain;

import java.util.List;

/**
 * MLflow's ViewType (proto numbers 1, 2, 3) and the lifecycle stages each one selects, as in
 * MLflow's {@code LifecycleStage.view_type_to_stages}.
 */
public enum ViewType {
  ACTIVE_ONLY(1, List.of("active")),
  DELETED_ONLY(2, List.of("deleted")),
  ALL(3, List.of("active", "deleted"));

  private final int number;
  private final List<String> stages;

  ViewType(int number, List<String> stages) {
    this.number = number;
    this.stages = stages;
  }

  /** The proto enum number. */
  public int number() {
    return number;
  }

  /** The {@code lifecycle_stage} values this view selects. */
  public List<String> lifecycleStages() {
    return stages;
  }

  /**
   * Parses a view type given by name ({@code ACTIVE_ONLY}, {@code DELETED_ONLY}, {@code ALL}, in
   * any case) or proto number ({@code 1}, {@code 2}, {@code 3}). Null or empty means {@code
   * ACTIVE_ONLY}. Anything else is an {@link IllegalArgumentException}.
   */
  public static ViewType parse(String nameOrNumber) {
    if (nameOrNumber == null || nameOrNumber.isBlank()) {
      return ACTIVE_ONLY;
    }
    String s = nameOrNumber.strip();
    for (ViewType v : values()) {
      if (v.name().equalsIgnoreCase(s) || String.valueOf(v.number).equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "Invalid view type '"
            + nameOrNumber
            + "'. Valid view types are ACTIVE_ONLY (1), DELETED_ONLY (2) and ALL (3).");
  }
}
