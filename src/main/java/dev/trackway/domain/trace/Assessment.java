package dev.trackway.domain.trace;

import java.util.Map;

/**
 * An assessment of a trace (MLflow's {@code mlflow.assessments.Assessment}), as stored in {@code
 * assessments}: the value and error as the JSON text MLflow writes.
 *
 * @param type {@code feedback}, {@code expectation} or {@code issue}
 * @param value the value as Python JSON text ({@code 0.7}, {@code "yes"}, {@code ["a", "b"]})
 * @param error a feedback's error as JSON text, or null
 * @param sourceType {@code HUMAN}, {@code LLM_JUDGE}, {@code CODE} or {@code
 *     SOURCE_TYPE_UNSPECIFIED}
 * @param metadata string metadata, null when there is none
 */
public record Assessment(
    String assessmentId,
    String traceId,
    String name,
    String type,
    String value,
    String error,
    long createdTimestampMs,
    long lastUpdatedTimestampMs,
    String sourceType,
    String sourceId,
    String runId,
    String spanId,
    String rationale,
    String overrides,
    boolean valid,
    Map<String, String> metadata) {

  public static final String FEEDBACK = "feedback";
  public static final String EXPECTATION = "expectation";
  public static final String ISSUE = "issue";

  /**
   * This assessment as a new one is stored: under {@code id} on {@code traceId}, the times it lacks
   * (0) set to {@code now}, valid.
   */
  public Assessment asNew(String id, String traceId, long now) {
    return new Assessment(
        id,
        traceId,
        name,
        type,
        value,
        error,
        createdTimestampMs == 0 ? now : createdTimestampMs,
        lastUpdatedTimestampMs == 0 ? now : lastUpdatedTimestampMs,
        sourceType,
        sourceId,
        runId,
        spanId,
        rationale,
        overrides,
        true,
        metadata);
  }
}
