package dev.trackway.store.jdbc;

import java.util.Set;

/**
 * The MLflow database schema Trackway creates and serves: the alembic head of the pinned mlflow.
 *
 * <p>On a fresh database {@link SchemaBaseline} creates exactly this schema from the generated
 * baseline ({@code db/schema/sqlite.list}, {@code db/schema/mysql.list}), {@code alembic_version}
 * row included. On an existing database Trackway never changes {@code alembic_version}; it reads it
 * and refuses a revision not in {@link #KNOWN_HEADS}. See docs/adr/0001-mlflow-schema.md, ADR 0012
 * and docs/schema.md.
 */
public final class SchemaVersion {
  private SchemaVersion() {}

  /** The mlflow release whose schema the baseline reproduces. */
  public static final String MLFLOW_VERSION = "3.18.0";

  /** Alembic head of mlflow 3.18.0 (tracking and model registry share one migration history). */
  public static final String ALEMBIC_HEAD = "f4a9b2c7d1e6";

  /** Heads whose schema Trackway serves. */
  public static final Set<String> KNOWN_HEADS = Set.of(ALEMBIC_HEAD);
}
