package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.Experiment;
import java.util.List;

/** MLflow's {@code SearchExperiments.Response} (empty fields are left out, as protobuf does). */
public record SearchExperimentsResponse(
    @JsonInclude(NON_EMPTY) List<Experiment> experiments,
    @JsonInclude(NON_EMPTY) String nextPageToken) {}
