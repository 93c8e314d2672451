package dev.trackway.api.response;

/** MLflow's {@code CalculateTraceFilterCorrelation.Response}; an undefined NPMI is left out. */
public record CalculateTraceFilterCorrelationResponse(
    Double npmi,
    Double npmiSmoothed,
    Long filter1Count,
    Long filter2Count,
    Long jointCount,
    Long totalCount) {}
