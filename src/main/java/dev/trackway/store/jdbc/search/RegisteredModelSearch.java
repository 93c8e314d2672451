package dev.trackway.store.jdbc.search;

import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.util.List;
import java.util.Set;

/**
 * SQL for MLflow's {@code search_registered_models}, translated the way MLflow's registry
 * SQLAlchemy store does ({@code _get_search_registered_model_filter_query}, {@code
 * _parse_search_registered_models_order_by}).
 *
 * <p>Filters: {@code name} compares the column ({@code = != LIKE ILIKE IN NOT IN}); tags and
 * prompts as described in {@link RegistryFilters}, so ordinary models (which lack the prompt tag)
 * match the client's {@code != 'true'} clause.
 *
 * <p>Order: the order_by keys ({@code name}, {@code timestamp} / {@code last_updated_timestamp},
 * which both mean the last update time), then {@code name ASC} unless name was ordered on.
 * Deliberate difference: a duplicated order_by key is INVALID_PARAMETER_VALUE (MLflow raises it
 * without an error code, a 500).
 */
public final class RegisteredModelSearch {

  /** The tag that marks a registered model (and its versions) as a prompt. */
  public static final String IS_PROMPT_TAG = RegistryFilters.IS_PROMPT_TAG;

  private static final Set<String> ATTRIBUTE_COMPARATORS =
      Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final Set<String> ORDER_BY_KEYS =
      Set.of("timestamp", "last_updated_timestamp", "name");

  private static final RegistryFilters.Table TABLE =
      new RegistryFilters.Table(
          "registered_models", "registered_model_tags", List.of("workspace", "name"));

  private RegisteredModelSearch() {}

  /**
   * SQL selecting one column, the name, of the matching registered models (workspace 'default') in
   * {@code scope}, ordered, with LIMIT/OFFSET.
   */
  public static SqlQuery build(SearchPage page, RegistryScope scope) {
    SqlDialect d = page.dialect();
    // MLflow's order: parse the filter, parse the order_by, then check comparators.
    List<Comparison> comparisons = RegistryGrammar.REGISTERED_MODELS.parseFilter(page.filter());
    SqlBuilder order = orderBy(page.orderBy());
    SqlBuilder where =
        RegistryFilters.where(
            d,
            TABLE,
            comparisons,
            scope,
            (c, w) -> {
              if (!ATTRIBUTE_COMPARATORS.contains(c.comparator())) {
                throw MlflowException.invalidParameterValue(
                    "Invalid comparator for attribute: " + c.comparator());
              }
              w.sql(" AND ");
              d.compareString(
                  w,
                  "registered_models.name",
                  c.comparator(),
                  SearchSql.stringValue(c, c.comparator()));
            });
    return page.select(
        "registered_models.name FROM registered_models", new SqlBuilder(), where, order);
  }

  private static SqlBuilder orderBy(List<String> orderBy) {
    return RegistryFilters.orderBy(
        orderBy == null ? List.of() : orderBy,
        "registered_models",
        t -> {
          String token = t.identifier().strip();
          if (!ORDER_BY_KEYS.contains(token)) {
            throw MlflowException.invalidParameterValue(
                "Invalid order by key '"
                    + token
                    + "' specified. Valid keys are '{'name', 'timestamp'}'");
          }
          return token.equals("name") ? "name" : "last_updated_time";
        },
        "name ASC");
  }
}
