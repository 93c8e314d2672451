package dev.trackway.store;

import dev.trackway.domain.KeyValue;
import java.util.List;

/**
 * A model version to create.
 *
 * @param name the registered model's name
 * @param source the source MLflow reports
 * @param storageLocation where the files are when that is not the source (null: the source)
 * @param runId the run the version came from, or null
 * @param tags its tags (the last value of a key wins)
 * @param runLink a link to the run, or null
 * @param description its description, or null
 */
public record NewModelVersion(
    String name,
    String source,
    String storageLocation,
    String runId,
    List<KeyValue> tags,
    String runLink,
    String description) {}
