package dev.trackway.store.jdbc.search;

import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import java.util.List;
import java.util.Set;

/**
 * The grammar of MLflow's {@code SearchExperimentsUtils}: attributes {@code name}, {@code
 * experiment_id}, {@code creation_time}, {@code last_update_time} and {@code tags.<key>} only;
 * {@code IN} lists only for {@code experiment_id}; {@code IS [NOT] NULL} only for tags.
 */
final class ExperimentGrammar extends SearchGrammar {

  static final Set<String> ATTRIBUTES =
      orderedSet("name", "experiment_id", "creation_time", "last_update_time");

  private static final List<String> PREFIXES = List.of("attribute", "attributes", "tag", "tags");

  static final ExperimentGrammar INSTANCE = new ExperimentGrammar();

  private ExperimentGrammar() {
    super(
        ATTRIBUTES,
        ATTRIBUTES,
        orderedSet("creation_time", "last_update_time"),
        Set.of("experiment_id"),
        InvalidClauseStyle.PLAIN);
  }

  @Override
  EntityType entityType(String prefix) {
    requirePrefix(prefix, PREFIXES);
    return super.entityType(prefix);
  }

  @Override
  void checkNullComparisonAllowed(Identifier id) {
    if (id.type() != EntityType.TAG) {
      throw MlflowException.invalidParameterValue(
          "IS NULL / IS NOT NULL is only supported for tags, not for attribute '" + id.key() + "'");
    }
  }
}
