package dev.trackway.api.response;

import dev.trackway.api.response.trace.AssessmentMessage;

/** MLflow's {@code UpdateAssessment.Response}. */
public record UpdateAssessmentResponse(AssessmentMessage assessment) {}
