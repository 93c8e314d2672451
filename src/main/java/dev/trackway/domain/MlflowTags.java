package dev.trackway.domain;

/** Reserved tag keys and fixed values MLflow gives meaning to. */
public final class MlflowTags {
  private MlflowTags() {}

  /** The run name, kept in step with {@code runs.name}. */
  public static final String RUN_NAME = "mlflow.runName";

  /** A dataset input's context ({@code training}, {@code eval}...). */
  public static final String DATASET_CONTEXT = "mlflow.data.context";

  /** On a logged model: the registered versions made from it (a JSON list). */
  public static final String MODEL_VERSIONS = "mlflow.modelVersions";

  /** On a registered model / version: marks it as a prompt. */
  public static final String IS_PROMPT = "mlflow.prompt.is_prompt";

  /** On a prompt version: its template text. */
  public static final String PROMPT_TEXT = "mlflow.prompt.text";

  /** MLflow 3's single workspace of an unpartitioned server. */
  public static final String DEFAULT_WORKSPACE = "default";
}
