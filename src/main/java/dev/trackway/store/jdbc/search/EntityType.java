package dev.trackway.store.jdbc.search;

/**
 * The kinds of identifiers of MLflow's search grammar, with the canonical names MLflow uses in
 * parsed filters and messages.
 */
enum EntityType {
  METRIC("metric"),
  PARAM("parameter"),
  TAG("tag"),
  ATTRIBUTE("attribute"),
  DATASET("dataset");

  private final String mlflowName;

  EntityType(String mlflowName) {
    this.mlflowName = mlflowName;
  }

  /** The canonical name ({@code metric}, {@code parameter}, {@code tag}, ...). */
  String mlflowName() {
    return mlflowName;
  }
}
