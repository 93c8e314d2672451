package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyLiteralList;
import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gives the syntactic comparisons of {@link FilterSyntax} their meaning for one searchable entity:
 * which identifiers exist, which values they take. The base class is the grammar of MLflow's {@code
 * SearchUtils} (runs); subclasses narrow it for other entities (see {@link ExperimentGrammar}).
 * Messages are MLflow's wording.
 *
 * <p>Comparator validity is not checked here but when translating to SQL, exactly as MLflow does it
 * (so a filter with a bad comparator and a bad value reports the value first).
 */
class SearchGrammar {

  static final String LIKE = "LIKE";
  static final String ILIKE = "ILIKE";

  static final Set<String> METRIC_COMPARATORS = orderedSet("=", "!=", ">", ">=", "<", "<=");
  static final Set<String> PARAM_COMPARATORS =
      orderedSet("=", "!=", LIKE, ILIKE, "IS NULL", "IS NOT NULL");
  static final Set<String> TAG_COMPARATORS = PARAM_COMPARATORS;
  static final Set<String> STRING_ATTRIBUTE_COMPARATORS =
      orderedSet("=", "!=", LIKE, ILIKE, "IN", "NOT IN");
  static final Set<String> NUMERIC_ATTRIBUTE_COMPARATORS = METRIC_COMPARATORS;
  static final Set<String> DATASET_COMPARATORS = STRING_ATTRIBUTE_COMPARATORS;

  static final Set<String> DATASET_ATTRIBUTES = orderedSet("name", "digest", "context");

  private static final String VALID_ENTITY_TYPES =
      "['metric', 'parameter', 'tag', 'attribute', 'dataset']";

  final Set<String> searchAttributes;
  final Set<String> orderByAttributes;
  final Set<String> numericAttributes;
  final Set<String> listSupportedKeys;
  final InvalidClauseStyle invalidClauseStyle;

  SearchGrammar(
      Set<String> searchAttributes,
      Set<String> orderByAttributes,
      Set<String> numericAttributes,
      Set<String> listSupportedKeys,
      InvalidClauseStyle invalidClauseStyle) {
    this.searchAttributes = searchAttributes;
    this.orderByAttributes = orderByAttributes;
    this.numericAttributes = numericAttributes;
    this.listSupportedKeys = listSupportedKeys;
    this.invalidClauseStyle = invalidClauseStyle;
  }

  static Set<String> orderedSet(String... items) {
    return orderedSet(List.of(items));
  }

  /** The items of the lists, in order, as a set. */
  @SafeVarargs
  static Set<String> orderedSet(List<String>... lists) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  // ---------------------------------------------------------------------------------------------
  // Filter

  /** Parses a filter string (null/empty gives no comparisons). */
  List<Comparison> parseFilter(String filter) {
    List<RawComparison> raw = FilterSyntax.parseFilter(filter, invalidClauseStyle);
    List<Comparison> out = new ArrayList<>(raw.size());
    for (RawComparison r : raw) {
      out.add(resolve(r));
    }
    return out;
  }

  Comparison resolve(RawComparison raw) {
    if (raw.isNullCheck()) {
      Identifier id = identifier(raw.left().text(), searchAttributes);
      checkNullComparisonAllowed(id);
      return new Comparison(id.type(), id.key(), raw.comparator(), new Value.None());
    }
    if (!(raw.left() instanceof Operand.Identifier)) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparison clause. Expected 'Identifier' found '" + raw.left().text() + "'");
    }
    Identifier id = identifier(raw.left().text(), searchAttributes);
    Value value = value(id.type(), id.key(), raw.right());
    return new Comparison(id.type(), id.key(), raw.comparator(), value);
  }

  void checkNullComparisonAllowed(Identifier id) {
    if (id.type() != EntityType.TAG && id.type() != EntityType.PARAM) {
      throw MlflowException.invalidParameterValue(
          "IS NULL / IS NOT NULL is only supported for tags and params, not for '%s' '%s'",
          id.type().mlflowName(), id.key());
    }
  }

  /** An identifier resolved to entity type and key. */
  record Identifier(EntityType type, String key) {}

  /**
   * Splits {@code entity.key} at the first period (a bare name is an attribute), resolves the
   * entity prefix, strips quotes/backquotes from the key and checks attribute and dataset keys.
   */
  Identifier identifier(String text, Set<String> validAttributes) {
    int dot = text.indexOf('.');
    EntityType type = dot < 0 ? EntityType.ATTRIBUTE : entityType(text.substring(0, dot));
    String written = dot < 0 ? text : text.substring(dot + 1);
    String key = trimBackticks(stripQuotes(written));
    String checked = checksKeyAsWritten() ? written : key;
    if (type == EntityType.ATTRIBUTE) {
      checkKey("attribute", checked, validAttributes);
    } else if (type == EntityType.DATASET) {
      checkKey("dataset", checked, DATASET_ATTRIBUTES);
    }
    return new Identifier(type, key);
  }

  /** Whether keys are checked before quotes are removed (MLflow's registry searches do that). */
  boolean checksKeyAsWritten() {
    return false;
  }

  private static void checkKey(String kind, String key, Set<String> valid) {
    if (!valid.contains(key)) {
      throw MlflowException.invalidParameterValue(
          "Invalid %s key '%s' specified. Valid keys are '%s'", kind, key, PyRepr.set(valid));
    }
  }

  /** Checks a raw prefix against the few an entity's grammar allows, with MLflow's message. */
  static void requirePrefix(String prefix, List<String> allowed) {
    if (!allowed.contains(prefix)) {
      throw MlflowException.invalidParameterValue(
          "Invalid entity type '%s'. Valid entity types are %s",
          prefix, PyRepr.tuple(allowed.stream().map(PyRepr::str).toList()));
    }
  }

  /** Resolves an entity prefix (backquotes allowed, case-sensitive, as in MLflow). */
  EntityType entityType(String prefix) {
    String trimmed = trimBackticks(prefix);
    EntityType type = EntityType.ofPrefix(trimmed);
    if (type == null) {
      throw MlflowException.invalidParameterValue(
          "Invalid entity type '" + trimmed + "'. Valid values are " + VALID_ENTITY_TYPES);
    }
    return type;
  }

  static boolean isQuoted(String s, char q) {
    return s.length() >= 2 && s.charAt(0) == q && s.charAt(s.length() - 1) == q;
  }

  static String trimBackticks(String s) {
    return isQuoted(s, '`') ? s.substring(1, s.length() - 1) : s;
  }

  static String stripQuotes(String s) {
    return isQuoted(s, '\'') || isQuoted(s, '"') ? s.substring(1, s.length() - 1) : s;
  }

  /** A value that must be quoted with single or double quotes. */
  static String quotedString(String s) {
    if (isQuoted(s, '\'') || isQuoted(s, '"')) {
      return s.substring(1, s.length() - 1);
    }
    throw MlflowException.invalidParameterValue(
        "Parameter value is either not quoted or unidentified quote types used for string value "
            + s
            + ". Use either single or double quotes.");
  }

  static boolean isStringToken(Operand o) {
    return o instanceof Operand.StringLiteral || o instanceof Operand.Identifier;
  }

  Value value(EntityType type, String key, Operand token) {
    switch (type) {
      case METRIC -> {
        if (token instanceof Operand.NumberLiteral n) {
          return new Value.Num(n.text(), n.integer());
        }
        throw MlflowException.invalidParameterValue(
            "Expected numeric value type for metric. Found " + token.text());
      }
      case PARAM, TAG -> {
        return quotedValue(type, token);
      }
      case ATTRIBUTE -> {
        if (numericAttributes.contains(key)) {
          if (token instanceof Operand.NumberLiteral n) {
            return new Value.Num(n.text(), n.integer());
          }
          throw MlflowException.invalidParameterValue(
              "Expected numeric value type for numeric attribute: "
                  + key
                  + ". Found "
                  + token.text());
        }
        Value value = stringOrList(key, token);
        if (value != null) {
          return value;
        }
        throw MlflowException.invalidParameterValue(
            "Expected a quoted string value for attributes. Got value " + token.text());
      }
      case DATASET -> {
        if (isStringToken(token)) {
          return new Value.Str(quotedString(token.text()));
        }
        if (token instanceof Operand.Parenthesis) {
          return new Value.StrList(PyLiteralList.parse(token.text()));
        }
        throw MlflowException.invalidParameterValue(
            "Expected a quoted string value for dataset attributes. Got value " + token.text());
      }
      default -> throw new IllegalStateException(type.toString());
    }
  }

  /** A param's or tag's value: a quoted string. */
  static Value quotedValue(EntityType type, Operand token) {
    if (isStringToken(token)) {
      return new Value.Str(quotedString(token.text()));
    }
    throw MlflowException.invalidParameterValue(
        "Expected a quoted string value for "
            + type.mlflowName()
            + " (e.g. 'my-value'). Got value "
            + token.text());
  }

  /**
   * An attribute's quoted string, or parenthesised list for the keys that take lists; null for any
   * other operand.
   */
  Value stringOrList(String key, Operand token) {
    if (isStringToken(token)) {
      return new Value.Str(quotedString(token.text()));
    }
    if (!(token instanceof Operand.Parenthesis)) {
      return null;
    }
    if (!listSupportedKeys.contains(key)) {
      throw MlflowException.invalidParameterValue(
          "Only "
              + PyRepr.list(listSupportedKeys.stream().sorted().toList())
              + " attributes support comparison with a list of quoted string values.");
    }
    return new Value.StrList(PyLiteralList.parse(token.text()));
  }

  // ---------------------------------------------------------------------------------------------
  // order_by

  OrderByTerm parseOrderBy(String orderBy) {
    FilterSyntax.OrderByToken t = FilterSyntax.parseOrderBy(orderBy);
    Identifier id = identifier(t.identifier(), orderByAttributes);
    return new OrderByTerm(id.type(), id.key(), t.ascending());
  }

  // ---------------------------------------------------------------------------------------------
  // Comparator checks (done while translating to SQL, as in MLflow's stores)

  static MlflowException invalidComparator(
      String comparator, Set<String> valid, boolean closingQuote) {
    return MlflowException.invalidParameterValue(
        "Invalid comparator '"
            + comparator
            + "' not one of '"
            + PyRepr.set(valid)
            + (closingQuote ? "'" : ""));
  }
}
