package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.RegisteredModel;
import java.util.List;

/**
 * MLflow's {@code SearchRegisteredModels.Response} (empty fields are left out, as protobuf does).
 */
public record SearchRegisteredModelsResponse(
    @JsonInclude(NON_EMPTY) List<RegisteredModel> registeredModels,
    @JsonInclude(NON_EMPTY) String nextPageToken) {}
