package dev.trackway.domain.trace;

import java.util.List;

/**
 * A trace with its spans: the info and the stored span contents, root spans first, then by start
 * time.
 */
public record Trace(TraceInfo info, List<String> spanContents) {}
