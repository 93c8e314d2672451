package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.MetricWithRunId;
import java.util.List;

/**
 * MLflow's {@code GetMetricHistoryBulkInterval.Response} (empty fields are left out, as protobuf
 * does).
 */
public record GetMetricHistoryBulkIntervalResponse(
    @JsonInclude(NON_EMPTY) List<MetricWithRunId> metrics) {}
