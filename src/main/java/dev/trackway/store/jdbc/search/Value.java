package dev.trackway.store.jdbc.search;

import java.util.List;

/** The right-hand side of a parsed comparison. */
sealed interface Value {

  /** A quoted string value, quotes removed (no unescaping, as in MLflow). */
  record Str(String value) implements Value {}

  /**
   * A number as written (MLflow keeps metric values as text and converts them to float when
   * building SQL; numeric attributes become int or float).
   */
  record Num(String text, boolean integer) implements Value {
    /** The value to bind: a {@link Long} for integers that fit, else a {@link Double}. */
    Object bindValue() {
      if (integer) {
        try {
          return Long.parseLong(text);
        } catch (NumberFormatException e) {
          return Double.parseDouble(text);
        }
      }
      return Double.parseDouble(text);
    }

    double doubleValue() {
      return Double.parseDouble(text);
    }
  }

  /** A parenthesised list of quoted strings, for {@code IN} / {@code NOT IN}. */
  record StrList(List<String> values) implements Value {}

  /** No value: {@code IS NULL} / {@code IS NOT NULL}. */
  record None() implements Value {}
}
