package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code RunInputs} message. */
public record RunInputs(List<DatasetInput> datasetInputs, List<ModelIo> modelInputs) {
  public RunInputs {
    datasetInputs = Lists.orNull(datasetInputs);
    modelInputs = Lists.orNull(modelInputs);
  }
}
