package dev.trackway.api.response.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** MLflow's {@code mlflow.assessments.Assessment}. */
public record AssessmentMessage(
    String assessmentId,
    String assessmentName,
    String traceId,
    String spanId,
    Source source,
    String createTime,
    String lastUpdateTime,
    Feedback feedback,
    Expectation expectation,
    Issue issue,
    String rationale,
    Map<String, String> metadata,
    String overrides,
    boolean valid) {

  /** {@code AssessmentSource}. */
  public record Source(String sourceType, String sourceId) {}

  /** {@code AssessmentError}. */
  public record Error(String errorCode, String errorMessage, String stackTrace) {}

  /** {@code Feedback}: the value is a {@code google.protobuf.Value} (any JSON; numbers doubles). */
  public record Feedback(JsonNode value, Error error) {}

  /** {@code Expectation}: a primitive {@code value}, or a JSON {@code serializedValue}. */
  public record Expectation(JsonNode value, SerializedValue serializedValue) {}

  /** {@code Expectation.SerializedValue}. */
  public record SerializedValue(String serializationFormat, String value) {}

  /** {@code IssueReference}. */
  public record Issue(String issueName) {}
}
