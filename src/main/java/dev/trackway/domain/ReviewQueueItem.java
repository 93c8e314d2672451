package dev.trackway.domain;

/** One trace of a review queue; {@code itemType} and {@code status} are proto names. */
public record ReviewQueueItem(
    String queueId,
    String itemType,
    String itemId,
    String status,
    String completedBy,
    Long completedTimeMs,
    long creationTimeMs,
    long lastUpdateTimeMs) {}
