package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.Metric;
import java.util.List;

/** MLflow's {@code GetMetricHistory.Response} (empty fields are left out, as protobuf does). */
public record GetMetricHistoryResponse(
    @JsonInclude(NON_EMPTY) List<Metric> metrics, @JsonInclude(NON_EMPTY) String nextPageToken) {}
