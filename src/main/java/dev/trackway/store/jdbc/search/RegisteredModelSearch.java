package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQL for MLflow's {@code search_registered_models}, translated the way MLflow's registry
 * SQLAlchemy store does ({@code _get_search_registered_model_filter_query}, {@code
 * _parse_search_registered_models_order_by}).
 *
 * <p>Filters: {@code name} compares the column ({@code = != LIKE ILIKE IN NOT IN}); each tag key is
 * one {@code EXISTS} on {@code registered_model_tags} holding all comparisons on that key (a model
 * without the tag never matches, {@code !=} included). Prompts: unless the filter asks for prompts
 * ({@code tags.`mlflow.prompt.is_prompt` = 'true'} or {@code != 'false'}), comparisons on that tag
 * are dropped and every model tagged {@code mlflow.prompt.is_prompt = 'true'} is excluded, so
 * ordinary models (which lack the tag) match the client's {@code != 'true'} clause.
 *
 * <p>Order: the order_by keys ({@code name}, {@code timestamp} / {@code last_updated_timestamp},
 * which both mean the last update time), then {@code name ASC} unless name was ordered on.
 * Deliberate difference: a duplicated order_by key is INVALID_PARAMETER_VALUE (MLflow raises it
 * without an error code, a 500).
 */
public final class RegisteredModelSearch {

  static final String WORKSPACE = "default";

  /** The tag that marks a registered model (and its versions) as a prompt. */
  public static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";

  private static final Set<String> ATTRIBUTE_COMPARATORS =
      Set.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  static final Set<String> TAG_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE");
  private static final Set<String> ORDER_BY_KEYS =
      Set.of("timestamp", "last_updated_timestamp", "name");

  private RegisteredModelSearch() {}

  /**
   * SQL selecting one column, the name, of the matching registered models (workspace 'default'),
   * ordered, with LIMIT/OFFSET.
   */
  public static SqlQuery build(
      String filter, List<String> orderBy, int limit, int offset, SqlVendor vendor) {
    SqlDialect d = SqlDialect.of(vendor);
    if (limit < 0 || offset < 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid limit/offset for search: limit=" + limit + ", offset=" + offset);
    }
    // MLflow's order: parse the filter, parse the order_by, then check comparators.
    List<Comparison> comparisons = RegistryGrammar.REGISTERED_MODELS.parseFilter(filter);
    SqlBuilder order = orderBy(orderBy);
    SqlBuilder where =
        new SqlBuilder().sql(" WHERE registered_models.workspace = ").param(WORKSPACE);
    Map<String, List<Comparison>> tagFilters = new LinkedHashMap<>();
    for (Comparison c : comparisons) {
      String comparator = c.comparator();
      if (c.type() == EntityType.ATTRIBUTE) {
        if (!ATTRIBUTE_COMPARATORS.contains(comparator)) {
          throw MlflowException.invalidParameterValue(
              "Invalid comparator for attribute: " + comparator);
        }
        where.sql(" AND ");
        d.compareString(
            where, "registered_models.name", comparator, RunSearch.stringValue(c, comparator));
      } else {
        if (!TAG_COMPARATORS.contains(comparator)) {
          throw MlflowException.invalidParameterValue("Invalid comparator for tag: " + comparator);
        }
        tagFilters.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
    }
    if (!isQueryingPrompts(comparisons)) {
      tagFilters.remove(IS_PROMPT_TAG);
      where.sql(
          " AND NOT EXISTS (SELECT 1 FROM registered_model_tags p WHERE p.workspace ="
              + " registered_models.workspace AND p.name = registered_models.name AND ");
      d.keyEquals(where, "p.`key`", IS_PROMPT_TAG);
      where.sql(" AND ");
      d.compareString(where, "p.value", "=", "true");
      where.sql(")");
    }
    int n = 0;
    for (Map.Entry<String, List<Comparison>> e : tagFilters.entrySet()) {
      String a = "t" + (++n);
      where.sql(
          " AND EXISTS (SELECT 1 FROM registered_model_tags "
              + a
              + " WHERE "
              + a
              + ".workspace = registered_models.workspace AND "
              + a
              + ".name = registered_models.name AND ");
      d.keyEquals(where, a + ".`key`", e.getKey());
      for (Comparison c : e.getValue()) {
        where.sql(" AND ");
        d.compareString(where, a + ".value", c.comparator(), ((Value.Str) c.value()).value());
      }
      where.sql(")");
    }
    SqlBuilder sql = new SqlBuilder().sql("SELECT registered_models.name FROM registered_models");
    sql.append(where).sql(" ORDER BY ").append(order);
    sql.sql(" LIMIT ").param(limit).sql(" OFFSET ").param(offset);
    return sql.build();
  }

  /**
   * MLflow's {@code _is_querying_prompt}: the first comparison on the prompt tag decides; without
   * one, searches return ordinary models only.
   */
  static boolean isQueryingPrompts(List<Comparison> comparisons) {
    for (Comparison c : comparisons) {
      if (c.type() != EntityType.TAG || !c.key().equals(IS_PROMPT_TAG)) {
        continue;
      }
      String v = ((Value.Str) c.value()).value().toLowerCase(Locale.ROOT);
      return (c.comparator().equals("=") && v.equals("true"))
          || (c.comparator().equals("!=") && v.equals("false"));
    }
    return false;
  }

  private static SqlBuilder orderBy(List<String> orderBy) {
    List<String> terms = new ArrayList<>();
    Set<String> observed = new HashSet<>();
    List<String> clauses = orderBy == null ? List.of() : orderBy;
    for (String clause : clauses) {
      FilterSyntax.OrderByToken t = FilterSyntax.parseOrderBy(clause);
      String token = t.identifier().strip();
      if (!ORDER_BY_KEYS.contains(token)) {
        throw MlflowException.invalidParameterValue(
            "Invalid order by key '"
                + token
                + "' specified. Valid keys are '{'name', 'timestamp'}'");
      }
      String column = token.equals("name") ? "name" : "last_updated_time";
      if (!observed.add(column)) {
        throw MlflowException.invalidParameterValue(
            "`order_by` contains duplicate fields: " + PyRepr.list(clauses));
      }
      terms.add("registered_models." + column + (t.ascending() ? " ASC" : " DESC"));
    }
    if (!observed.contains("name")) {
      terms.add("registered_models.name ASC");
    }
    return new SqlBuilder().sql(String.join(", ", terms));
  }
}
