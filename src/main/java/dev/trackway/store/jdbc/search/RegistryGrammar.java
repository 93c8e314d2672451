package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyLiteralList;
import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
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

  private static final Set<String> ENTITY_TYPES = Set.of("attribute", "tag", "tags");

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
    if (!(raw.left() instanceof Operand.Identifier)) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparison clause. Expected 'Identifier' found '" + raw.left().text() + "'");
    }
    Identifier id = identifier(raw.left().text(), searchAttributes);
    String comparator = raw.comparator().toUpperCase(Locale.ROOT);
    Value value = value(id.type(), id.key(), raw.right());
    return new Comparison(id.type(), id.key(), comparator, value);
  }

  /**
   * MLflow checks the attribute key before removing quotes (so a quoted attribute name is not
   * valid) and does not accept backquoted entity types here.
   */
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
      key = text.substring(dot + 1);
      if (!ENTITY_TYPES.contains(prefix)) {
        throw MlflowException.invalidParameterValue(
            "Invalid entity type '"
                + prefix
                + "'. Valid entity types are ('attribute', 'tag', 'tags')");
      }
      type = prefix.equals("attribute") ? EntityType.ATTRIBUTE : EntityType.TAG;
    }
    if (type == EntityType.ATTRIBUTE && !validAttributes.contains(key)) {
      throw MlflowException.invalidParameterValue(
          "Invalid attribute key '"
              + key
              + "' specified. Valid keys are '"
              + PyRepr.set(validAttributes)
              + "'");
    }
    return new Identifier(type, trimBackticks(stripQuotes(key)));
  }

  @Override
  Value value(EntityType type, String key, Operand token) {
    if (type == EntityType.TAG) {
      if (isStringToken(token)) {
        return new Value.Str(quotedString(token.text()));
      }
      throw MlflowException.invalidParameterValue(
          "Expected a quoted string value for tag (e.g. 'my-value'). Got value " + token.text());
    }
    if (isStringToken(token)) {
      return new Value.Str(quotedString(token.text()));
    }
    if (token instanceof Operand.Parenthesis) {
      if (!listSupportedKeys.contains(key)) {
        throw MlflowException.invalidParameterValue(
            "Only "
                + PyRepr.list(listSupportedKeys.stream().sorted().toList())
                + " attributes support comparison with a list of quoted string values.");
      }
      return new Value.StrList(PyLiteralList.parse(token.text()));
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

  /** Registry filters accept no null checks; kept for completeness of the base contract. */
  @Override
  void checkNullComparisonAllowed(Identifier id) {
    throw MlflowException.invalidParameterValue(
        "IS NULL / IS NOT NULL is not supported for " + entityLabel + " search.");
  }
}
