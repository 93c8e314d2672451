package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyFloat;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SQL for MLflow's {@code search_model_versions}, translated the way MLflow's registry SQLAlchemy
 * store does ({@code _get_search_model_versions_filter_clauses}, {@code
 * _parse_search_model_versions_order_by}).
 *
 * <p>Filters: {@code name} ({@code = != LIKE ILIKE IN NOT IN}), {@code run_id} (same), {@code
 * source_path} (the {@code source} column; no lists), {@code version_number} (numeric comparators;
 * an integer, or a quoted string that is one); tags and prompts as described in {@link
 * RegistryFilters} (every version of a model that has a version tagged as a prompt is excluded).
 * Versions deleted by delete-model-version ({@code current_stage = 'Deleted_Internal'}) never
 * match.
 *
 * <p>Order: default {@code last_updated_timestamp DESC, name ASC, version_number DESC}; then {@code
 * name ASC} and {@code version DESC} as tie-breakers unless ordered on. Deliberate difference: a
 * duplicated order_by key is INVALID_PARAMETER_VALUE (MLflow: a 500).
 */
public final class ModelVersionSearch {

  public static final String STAGE_DELETED_INTERNAL = "Deleted_Internal";

  private static final Set<String> NUMERIC_COMPARATORS = Set.of("=", "!=", ">", ">=", "<", "<=");
  private static final Set<String> STRING_COMPARATORS =
      Set.of("!=", "=", "LIKE", "ILIKE", "IN", "NOT IN");
  static final Set<String> ORDER_BY_KEYS =
      SearchGrammar.orderedSet(
          "name", "version_number", "creation_timestamp", "last_updated_timestamp");
  private static final List<String> DEFAULT_ORDER_BY =
      List.of("last_updated_timestamp DESC", "name ASC", "version_number DESC");
  private static final Map<String, String> COLUMNS =
      Map.of(
          "name", "name",
          "run_id", "run_id",
          "source_path", "source",
          "version_number", "version",
          "creation_timestamp", "creation_time",
          "last_updated_timestamp", "last_updated_time");
  private static final RegistryFilters.Table TABLE =
      new RegistryFilters.Table(
          "model_versions", "model_version_tags", List.of("workspace", "name", "version"));
  private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");

  private ModelVersionSearch() {}

  /**
   * SQL selecting two columns, name and version, of the matching model versions (workspace
   * 'default', not deleted) in {@code scope}, ordered, with LIMIT/OFFSET.
   */
  public static SqlQuery build(SearchPage page, RegistryScope scope) {
    SqlDialect d = page.dialect();
    // MLflow's order: parse the filter, check/translate it, then parse the order_by.
    List<Comparison> comparisons = RegistryGrammar.MODEL_VERSIONS.parseFilter(page.filter());
    SqlBuilder where =
        RegistryFilters.where(d, TABLE, comparisons, scope, (c, w) -> attributeFilter(c, d, w));
    where.sql(" AND model_versions.current_stage != ").param(STAGE_DELETED_INTERNAL);
    List<String> orderBy = page.orderBy();
    SqlBuilder order = orderBy(orderBy == null || orderBy.isEmpty() ? DEFAULT_ORDER_BY : orderBy);
    return page.select(
        "model_versions.name, model_versions.version FROM model_versions",
        new SqlBuilder(),
        where,
        order);
  }

  private static void attributeFilter(Comparison c, SqlDialect d, SqlBuilder where) {
    String comparator = c.comparator();
    String key = c.key();
    String column = "model_versions." + COLUMNS.get(key);
    if (RegistryGrammar.MODEL_VERSIONS.numericAttributes.contains(key)) {
      if (!NUMERIC_COMPARATORS.contains(comparator)) {
        throw MlflowException.invalidParameterValue(
            "Invalid comparator for attribute " + key + ": " + comparator);
      }
      where.sql(" AND ");
      d.compareNumber(where, column, comparator, intValue(key, c.value()));
      return;
    }
    if (!STRING_COMPARATORS.contains(comparator)
        || ((comparator.equals("IN") || comparator.equals("NOT IN"))
            && !key.equals("run_id")
            && !key.equals("name"))) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparator for attribute: " + comparator);
    }
    where.sql(" AND ");
    d.compareString(where, column, comparator, SearchSql.stringValue(c, comparator));
  }

  /** A numeric attribute's value: an int, or a string Python's int() accepts. */
  private static Object intValue(String key, Value value) {
    if (value instanceof Value.Num num) {
      if (!num.integer()) {
        throw MlflowException.invalidParameterValue(
            "Invalid value for numeric attribute '"
                + key
                + "': "
                + PyFloat.repr(num.doubleValue()));
      }
      return num.bindValue();
    }
    if (value instanceof Value.Str s) {
      String t = s.value().strip();
      if (PY_INT.matcher(t).matches()) {
        BigInteger big = new BigInteger(t.replace("_", "").replace("+", ""));
        return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
      }
      throw MlflowException.invalidParameterValue(
          "Invalid value for numeric attribute '" + key + "': " + PyRepr.str(s.value()));
    }
    throw MlflowException.invalidParameterValue(
        "Invalid value for numeric attribute '" + key + "': " + value);
  }

  private static SqlBuilder orderBy(List<String> clauses) {
    return RegistryFilters.orderBy(
        clauses,
        "model_versions",
        t -> {
          String key =
              ExperimentGrammar.INSTANCE.identifier(t.identifier().strip(), ORDER_BY_KEYS).key();
          if (!ORDER_BY_KEYS.contains(key)) {
            throw MlflowException.invalidParameterValue(
                "Invalid order by key '"
                    + key
                    + "' specified. Valid keys are "
                    + PyRepr.set(ORDER_BY_KEYS));
          }
          return COLUMNS.get(key);
        },
        "name ASC",
        "version DESC");
  }
}
