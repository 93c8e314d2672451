package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * an integer, or a quoted string that is one); tags as for registered models. As in MLflow, unless
 * the filter asks for prompts, every version of a model that has a version tagged {@code
 * mlflow.prompt.is_prompt = 'true'} is excluded. Versions deleted by delete-model-version ({@code
 * current_stage = 'Deleted_Internal'}) never match.
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
  private static final Pattern PY_INT = Pattern.compile("[+-]?\\d+(_\\d+)*");

  private ModelVersionSearch() {}

  /**
   * SQL selecting two columns, name and version, of the matching model versions (workspace
   * 'default', not deleted), ordered, with LIMIT/OFFSET.
   */
  public static SqlQuery build(
      String filter, List<String> orderBy, int limit, int offset, SqlVendor vendor) {
    SqlDialect d = SqlDialect.of(vendor);
    if (limit < 0 || offset < 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid limit/offset for search: limit=" + limit + ", offset=" + offset);
    }
    // MLflow's order: parse the filter, check/translate it, then parse the order_by.
    List<Comparison> comparisons = RegistryGrammar.MODEL_VERSIONS.parseFilter(filter);
    SqlBuilder where =
        new SqlBuilder()
            .sql(" WHERE model_versions.workspace = ")
            .param(RegisteredModelSearch.WORKSPACE);
    Map<String, List<Comparison>> tagFilters = new LinkedHashMap<>();
    for (Comparison c : comparisons) {
      String comparator = c.comparator();
      String key = c.key();
      if (c.type() == EntityType.ATTRIBUTE) {
        if (RegistryGrammar.MODEL_VERSIONS.numericAttributes.contains(key)) {
          if (!NUMERIC_COMPARATORS.contains(comparator)) {
            throw MlflowException.invalidParameterValue(
                "Invalid comparator for attribute " + key + ": " + comparator);
          }
          where.sql(" AND ");
          d.compareNumber(
              where, "model_versions." + COLUMNS.get(key), comparator, intValue(key, c.value()));
        } else {
          if (!STRING_COMPARATORS.contains(comparator)
              || ((comparator.equals("IN") || comparator.equals("NOT IN"))
                  && !key.equals("run_id")
                  && !key.equals("name"))) {
            throw MlflowException.invalidParameterValue(
                "Invalid comparator for attribute: " + comparator);
          }
          where.sql(" AND ");
          d.compareString(
              where,
              "model_versions." + COLUMNS.get(key),
              comparator,
              RunSearch.stringValue(c, comparator));
        }
      } else {
        if (!RegisteredModelSearch.TAG_COMPARATORS.contains(comparator)) {
          throw MlflowException.invalidParameterValue("Invalid comparator for tag: " + comparator);
        }
        tagFilters.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
      }
    }
    if (!RegisteredModelSearch.isQueryingPrompts(comparisons)) {
      tagFilters.remove(RegisteredModelSearch.IS_PROMPT_TAG);
      where.sql(
          " AND NOT EXISTS (SELECT 1 FROM model_version_tags p WHERE p.workspace ="
              + " model_versions.workspace AND p.name = model_versions.name AND ");
      d.keyEquals(where, "p.`key`", RegisteredModelSearch.IS_PROMPT_TAG);
      where.sql(" AND ");
      d.compareString(where, "p.value", "=", "true");
      where.sql(")");
    }
    int n = 0;
    for (Map.Entry<String, List<Comparison>> e : tagFilters.entrySet()) {
      String a = "t" + (++n);
      where.sql(
          " AND EXISTS (SELECT 1 FROM model_version_tags "
              + a
              + " WHERE "
              + a
              + ".workspace = model_versions.workspace AND "
              + a
              + ".name = model_versions.name AND "
              + a
              + ".version = model_versions.version AND ");
      d.keyEquals(where, a + ".`key`", e.getKey());
      for (Comparison c : e.getValue()) {
        where.sql(" AND ");
        d.compareString(where, a + ".value", c.comparator(), ((Value.Str) c.value()).value());
      }
      where.sql(")");
    }
    where.sql(" AND model_versions.current_stage != ").param(STAGE_DELETED_INTERNAL);
    String order = orderBy(orderBy == null || orderBy.isEmpty() ? DEFAULT_ORDER_BY : orderBy);
    SqlBuilder sql =
        new SqlBuilder()
            .sql("SELECT model_versions.name, model_versions.version FROM model_versions");
    sql.append(where).sql(" ORDER BY " + order);
    sql.sql(" LIMIT ").param(limit).sql(" OFFSET ").param(offset);
    return sql.build();
  }

  /** A numeric attribute's value: an int, or a string Python's int() accepts. */
  private static Object intValue(String key, Value value) {
    if (value instanceof Value.Num num) {
      if (!num.integer()) {
        throw MlflowException.invalidParameterValue(
            "Invalid value for numeric attribute '" + key + "': " + pyFloatRepr(num.doubleValue()));
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

  /** Python's repr of a float. */
  static String pyFloatRepr(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e16) {
      return String.format("%.1f", v);
    }
    String s = Double.toString(v);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mantissa = s.substring(0, e);
    if (mantissa.endsWith(".0")) {
      mantissa = mantissa.substring(0, mantissa.length() - 2);
    }
    int exp = Integer.parseInt(s.substring(e + 1));
    if (exp >= -4 && exp < 16) {
      return new java.math.BigDecimal(s).toPlainString();
    }
    return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
  }

  private static String orderBy(List<String> clauses) {
    List<String> terms = new ArrayList<>();
    Set<String> observed = new HashSet<>();
    for (String clause : clauses) {
      FilterSyntax.OrderByToken t = FilterSyntax.parseOrderBy(clause);
      SearchGrammar.Identifier id =
          ExperimentGrammar.INSTANCE.identifier(t.identifier().strip(), ORDER_BY_KEYS);
      String key = id.key();
      if (!ORDER_BY_KEYS.contains(key)) {
        throw MlflowException.invalidParameterValue(
            "Invalid order by key '"
                + key
                + "' specified. Valid keys are "
                + PyRepr.set(ORDER_BY_KEYS));
      }
      String column = COLUMNS.get(key);
      if (!observed.add(column)) {
        throw MlflowException.invalidParameterValue(
            "`order_by` contains duplicate fields: " + PyRepr.list(clauses));
      }
      terms.add("model_versions." + column + (t.ascending() ? " ASC" : " DESC"));
    }
    if (!observed.contains("name")) {
      terms.add("model_versions.name ASC");
    }
    if (!observed.contains("version")) {
      terms.add("model_versions.version DESC");
    }
    return String.join(", ", terms);
  }
}
