package dev.trackway.domain;

/** The registry's model version stages, in MLflow's spelling ({@code None}, {@code Staging}...). */
public enum ModelVersionStage {
  NONE("None"),
  STAGING("Staging"),
  PRODUCTION("Production"),
  ARCHIVED("Archived");

  private final String value;

  ModelVersionStage(String value) {
    this.value = value;
  }

  /** The stored and wire spelling. */
  public String value() {
    return value;
  }

  /** The stage named case-insensitively, as MLflow's {@code get_canonical_stage}; else null. */
  public static ModelVersionStage fromName(String name) {
    for (ModelVersionStage s : values()) {
      if (s.value.equalsIgnoreCase(name)) {
        return s;
      }
    }
    return null;
  }

  /** Staging and Production: the stages whose versions may be archived on a transition. */
  public boolean isActive() {
    return this == STAGING || this == PRODUCTION;
  }
}
