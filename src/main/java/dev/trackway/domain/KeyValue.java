package dev.trackway.domain;

/** MLflow's key/value messages (ExperimentTag, RunTag, Param, InputTag) share this shape. */
public record KeyValue(String key, String value) {}
