package dev.trackway.domain;

/** MLflow's {@code Run} message. */
public record Run(RunInfo info, RunData data, RunInputs inputs, RunOutputs outputs) {}
