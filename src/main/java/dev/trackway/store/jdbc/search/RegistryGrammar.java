package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filter grammar of MLflow's model registry searches ({@code SearchModelUtils} for registered
 * models, {@code SearchModelVersionUtils} for model versions): identifiers are a bare attribute or
 * {@code attribute.}/{@code tag.}/{@code tags.}{@code <key>}; tags take quoted strings; attributes
 * take quoted strings, lists for the list keys, and (model versions only) numbers for the numeric
 * attributes; {@code IS [NOT] NULL} is not supported. Comparators are upper-cased. Messages are
 * MLflow's.
 */
final class RegistryGrammar extends SearchGrammar {

  private static final List<String> PREFIXES = List.of("attribute", "tag", "tags");

  /** {@code SearchModelUtils}: attribute {@code name}, lists for {@code name}. */
  static final RegistryGrammar REGISTERED_MODELS =
      new RegistryGrammar(
          orderedSet("name"),
          orderedSet("creation_timestamp", "last_updated_timestamp"),
          Set.of("name"),
          false,
          "registered model");

  /** {@code SearchModelVersionUtils}. */
  static final RegistryGrammar MODEL_VERSIONS =
      new RegistryGrammar(
          orderedSet("name", "version_number", "run_id", "source_path"),
          orderedSet("creation_timestamp", "last_updated_timestamp", "version_number"),
          Set.of("name", "run_id"),
          true,
          "model version");

  private final boolean numericValues;
  private final String entityLabel;

  private RegistryGrammar(
      Set<String> searchAttributes,
      Set<String> numericAttributes,
      Set<String> listSupportedKeys,
      boolean numericValues,
      String entityLabel) {
    super(
        searchAttributes,
        searchAttributes,
        numericAttributes,
        listSupportedKeys,
        InvalidClauseStyle.PLAIN);
    this.numericValues = numericValues;
    this.entityLabel = entityLabel;
  }

  @Override
  Comparison resolve(RawComparison raw) {
    if (raw.isNullCheck()) {
      throw MlflowException.invalidParameterValue(
          "IS NULL / IS NOT NULL is not supported for " + entityLabel + " search.");
    }
    Comparison c = super.resolve(raw);
    return new Comparison(c.type(), c.key(), c.comparator().toUpperCase(Locale.ROOT), c.value());
  }

  /** No backquoted entity types here: the prefix is taken as written. */
  @Override
  EntityType entityType(String prefix) {
    requirePrefix(prefix, PREFIXES);
    return prefix.equals("attribute") ? EntityType.ATTRIBUTE : EntityType.TAG;
  }

  /** MLflow checks the attribute key before removing quotes (a quoted name is not valid). */
  @Override
  boolean checksKeyAsWritten() {
    return true;
  }

  @Override
  Value value(EntityType type, String key, Operand token) {
    if (type == EntityType.TAG) {
      return quotedValue(type, token);
    }
    Value value = stringOrList(key, token);
    if (value != null) {
      return value;
    }
    if (numericValues && token instanceof Operand.NumberLiteral n) {
      if (!numericAttributes.contains(key)) {
        throw MlflowException.invalidParameterValue(
            "Only the '"
                + PyRepr.set(numericAttributes)
                + "' attributes support comparison with numeric values.");
      }
      return new Value.Num(n.text(), n.integer());
    }
    throw MlflowException.invalidParameterValue(
        "Expected a quoted string value or a list of quoted string values for attributes. Got"
            + " value "
            + token.text());
  }
}
