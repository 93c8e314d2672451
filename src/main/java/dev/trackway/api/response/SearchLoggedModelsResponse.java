package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.LoggedModel;
import java.util.List;

/** MLflow's {@code SearchLoggedModels.Response} (empty fields are left out, as protobuf does). */
public record SearchLoggedModelsResponse(
    @JsonInclude(NON_EMPTY) List<LoggedModel> models,
    @JsonInclude(NON_EMPTY) String nextPageToken) {}
