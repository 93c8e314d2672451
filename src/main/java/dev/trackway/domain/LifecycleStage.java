package dev.trackway.domain;

import java.util.Locale;

/** MLflow's lifecycle stages of experiments and runs, as stored in {@code lifecycle_stage}. */
public enum LifecycleStage {
  ACTIVE,
  DELETED;

  /** The stored and wire value ({@code active}, {@code deleted}). */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
