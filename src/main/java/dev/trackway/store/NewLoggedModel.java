package dev.trackway.store;

import dev.trackway.domain.KeyValue;
import java.util.List;

/**
 * A logged model to create.
 *
 * @param experimentId its experiment
 * @param name its name (null: a generated one)
 * @param modelType its model type, or null
 * @param sourceRunId the run it came from, or null
 * @param params its params
 * @param tags its tags (a key given twice is refused)
 */
public record NewLoggedModel(
    String experimentId,
    String name,
    String modelType,
    String sourceRunId,
    List<KeyValue> params,
    List<KeyValue> tags) {}
