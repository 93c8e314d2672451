package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ViewType;
import dev.trackway.domain.auth.ReadScope;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * SQL for MLflow's {@code search_experiments}, translated the way MLflow's SQLAlchemy store does
 * ({@code _search_experiments}, {@code _get_search_experiments_filter_clauses}, {@code
 * _get_search_experiments_order_by_clauses}).
 *
 * <p>Order: the order_by keys as given (default {@code creation_time DESC, experiment_id ASC}); if
 * {@code experiment_id} is not among them, {@code experiment_id DESC} is appended as the
 * tie-breaker (that is what MLflow's store does). NULLs are not moved: experiments order by plain
 * column values, as in MLflow.
 */
public final class ExperimentSearch {

  static final String WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;

  private static final List<String> DEFAULT_ORDER_BY =
      List.of("creation_time DESC", "experiment_id ASC");

  private ExperimentSearch() {}

  /**
   * SQL selecting exactly one column, experiment_id, of matching experiments (workspace =
   * 'default') in {@code scope}, ordered, with LIMIT/OFFSET.
   *
   * @param page filter, order_by (null or empty: creation_time DESC, experiment_id ASC), page
   * @param viewType lifecycle stages to include (null: ACTIVE_ONLY)
   * @param scope the experiments the caller may read
   * @throws dev.trackway.error.MlflowException INVALID_PARAMETER_VALUE for an invalid filter or
   *     order_by, with MLflow's message
   */
  public static SqlQuery build(SearchPage page, ViewType viewType, ReadScope scope) {
    SqlDialect dialect = page.dialect();
    // Same order of validation as MLflow: parse the filter, check/translate it, then order_by.
    List<Comparison> comparisons = ExperimentGrammar.INSTANCE.parseFilter(page.filter());
    SqlBuilder where = new SqlBuilder();
    where.sql(" WHERE experiments.workspace = ").param(WORKSPACE);
    SearchSql.lifecycle(where, "experiments", viewType);
    SearchSql.filters(where, comparisons, dialect, ExperimentSearch::filter);
    ScopeSql.experiments(where, scope, "experiments.experiment_id");
    SqlBuilder order = new SqlBuilder();
    orderBy(page.orderBy(), order);
    return page.select(
        "experiments.experiment_id FROM experiments", new SqlBuilder(), where, order);
  }

  private static void filter(Comparison c, SqlDialect d, SqlBuilder b, String a) {
    String comparator = c.upperComparator();
    String key = c.key();
    if (c.type() == EntityType.ATTRIBUTE) {
      if (key.equals("experiment_id")) {
        if (!Set.of("=", "!=", "IN", "NOT IN").contains(comparator)) {
          throw MlflowException.invalidParameterValue(
              "Invalid comparator for experiment_id: " + comparator);
        }
        Object value;
        if (c.value() instanceof Value.StrList l) {
          List<Object> ids = new ArrayList<>();
          for (String v : l.values()) {
            ids.add(SearchSql.parseExperimentId(v));
          }
          value = ids;
        } else {
          Object id = SearchSql.parseExperimentId(((Value.Str) c.value()).value());
          value = comparator.equals("IN") || comparator.equals("NOT IN") ? List.of(id) : id;
        }
        if (value instanceof List<?> && !(comparator.equals("IN") || comparator.equals("NOT IN"))) {
          throw SearchSql.listComparator(comparator);
        }
        d.compareNumber(b, "experiments.experiment_id", comparator, value);
        return;
      }
      boolean numeric = ExperimentGrammar.INSTANCE.numericAttributes.contains(key);
      if (!numeric) {
        if (!SearchGrammar.STRING_ATTRIBUTE_COMPARATORS.contains(comparator)) {
          throw SearchGrammar.invalidComparator(
              comparator, SearchGrammar.STRING_ATTRIBUTE_COMPARATORS, true);
        }
        if (!Set.of("=", "!=", "LIKE", "ILIKE").contains(comparator)) {
          throw MlflowException.invalidParameterValue(
              "Invalid comparator for string attribute: " + comparator);
        }
        d.compareString(b, "experiments." + key, comparator, SearchSql.stringValue(c, comparator));
        return;
      }
      if (!SearchGrammar.NUMERIC_ATTRIBUTE_COMPARATORS.contains(comparator)) {
        // MLflow lists the string comparators here (sic).
        throw SearchGrammar.invalidComparator(
            comparator, SearchGrammar.STRING_ATTRIBUTE_COMPARATORS, false);
      }
      Value.Num num = (Value.Num) c.value();
      if (!num.integer()) {
        throw MlflowException.invalidParameterValue(
            "Invalid value for numeric attribute '"
                + key
                + "': "
                + PyRepr.str(pyFloat(num.text())));
      }
      d.compareNumber(b, "experiments." + key, comparator, num.bindValue());
      return;
    }
    if (c.type() == EntityType.TAG) {
      if (comparator.equals("IS NULL") || comparator.equals("IS NOT NULL")) {
        KeyValueChild.EXPERIMENT_TAGS.presence(b, a, key, comparator.equals("IS NOT NULL"));
        return;
      }
      if (!Set.of("=", "!=", "LIKE", "ILIKE").contains(comparator)) {
        throw MlflowException.invalidParameterValue("Invalid comparator for tag: " + comparator);
      }
      KeyValueChild.EXPERIMENT_TAGS.matches(
          d, b, a, key, comparator, ((Value.Str) c.value()).value());
      return;
    }
    throw MlflowException.invalidParameterValue("Invalid token type: " + c.type().mlflowName());
  }

  /** Python's {@code str(float(text))} for the common cases (used in an error message). */
  private static String pyFloat(String text) {
    double v = Double.parseDouble(text);
    if (v == Math.rint(v) && Math.abs(v) < 1e16) {
      return (long) v + ".0";
    }
    String s = Double.toString(v);
    return s.replace("E", "e");
  }

  private static void orderBy(List<String> orderBy, SqlBuilder order) {
    List<String> clauses = orderBy == null || orderBy.isEmpty() ? DEFAULT_ORDER_BY : orderBy;
    boolean hasExperimentId = false;
    boolean first = true;
    for (String clause : clauses) {
      OrderByTerm term = ExperimentGrammar.INSTANCE.parseOrderBy(clause);
      if (term.type() != EntityType.ATTRIBUTE) {
        throw MlflowException.invalidParameterValue(
            "Invalid order_by entity: " + term.type().mlflowName());
      }
      hasExperimentId |= term.key().equals("experiment_id");
      if (!first) {
        order.sql(", ");
      }
      first = false;
      order.sql("experiments." + term.key() + (term.ascending() ? "" : " DESC"));
    }
    if (!hasExperimentId) {
      order.sql(", experiments.experiment_id DESC");
    }
  }
}
