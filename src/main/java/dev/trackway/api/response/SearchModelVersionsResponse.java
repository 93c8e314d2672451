package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.ModelVersion;
import java.util.List;

/** MLflow's {@code SearchModelVersions.Response} (empty fields are left out, as protobuf does). */
public record SearchModelVersionsResponse(
    @JsonInclude(NON_EMPTY) List<ModelVersion> modelVersions,
    @JsonInclude(NON_EMPTY) String nextPageToken) {}
