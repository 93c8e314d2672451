package dev.trackway.api.response;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.trackway.domain.FileInfo;
import java.util.List;

/**
 * MLflow's {@code ListArtifacts.Response} of the tracking service ({@code root_uri} and the
 * run-relative files) and of the proxied artifact service (the files only, {@code root_uri} null).
 */
public record ListArtifactsResponse(String rootUri, @JsonInclude(NON_EMPTY) List<FileInfo> files) {}
