package dev.trackway.store.jdbc.search;

/**
 * A syntactically complete comparison of a filter string: {@code left comparator right}, or {@code
 * left IS NULL} / {@code left IS NOT NULL} (then {@code right} is null). The comparator is kept as
 * written (e.g. {@code "like"}, {@code "NOT LIKE"}, {@code "=="}); checking it is the entity
 * grammar's job, as in MLflow.
 */
record RawComparison(Operand left, String comparator, Operand right) {
  boolean isNullCheck() {
    return right == null;
  }
}
