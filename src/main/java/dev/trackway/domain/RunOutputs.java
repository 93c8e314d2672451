package dev.trackway.domain;

import java.util.List;

/** MLflow's {@code RunOutputs} message. */
public record RunOutputs(List<ModelIo> modelOutputs) {
  public RunOutputs {
    modelOutputs = Lists.orNull(modelOutputs);
  }
}
