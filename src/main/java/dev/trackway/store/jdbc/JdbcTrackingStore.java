package dev.trackway.store.jdbc;

import dev.trackway.config.TrackwayConfig;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link TrackingStore} on MLflow's own tables with plain JDBC. Each aggregate implements its part
 * of the interface in its own package interface: {@link JdbcExperimentStore} (experiments), {@link
 * JdbcRunStore} (runs, params, tags), {@link JdbcMetricStore} (log-batch, latest metrics,
 * histories) and {@link JdbcInputStore} (datasets, model inputs). This bean composes them on one
 * {@link Database}.
 *
 * <p>Hot paths are set-based: log-batch writes in one transaction with JDBC batches (multi-row
 * INSERTs on MySQL), and runs are loaded for a whole page with one query per child table.
 */
@ApplicationScoped
public class JdbcTrackingStore
    implements JdbcExperimentStore, JdbcRunStore, JdbcMetricStore, JdbcInputStore {
  @Inject Database db;
  @Inject TrackwayConfig config;

  @Override
  public Database db() {
    return db;
  }

  @Override
  public TrackwayConfig config() {
    return config;
  }
}
