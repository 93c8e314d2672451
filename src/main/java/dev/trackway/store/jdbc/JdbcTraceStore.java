package dev.trackway.store.jdbc;

import dev.trackway.store.TraceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link TraceStore} on MLflow 3.18's trace tables with plain JDBC, composed of its parts: {@link
 * JdbcTraceInfoStore} (trace rows, metadata, search), {@link JdbcTraceEditStore} (tags, deletes,
 * links), {@link JdbcSpanStore} (OTLP span ingest, spans of traces), {@link JdbcAssessmentStore}
 * and {@link JdbcTraceMetricsStore} (the UI's dashboard queries).
 *
 * <p>Built for volume: one OTLP export request is one transaction of a fixed number of statements
 * (JDBC batches, multi-row on MySQL) whatever its number of spans and traces; a search page is one
 * statement plus one per child table.
 */
@ApplicationScoped
public class JdbcTraceStore
    implements JdbcTraceInfoStore,
        JdbcTraceEditStore,
        JdbcSpanStore,
        JdbcAssessmentStore,
        JdbcTraceMetricsStore {
  @Inject Database db;

  @Override
  public Database db() {
    return db;
  }
}
