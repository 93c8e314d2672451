package dev.trackway.store;

import java.util.Set;

/** The MLflow schema revision (alembic head) Trackway creates and serves. */
public final class SchemaVersion {
  private SchemaVersion() {}

  /** Alembic head of mlflow 3.18.0. */
  public static final String ALEMBIC_HEAD = "f4a9b2c7d1e6";

  /** Heads whose schema Trackway serves. */
  public static final Set<String> KNOWN_HEADS = Set.of(ALEMBIC_HEAD);
}
