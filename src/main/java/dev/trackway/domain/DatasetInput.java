package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code DatasetInput} message. */
public record DatasetInput(List<KeyValue> tags, Dataset dataset) {
  public DatasetInput {
    tags = Lists.orNull(tags);
  }
}
