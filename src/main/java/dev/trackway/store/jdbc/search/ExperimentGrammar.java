package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import java.util.Set;

/**
 * The grammar of MLflow's {@code SearchExperimentsUtils}: attributes {@code name}, {@code
 * experiment_id}, {@code creation_time}, {@code last_update_time} and {@code tags.<key>} only;
 * {@code IN} lists only for {@code experiment_id}; {@code IS [NOT] NULL} only for tags.
 */
final class ExperimentGrammar extends SearchGrammar {

  static final Set<String> ATTRIBUTES =
      orderedSet("name", "experiment_id", "creation_time", "last_update_time");

  private static final Set<String> ENTITY_TYPES = Set.of("attribute", "attributes", "tag", "tags");

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
  Identifier identifier(String text, Set<String> validAttributes) {
    int dot = text.indexOf('.');
    EntityType type;
    String key;
    if (dot < 0) {
      type = EntityType.ATTRIBUTE;
      key = text;
    } else {
      String prefix = text.substring(0, dot);
      if (!ENTITY_TYPES.contains(prefix)) {
        throw MlflowException.invalidParameterValue(
            "Invalid entity type '"
                + prefix
                + "'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')");
      }
      type = entityType(prefix);
      key = text.substring(dot + 1);
    }
    key = trimBackticks(stripQuotes(key));
    if (type == EntityType.ATTRIBUTE && !validAttributes.contains(key)) {
      throw MlflowException.invalidParameterValue(
          "Invalid attribute key '"
              + key
              + "' specified. Valid keys are '"
              + PyRepr.set(validAttributes)
              + "'");
    }
    return new Identifier(type, key);
  }

  @Override
  void checkNullComparisonAllowed(Identifier id) {
    if (id.type() != EntityType.TAG) {
      throw MlflowException.invalidParameterValue(
          "IS NULL / IS NOT NULL is only supported for tags, not for attribute '" + id.key() + "'");
    }
  }
}
