package dev.trackway.store.jdbc;

import dev.trackway.error.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filter of MLflow's evaluation-dataset search, parsed: comparisons joined by {@code AND} on
 * the attributes {@code name}, {@code created_by}, {@code last_updated_by} (strings: {@code = !=
 * LIKE ILIKE}, and {@code name IN (...)}), {@code created_time}, {@code last_update_time} (numbers:
 * {@code = != < <= > >=}) and tags ({@code tags.key} or {@code tags.`key`}: {@code = != LIKE
 * ILIKE}).
 */
final class EvaluationDatasetFilter {
  static final Set<String> ATTRIBUTES =
      Set.of("name", "created_time", "last_update_time", "created_by", "last_updated_by");
  static final Set<String> NUMERIC = Set.of("created_time", "last_update_time");
  static final Set<String> STRING_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE");
  static final Set<String> NUMERIC_COMPARATORS = Set.of("=", "!=", "<", "<=", ">", ">=");

  /** One comparison; {@code value} is a String, a Long or a List of Strings. */
  record Clause(boolean tag, String key, String comparator, Object value) {}

  private final String text;
  private int pos;

  private EvaluationDatasetFilter(String text) {
    this.text = text;
  }

  static List<Clause> parse(String filter) {
    List<Clause> out = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return out;
    }
    EvaluationDatasetFilter p = new EvaluationDatasetFilter(filter);
    while (true) {
      out.add(p.clause());
      p.skipSpace();
      if (p.pos >= p.text.length()) {
        return out;
      }
      String word = p.word();
      if (!word.equalsIgnoreCase("AND")) {
        throw invalid(filter);
      }
    }
  }

  private Clause clause() {
    skipSpace();
    String identifier = identifier();
    boolean tag;
    String key;
    if (identifier.startsWith("tags.")) {
      tag = true;
      key = unquote(identifier.substring(5));
    } else if (identifier.contains(".")) {
      throw MlflowException.invalidParameterValue(
          "Invalid identifier token '%s' specified",
          identifier.substring(0, identifier.indexOf('.')));
    } else {
      tag = false;
      key = unquote(identifier);
      if (!ATTRIBUTES.contains(key)) {
        throw MlflowException.invalidParameterValue(
            "Invalid attribute key '%s' specified. Valid keys are: %s", key, ATTRIBUTES);
      }
    }
    skipSpace();
    String comparator = comparator();
    skipSpace();
    if (comparator.equals("IN")) {
      if (tag || !key.equals("name")) {
        throw MlflowException.invalidParameterValue(
            "List values for 'name' are only supported with the IN comparator.");
      }
      return new Clause(false, key, comparator, list());
    }
    boolean numeric = !tag && NUMERIC.contains(key);
    Set<String> allowed = numeric ? NUMERIC_COMPARATORS : STRING_COMPARATORS;
    if (!allowed.contains(comparator)) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparator '%s' not one of '%s'", comparator, allowed);
    }
    if (numeric) {
      String number = word();
      try {
        return new Clause(false, key, comparator, Long.parseLong(number));
      } catch (NumberFormatException e) {
        throw MlflowException.invalidParameterValue(
            "Invalid numeric value '%s' for attribute '%s'", number, key);
      }
    }
    return new Clause(tag, key, comparator, quoted());
  }

  private String identifier() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '`') {
        int end = text.indexOf('`', pos + 1);
        if (end < 0) {
          throw invalid(text);
        }
        pos = end + 1;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      throw invalid(text);
    }
    return text.substring(start, pos);
  }

  private String comparator() {
    for (String op : List.of("!=", "<=", ">=", "=", "<", ">")) {
      if (text.startsWith(op, pos)) {
        pos += op.length();
        return op;
      }
    }
    String w = word().toUpperCase(Locale.ROOT);
    if (w.equals("LIKE") || w.equals("ILIKE") || w.equals("IN")) {
      return w;
    }
    throw invalid(text);
  }

  private String word() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    if (pos >= text.length() || (text.charAt(pos) != '\'' && text.charAt(pos) != '"')) {
      throw invalid(text);
    }
    char q = text.charAt(pos);
    int end = text.indexOf(q, pos + 1);
    if (end < 0) {
      throw invalid(text);
    }
    String v = text.substring(pos + 1, end);
    pos = end + 1;
    return v;
  }

  private List<String> list() {
    if (pos >= text.length() || text.charAt(pos) != '(') {
      throw invalid(text);
    }
    pos++;
    List<String> values = new ArrayList<>();
    while (true) {
      skipSpace();
      values.add(quoted());
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      if (pos < text.length() && text.charAt(pos) == ')') {
        pos++;
        return values;
      }
      throw invalid(text);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("`") && s.endsWith("`")
        ? s.substring(1, s.length() - 1)
        : s;
  }

  private static MlflowException invalid(String filter) {
    return MlflowException.invalidParameterValue("Invalid filter string '%s'", filter);
  }
}
