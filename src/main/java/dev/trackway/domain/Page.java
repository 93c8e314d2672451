package dev.trackway.domain;

import java.util.List;

/** One page of a search: its items and the opaque token of the next page (null on the last). */
public record Page<T>(List<T> items, String nextPageToken) {}
