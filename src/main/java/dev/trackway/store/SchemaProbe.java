package dev.trackway.store;

/** A cheap round trip to the metadata database, for readiness checks. */
public interface SchemaProbe {

  /** The schema revision ({@code alembic_version}), read within {@code timeoutSeconds}. */
  String schemaRevision(int timeoutSeconds);

  /** The database kind, for operators ({@code sqlite}, {@code mysql}). */
  String vendor();
}
