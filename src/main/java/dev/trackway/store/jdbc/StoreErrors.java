package dev.trackway.store.jdbc;

import dev.trackway.error.MlflowException;

/** MLflow's messages for what the stores find missing or in the wrong state. */
final class StoreErrors {
  private StoreErrors() {}

  static MlflowException experimentNotFound(String experimentId) {
    return MlflowException.resourceDoesNotExist("No Experiment with id=%s exists", experimentId);
  }

  static MlflowException experimentExists(String name) {
    return MlflowException.resourceAlreadyExists("Experiment(name=%s) already exists.", name);
  }

  static MlflowException runNotFound(String runId) {
    return MlflowException.resourceDoesNotExist("Run with id=%s not found", runId);
  }

  /** The experiment or run must be active: INVALID_PARAMETER_VALUE otherwise. */
  static void requireActive(String entity, Object id, String stage) {
    if (!JdbcExperimentStore.ACTIVE.equals(stage)) {
      throw MlflowException.invalidParameterValue(
          "The %s %s must be in the 'active' state. Current state is %s.", entity, id, stage);
    }
  }
}
