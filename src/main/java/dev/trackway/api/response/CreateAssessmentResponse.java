package dev.trackway.api.response;

import dev.trackway.api.response.trace.AssessmentMessage;

/** MLflow's {@code CreateAssessment.Response}. */
public record CreateAssessmentResponse(AssessmentMessage assessment) {}
