package dev.trackway.domain;

/** MLflow's {@code RunInfo} message; {@code run_uuid} is sent alongside {@code run_id}. */
public record RunInfo(
    String runUuid,
    String experimentId,
    String runName,
    String userId,
    String status,
    Long startTime,
    Long endTime,
    String artifactUri,
    String lifecycleStage,
    String runId) {}
