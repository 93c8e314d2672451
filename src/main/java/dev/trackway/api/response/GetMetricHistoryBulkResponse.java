package dev.trackway.api.response;

import dev.trackway.domain.MetricWithRunId;
import java.util.List;

/**
 * The web UI's get-history-bulk answer (a plain JSON handler in MLflow: {@code metrics} is present
 * even when empty).
 */
public record GetMetricHistoryBulkResponse(List<MetricWithRunId> metrics) {}
