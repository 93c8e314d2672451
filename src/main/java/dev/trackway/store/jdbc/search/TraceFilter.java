package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyLiteralList;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's trace search grammar ({@code SearchTraceUtils}): filter clauses resolved to an entity
 * (attribute, tag, request_metadata, span, feedback, expectation, issue), a key and a value, with
 * MLflow's key rewriting ({@code name} is the tag {@code mlflow.traceName}, {@code run_id} the
 * metadata {@code mlflow.sourceRun}, {@code text} the span content, {@code timestamp} is {@code
 * timestamp_ms}, ...), and order_by keys. Messages are MLflow's.
 */
final class TraceFilter {
  static final String ATTRIBUTE = "attribute";
  static final String TAG = "tag";
  static final String METADATA = "request_metadata";
  static final String SPAN = "span";
  static final String FEEDBACK = "feedback";
  static final String EXPECTATION = "expectation";
  static final String ISSUE = "issue";

  /** The time attributes and status, in both the filter and the order_by grammar. */
  private static final List<String> TIME_AND_STATUS =
      List.of(
          "timestamp",
          "timestamp_ms",
          "execution_time",
          "execution_time_ms",
          "end_time",
          "end_time_ms",
          "status");

  static final Set<String> SEARCH_ATTRIBUTES =
      SearchGrammar.orderedSet(
          List.of("request_id"),
          TIME_AND_STATUS,
          List.of("client_request_id", "name", "run_id", "prompt", "text"));
  static final Set<String> ORDER_BY_ATTRIBUTES =
      SearchGrammar.orderedSet(
          List.of("experiment_id"), TIME_AND_STATUS, List.of("request_id", "name", "run_id"));
  static final Set<String> NUMERIC_ATTRIBUTES =
      SearchGrammar.orderedSet(
          "timestamp_ms",
          "timestamp",
          "execution_time_ms",
          "execution_time",
          "end_time_ms",
          "end_time");
  static final Set<String> TAG_COMPARATORS =
      SearchGrammar.orderedSet("!=", "=", "LIKE", "ILIKE", "RLIKE", "IS NULL", "IS NOT NULL");
  static final Set<String> METADATA_COMPARATORS = TAG_COMPARATORS;
  static final Set<String> STRING_ATTRIBUTE_COMPARATORS =
      SearchGrammar.orderedSet("!=", "=", "IN", "NOT IN", "LIKE", "ILIKE", "RLIKE");
  static final Set<String> NUMERIC_ATTRIBUTE_COMPARATORS =
      SearchGrammar.orderedSet(">", ">=", "!=", "=", "<", "<=");
  static final Set<String> SPAN_COMPARATORS = STRING_ATTRIBUTE_COMPARATORS;
  static final Set<String> SPAN_CONTENT_COMPARATORS = SearchGrammar.orderedSet("LIKE", "ILIKE");
  static final Set<String> NUMERIC_ASSESSMENT_COMPARATORS =
      SearchGrammar.orderedSet(">", ">=", "<", "<=");
  static final Set<String> ASSESSMENT_COMPARATORS =
      SearchGrammar.orderedSet(
          "!=", "=", ">", ">=", "<", "<=", "LIKE", "ILIKE", "RLIKE", "IS NULL", "IS NOT NULL");
  static final Set<String> SPAN_KEYS = SearchGrammar.orderedSet("name", "type", "status");
  static final Set<String> IN_SUPPORTED_ATTRIBUTES =
      SearchGrammar.orderedSet("name", "status", "request_id", "run_id", "client_request_id");
  private static final Map<String, String> ALTERNATE_ENTITIES =
      Map.of(
          "tags", TAG,
          "attributes", ATTRIBUTE,
          "trace", ATTRIBUTE,
          "metadata", METADATA);
  static final Set<String> VALID_ENTITIES =
      SearchGrammar.orderedSet(
          TAG,
          METADATA,
          ATTRIBUTE,
          SPAN,
          FEEDBACK,
          EXPECTATION,
          ISSUE,
          "tags",
          "attributes",
          "trace",
          "metadata");

  static final String LINKED_PROMPTS_TAG = "mlflow.linkedPrompts";
  static final String SOURCE_RUN = "mlflow.sourceRun";

  private TraceFilter() {}

  /**
   * One resolved clause: the comparator as written is kept for MLflow's checks that use it raw;
   * {@link #comparator()} is upper-cased. The value is a String, Long, Double or List of String
   * (null for IS [NOT] NULL).
   */
  record Clause(String type, String key, String rawComparator, Object value) {
    String comparator() {
      return rawComparator.toUpperCase(Locale.ROOT);
    }
  }

  record OrderKey(String type, String key, boolean ascending) {}

  static List<Clause> parse(String filter) {
    List<RawComparison> raw = FilterSyntax.parseFilter(filter, InvalidClauseStyle.QUOTED);
    List<Clause> out = new ArrayList<>(raw.size());
    for (RawComparison r : raw) {
      out.add(rewriteKey(resolve(r)));
    }
    return out;
  }

  static OrderKey parseOrderBy(String orderBy) {
    FilterSyntax.OrderByToken t = FilterSyntax.parseOrderBy(orderBy);
    String[] id = identifier(t.identifier(), ORDER_BY_ATTRIBUTES);
    Clause c = rewriteKey(new Clause(id[0], id[1], "=", null));
    return new OrderKey(c.type(), c.key(), t.ascending());
  }

  private static Clause resolve(RawComparison raw) {
    if (raw.isNullCheck()) {
      String[] id = identifier(raw.left().text(), SEARCH_ATTRIBUTES);
      return new Clause(id[0], id[1], raw.comparator().toUpperCase(Locale.ROOT), null);
    }
    if (!(raw.left() instanceof Operand.Identifier)) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparison clause. Expected 'Identifier' found '" + raw.left().text() + "'");
    }
    String[] id = identifier(raw.left().text(), SEARCH_ATTRIBUTES);
    String type = id[0];
    String key = id[1];
    String comparator = raw.comparator();
    validateAssessmentValue(type, comparator, raw.right());
    Object value = value(type, key, raw.right());
    if (type.equals(SPAN)) {
      checkSpan(key, comparator);
    }
    return new Clause(type, key, comparator, value);
  }

  /** {@code entity.key} split at the first period; returns {type, key}. */
  static String[] identifier(String text, Set<String> validAttributes) {
    int dot = text.indexOf('.');
    String entity = dot < 0 ? ATTRIBUTE : text.substring(0, dot);
    String key = dot < 0 ? text : text.substring(dot + 1);
    String type = entityType(entity);
    key = SearchGrammar.trimBackticks(SearchGrammar.stripQuotes(key));
    if (type.equals(ATTRIBUTE) && !validAttributes.contains(key)) {
      throw MlflowException.invalidParameterValue(
          "Invalid attribute key '%s' specified. Valid keys are '%s'",
          key, PyRepr.set(validAttributes));
    }
    return new String[] {type, key};
  }

  private static String entityType(String entity) {
    String e = SearchGrammar.trimBackticks(entity);
    if (!VALID_ENTITIES.contains(e)) {
      throw MlflowException.invalidParameterValue(
          "Invalid entity type '%s'. Valid values are %s", e, PyRepr.set(VALID_ENTITIES));
    }
    return ALTERNATE_ENTITIES.getOrDefault(e, e);
  }

  /** MLflow's key rewriting (not for span clauses), on the lower-cased key. */
  static Clause rewriteKey(Clause c) {
    if (c.type().equals(SPAN)) {
      return c;
    }
    String lower = c.key().toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "name" -> new Clause(TAG, TraceKeys.TRACE_NAME, c.rawComparator(), c.value());
      case "prompt" -> new Clause(TAG, LINKED_PROMPTS_TAG, c.rawComparator(), c.value());
      case "run_id" -> new Clause(METADATA, SOURCE_RUN, c.rawComparator(), c.value());
      case "text" -> new Clause(SPAN, "content", c.rawComparator(), c.value());
      case "timestamp" -> new Clause(c.type(), "timestamp_ms", c.rawComparator(), c.value());
      case "execution_time" ->
          new Clause(c.type(), "execution_time_ms", c.rawComparator(), c.value());
      case "end_time" -> new Clause(c.type(), "end_time_ms", c.rawComparator(), c.value());
      default -> c;
    };
  }

  private static void validateAssessmentValue(String type, String comparator, Operand token) {
    if (!type.equals(FEEDBACK) && !type.equals(EXPECTATION)) {
      return;
    }
    boolean numeric = NUMERIC_ASSESSMENT_COMPARATORS.contains(comparator);
    String msg =
        numeric
            ? "Expected a numeric value for "
                + type
                + " when using comparator '"
                + comparator
                + "'. Got value "
                + token.text()
            : "Expected a quoted string value for "
                + type
                + " (e.g. 'my-value'). Got value "
                + token.text();
    if (SearchGrammar.isStringToken(token)) {
      if (numeric) {
        throw MlflowException.invalidParameterValue(msg);
      }
    } else if (token instanceof Operand.NumberLiteral) {
      if (!numeric) {
        throw MlflowException.invalidParameterValue(msg);
      }
    } else {
      throw MlflowException.invalidParameterValue(msg);
    }
  }

  private static Object value(String type, String key, Operand token) {
    boolean string = SearchGrammar.isStringToken(token);
    switch (type) {
      case TAG, SPAN -> {
        if (string) {
          return SearchGrammar.quotedString(token.text());
        }
        if (token instanceof Operand.Parenthesis) {
          return PyLiteralList.parse(token.text());
        }
        throw quotedExpected(type, token);
      }
      case ATTRIBUTE -> {
        if (string) {
          return SearchGrammar.quotedString(token.text());
        }
        if (token instanceof Operand.Parenthesis) {
          if (!IN_SUPPORTED_ATTRIBUTES.contains(key)) {
            throw MlflowException.invalidParameterValue(
                "Only attributes in %s supports comparison with a list of quoted string values.",
                PyRepr.set(IN_SUPPORTED_ATTRIBUTES));
          }
          return PyLiteralList.parse(token.text());
        }
        if (token instanceof Operand.NumberLiteral n) {
          if (!NUMERIC_ATTRIBUTES.contains(key)) {
            throw MlflowException.invalidParameterValue(
                "Only the '%s' attributes support comparison with numeric values.",
                PyRepr.set(NUMERIC_ATTRIBUTES));
          }
          return number(n);
        }
        throw MlflowException.invalidParameterValue(
            "Expected a quoted string value or a list of quoted string values for attributes."
                + " Got value "
                + token.text());
      }
      case METADATA, ISSUE -> {
        if (string) {
          return SearchGrammar.quotedString(token.text());
        }
        throw quotedExpected(type, token);
      }
      case FEEDBACK, EXPECTATION -> {
        if (string) {
          return SearchGrammar.quotedString(token.text());
        }
        if (token instanceof Operand.NumberLiteral n) {
          return number(n);
        }
        throw MlflowException.invalidParameterValue(
            "Expected a quoted string value or numeric value for %s (e.g. 'my-value' or 0.8)."
                + " Got value %s",
            type, token.text());
      }
      default -> throw new IllegalStateException(type);
    }
  }

  private static Object number(Operand.NumberLiteral n) {
    return new Value.Num(n.text(), n.integer()).bindValue();
  }

  private static MlflowException quotedExpected(String type, Operand token) {
    return MlflowException.invalidParameterValue(
        "Expected a quoted string value for %s (e.g. 'my-value'). Got value %s",
        type, token.text());
  }

  /** MLflow's {@code is_span} check (applied with the comparator as written, then upper-cased). */
  static void checkSpan(String key, String comparator) {
    if (key.startsWith("attributes.")) {
      if (key.length() == "attributes.".length()) {
        throw MlflowException.invalidParameterValue(
            "Span attribute name cannot be empty after 'attributes.'");
      }
      if (!SPAN_COMPARATORS.contains(comparator)) {
        throw spanComparator(key, comparator, SPAN_COMPARATORS);
      }
    } else if (SPAN_KEYS.contains(key)) {
      if (!SPAN_COMPARATORS.contains(comparator)) {
        throw spanComparator(key, comparator, SPAN_COMPARATORS);
      }
    } else if (key.equals("content")) {
      if (!SPAN_CONTENT_COMPARATORS.contains(comparator)) {
        throw spanComparator(key, comparator, SPAN_CONTENT_COMPARATORS);
      }
    } else {
      throw MlflowException.invalidParameterValue(
          "Invalid span attribute '%s'. Supported attributes: name, status, type,"
              + " attributes.<attribute_name>.",
          key);
    }
  }

  private static MlflowException spanComparator(String key, String comparator, Set<String> valid) {
    return MlflowException.invalidParameterValue(
        "span.%s comparator '%s' not one of '%s'", key, comparator, PyRepr.set(valid));
  }

  static MlflowException invalidComparator(String comparator, Set<String> valid) {
    return MlflowException.invalidParameterValue(
        "Invalid comparator '%s' not one of '%s'", comparator, PyRepr.set(valid));
  }
}
