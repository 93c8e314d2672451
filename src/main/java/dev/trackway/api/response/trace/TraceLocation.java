package dev.trackway.api.response.trace;

/** MLflow's {@code TraceLocation}: always an experiment in MLflow's open-source server. */
public record TraceLocation(String type, MlflowExperimentLocation mlflowExperiment) {

  /** {@code TraceLocation.MlflowExperimentLocation}. */
  public record MlflowExperimentLocation(String experimentId) {}

  public static TraceLocation experiment(String experimentId) {
    return new TraceLocation("MLFLOW_EXPERIMENT", new MlflowExperimentLocation(experimentId));
  }
}
