package dev.trackway.domain;

import java.util.List;

/**
 * MLflow's review queue ({@code review_queues.proto}): a reviewer's worklist of traces in one
 * experiment. {@code queueType} is the proto name ({@code USER}, {@code CUSTOM}).
 */
public record ReviewQueue(
    String queueId,
    String experimentId,
    String name,
    String queueType,
    String createdBy,
    long creationTimeMs,
    long lastUpdateTimeMs,
    List<String> users,
    List<String> schemaIds) {}
