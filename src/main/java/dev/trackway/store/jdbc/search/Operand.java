package dev.trackway.store.jdbc.search;

/**
 * One side of a comparison as written in a filter string, before the entity grammar gives it a
 * meaning. {@link #text()} is the raw source text, which MLflow's error messages quote.
 */
sealed interface Operand {
  String text();

  /**
   * A (possibly dotted) identifier such as {@code metrics.acc}, {@code tags.`a b`}, {@code status}
   * or a double-quoted {@code "text"} (which MLflow also accepts as a string value).
   */
  record Identifier(String text) implements Operand {}

  /** A single-quoted string literal, quotes included. */
  record StringLiteral(String text) implements Operand {}

  /** An integer or float literal (sqlparse's Number.Integer / Number.Float). */
  record NumberLiteral(String text, boolean integer) implements Operand {}

  /** A parenthesised group such as {@code ('a', 'b')}, parentheses included. */
  record Parenthesis(String text) implements Operand {}

  /** Anything else that SQL would accept as an operand (NULL, hex numbers, expressions, ...). */
  record Other(String text) implements Operand {}
}
