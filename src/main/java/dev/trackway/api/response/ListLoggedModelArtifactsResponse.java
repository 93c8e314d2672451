package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.FileInfo;
import java.util.List;

/**
 * MLflow's {@code ListLoggedModelArtifacts.Response} (empty fields are left out, as protobuf does).
 */
public record ListLoggedModelArtifactsResponse(
    String rootUri, @JsonInclude(NON_EMPTY) List<FileInfo> files) {}
