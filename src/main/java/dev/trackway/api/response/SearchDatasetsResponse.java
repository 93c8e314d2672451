package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.DatasetSummary;
import java.util.List;

/** The web UI's search-datasets answer (a hand-written route in MLflow). */
public record SearchDatasetsResponse(
    @JsonInclude(NON_EMPTY) List<DatasetSummary> datasetSummaries) {}
