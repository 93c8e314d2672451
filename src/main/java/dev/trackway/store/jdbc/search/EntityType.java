package dev.trackway.store.jdbc.search;

import java.util.List;

/**
 * The kinds of identifiers of MLflow's search grammar, with the canonical names MLflow uses in
 * parsed filters and messages, and the entity prefixes that name them in a filter ({@code
 * metric.}/{@code metrics.}, {@code attr.}/{@code run.}...).
 */
enum EntityType {
  METRIC("metric", "metric", "metrics"),
  PARAM("parameter", "parameter", "parameters", "param", "params"),
  TAG("tag", "tag", "tags"),
  ATTRIBUTE("attribute", "attribute", "attributes", "attr", "run"),
  DATASET("dataset", "dataset", "datasets");

  private final String mlflowName;
  private final List<String> prefixes;

  EntityType(String mlflowName, String... prefixes) {
    this.mlflowName = mlflowName;
    this.prefixes = List.of(prefixes);
  }

  /** The canonical name ({@code metric}, {@code parameter}, {@code tag}, ...). */
  String mlflowName() {
    return mlflowName;
  }

  /** The entity of a filter prefix (case-sensitive, as in MLflow), or null. */
  static EntityType ofPrefix(String prefix) {
    for (EntityType t : values()) {
      if (t.prefixes.contains(prefix)) {
        return t;
      }
    }
    return null;
  }
}
