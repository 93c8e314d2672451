package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.ModelVersion;
import java.util.List;

/** MLflow's {@code GetLatestVersions.Response} (empty fields are left out, as protobuf does). */
public record GetLatestVersionsResponse(@JsonInclude(NON_EMPTY) List<ModelVersion> modelVersions) {}
