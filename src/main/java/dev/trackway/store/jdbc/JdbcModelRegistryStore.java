package dev.trackway.store.jdbc;

import dev.trackway.store.ModelRegistryStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@link ModelRegistryStore} on MLflow's registry tables (all in workspace 'default') with plain
 * JDBC. Each aggregate implements its part of the interface in its own package interface: {@link
 * JdbcRegisteredModelStore} (models and their tags), {@link JdbcModelVersionStore} (versions and
 * their tags) and {@link JdbcAliasStore}; this bean composes them on one {@link Database}. Reads
 * load a page of models or versions first and then each child table once for the whole page.
 */
@ApplicationScoped
public class JdbcModelRegistryStore
    implements JdbcRegisteredModelStore, JdbcModelVersionStore, JdbcAliasStore {
  @Inject Database db;

  @Override
  public Database db() {
    return db;
  }
}
