package dev.trackway.store.jdbc.search;

import java.util.Locale;

/**
 * One parsed filter clause, as MLflow's {@code parse_search_filter} returns it: entity type, key
 * (quotes removed, aliases not yet translated), comparator as written, and value.
 */
record Comparison(EntityType type, String key, String comparator, Value value) {
  /** The comparator upper-cased, as MLflow's stores compare it. */
  String upperComparator() {
    return comparator.toUpperCase(Locale.ROOT);
  }
}
