package dev.trackway.api.response;

import dev.trackway.api.response.trace.MetricDataPoint;
import java.util.List;

/** MLflow's {@code QueryTraceMetrics.Response}. */
public record QueryTraceMetricsResponse(List<MetricDataPoint> dataPoints, String nextPageToken) {}
