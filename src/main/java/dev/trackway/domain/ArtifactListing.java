package dev.trackway.domain;

import java.util.List;

/** The artifacts of one directory under an artifact root, and that root's URI. */
public record ArtifactListing(String rootUri, List<FileInfo> files) {}
