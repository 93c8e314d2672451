package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.Run;
import java.util.List;

/** MLflow's {@code SearchRuns.Response} (empty fields are left out, as protobuf does). */
public record SearchRunsResponse(
    @JsonInclude(NON_EMPTY) List<Run> runs, @JsonInclude(NON_EMPTY) String nextPageToken) {}
