package dev.trackway.api.model;

/** MLflow's {@code Run} message. */
public record Run(RunInfo info, RunData data, RunInputs inputs, RunOutputs outputs) {}
