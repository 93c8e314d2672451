package dev.trackway.api.response;

import dev.trackway.api.response.trace.AssessmentMessage;

/** MLflow's {@code GetAssessmentRequest.Response}. */
public record GetAssessmentResponse(AssessmentMessage assessment) {}
