package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyLiteralList;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.LifecycleStage;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQL for MLflow's {@code search_logged_models}, translated the way MLflow's tracking SQLAlchemy
 * store does ({@code mlflow/utils/search_logged_model_utils.py} for the filter, {@code
 * _apply_filter_string_datasets_search_logged_models} and {@code
 * _apply_order_by_search_logged_models} for the SQL).
 *
 * <p>Filter: comparisons joined by {@code AND}; an identifier is {@code metrics.}, {@code params.},
 * {@code tags.} or {@code attributes.}{@code <key>}, or a bare attribute ({@code
 * creation_time}/{@code creation_timestamp} and {@code last_updated_timestamp} are aliases of the
 * millisecond columns). Metrics and the two timestamps are numeric ({@code < <= > >= = !=}, values
 * parsed as floats); everything else takes {@code = != LIKE ILIKE IN NOT IN} with the value
 * unquoted from single quotes (as MLflow does, an unquoted word is accepted too). {@code status}
 * compares names ({@code PENDING}, {@code READY}, {@code FAILED}, {@code UNSPECIFIED}). A metric
 * comparison applies to the latest value of the metric per model (highest step, then timestamp,
 * then value), restricted to the request's datasets.
 *
 * <p>Order: {@code order_by} objects; an attribute or {@code metrics.<key>} (latest value,
 * optionally on one dataset); missing values last; then {@code creation_timestamp DESC} and {@code
 * model_id ASC} unless ordered on. Deleted models never match.
 *
 * <p>Deliberate differences: an unknown attribute, a non-numeric value for a numeric field and a
 * list compared with {@code =} are INVALID_PARAMETER_VALUE (MLflow fails with a Python error, a
 * 500).
 */
public final class LoggedModelSearch {

  static final Map<String, String> ALIASES =
      Map.of(
          "creation_time", "creation_timestamp_ms",
          "creation_timestamp", "creation_timestamp_ms",
          "last_updated_timestamp", "last_updated_timestamp_ms");
  static final Set<String> COLUMNS =
      Set.of(
          "model_id",
          "experiment_id",
          "name",
          "artifact_location",
          "creation_timestamp_ms",
          "last_updated_timestamp_ms",
          "status",
          "lifecycle_stage",
          "model_type",
          "source_run_id",
          "status_message");
  private static final Set<String> NUMERIC_COLUMNS =
      Set.of("creation_timestamp_ms", "last_updated_timestamp_ms");
  private static final List<String> NUMERIC_OPS = List.of("<", "<=", ">", ">=", "=", "!=");
  private static final List<String> STRING_OPS =
      List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final Map<String, Integer> STATUSES =
      Map.of("UNSPECIFIED", 0, "PENDING", 1, "READY", 2, "FAILED", 3);
  private static final java.util.regex.Pattern IDENTIFIER =
      java.util.regex.Pattern.compile("^([a-z]+)\\.(.+)$", java.util.regex.Pattern.DOTALL);

  private enum Kind {
    ATTRIBUTES("attributes"),
    METRICS("metrics"),
    PARAMS("params"),
    TAGS("tags");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /**
   * A parsed comparison: entity kind, key, upper-cased operator, value (String, Double or List).
   */
  record Clause(Kind kind, String key, String op, Object value) {}

  private LoggedModelSearch() {}

  /**
   * SQL selecting one column, model_id, of the matching logged models, ordered, with LIMIT/OFFSET.
   */
  public static SqlQuery build(
      List<String> experimentIds,
      String filter,
      List<LoggedModelDatasetFilter> datasets,
      List<LoggedModelOrderBy> orderBy,
      int limit,
      int offset,
      SqlVendor vendor) {
    SqlDialect d = SearchSql.dialect(vendor, limit, offset);
    List<Clause> clauses = parseFilter(filter);
    List<Long> expIds = new ArrayList<>();
    for (String id : experimentIds == null ? List.<String>of() : experimentIds) {
      expIds.add(SearchSql.parseExperimentId(id));
    }
    List<LoggedModelDatasetFilter> ds = datasets == null ? List.of() : datasets;
    int[] alias = {0};
    SqlBuilder where =
        new SqlBuilder()
            .sql(" WHERE logged_models.lifecycle_stage != ")
            .param(LifecycleStage.DELETED.value());
    if (expIds.isEmpty()) {
      where.sql(" AND 1 = 0");
    } else {
      where.sql(" AND logged_models.experiment_id IN ").paramList(expIds);
    }
    boolean hasMetricFilters = false;
    for (Clause c : clauses) {
      where.sql(" AND ");
      switch (c.kind()) {
        case ATTRIBUTES -> attributeFilter(c, d, where);
        case METRICS -> {
          hasMetricFilters = true;
          String a = "lm" + (++alias[0]);
          where.sql("logged_models.model_id IN (SELECT " + a + ".model_id FROM ");
          latestMetric(where, c.key(), ds, null, false, null, expIds, alias);
          where.sql(" " + a + " WHERE ");
          d.compareNumber(where, a + ".metric_value", c.op(), c.value());
          where.sql(")");
        }
        case PARAMS, TAGS -> {
          KeyValueChild child =
              c.kind() == Kind.PARAMS
                  ? KeyValueChild.LOGGED_MODEL_PARAMS
                  : KeyValueChild.LOGGED_MODEL_TAGS;
          child.matches(d, where, "p" + (++alias[0]), c.key(), c.op(), stringValue(c));
        }
        default -> throw new IllegalStateException(c.kind().toString());
      }
    }
    if (!ds.isEmpty() && !hasMetricFilters) {
      where.sql(
          " AND logged_models.model_id IN (SELECT dm.model_id FROM logged_model_metrics dm WHERE ");
      datasetsCondition(where, "dm", ds);
      where.sql(")");
    }
    SqlBuilder joins = new SqlBuilder();
    List<String> order = new ArrayList<>();
    SqlBuilder orderSql = new SqlBuilder();
    boolean hasCreation = false;
    boolean hasModelId = false;
    int n = 0;
    for (LoggedModelOrderBy ob : orderBy == null ? List.<LoggedModelOrderBy>of() : orderBy) {
      String field = ob.fieldName() == null ? "" : ob.fieldName();
      if (!field.contains(".")) {
        String name = ALIASES.getOrDefault(field, field);
        if (!COLUMNS.contains(name)) {
          throw MlflowException.invalidParameterValue("Invalid order by field name: " + field);
        }
        hasCreation |= name.equals("creation_timestamp_ms");
        hasModelId |= name.equals("model_id");
        order.add(nullsLast("logged_models." + name, ob.ascending()));
        continue;
      }
      int dot = field.indexOf('.');
      String entity = field.substring(0, dot);
      String key = field.substring(dot + 1);
      if (!entity.equals("metrics")) {
        throw MlflowException.invalidParameterValue(
            "Invalid order by field name: " + field + ". Only metrics are supported.");
      }
      String a = "ob" + (++n);
      joins.sql(" LEFT OUTER JOIN ");
      latestMetric(
          joins,
          key,
          ds,
          SearchSql.emptyToNull(ob.datasetName()),
          true,
          SearchSql.emptyToNull(ob.datasetDigest()),
          expIds,
          alias);
      joins.sql(" " + a + " ON " + a + ".model_id = logged_models.model_id");
      order.add(nullsLast(a + ".metric_value", ob.ascending()));
    }
    if (!hasCreation) {
      order.add("logged_models.creation_timestamp_ms DESC");
    }
    if (!hasModelId) {
      order.add("logged_models.model_id ASC");
    }
    orderSql.sql(String.join(", ", order));
    return SearchSql.select(
        "logged_models.model_id FROM logged_models", joins, where, orderSql, limit, offset);
  }

  /** Missing values last whatever the direction, as MLflow orders logged models. */
  private static String nullsLast(String column, boolean ascending) {
    return "CASE WHEN "
        + column
        + " IS NULL THEN 1 ELSE 0 END ASC, "
        + column
        + (ascending ? " ASC" : " DESC");
  }

  /**
   * A derived table (model_id, metric_value) with the latest value of {@code metric} per model:
   * highest step, then timestamp, then value; restricted to the datasets and the experiments.
   */
  private static void latestMetric(
      SqlBuilder b,
      String metric,
      List<LoggedModelDatasetFilter> datasets,
      String datasetName,
      boolean orderByDataset,
      String datasetDigest,
      List<Long> experimentIds,
      int[] alias) {
    String m = "mm" + (++alias[0]);
    String r = "mr" + alias[0];
    b.sql(
            "(SELECT "
                + r
                + ".model_id, "
                + r
                + ".metric_value FROM (SELECT "
                + m
                + ".model_id, "
                + m
                + ".metric_value, ROW_NUMBER() OVER (PARTITION BY "
                + m
                + ".model_id, "
                + m
                + ".metric_name"
                + " ORDER BY "
                + m
                + ".metric_step DESC, "
                + m
                + ".metric_timestamp_ms DESC, "
                + m
                + ".metric_value DESC) AS rn FROM logged_model_metrics "
                + m
                + " WHERE "
                + m
                + ".metric_name = ")
        .param(metric);
    if (!datasets.isEmpty()) {
      b.sql(" AND ");
      datasetsCondition(b, m, datasets);
    }
    if (orderByDataset && datasetName != null) {
      b.sql(" AND " + m + ".dataset_name = ").param(datasetName);
    }
    if (orderByDataset && datasetDigest != null) {
      b.sql(" AND " + m + ".dataset_digest = ").param(datasetDigest);
    }
    b.sql(
        " AND "
            + m
            + ".model_id IN (SELECT x"
            + alias[0]
            + ".model_id FROM logged_models x"
            + alias[0]
            + " WHERE ");
    if (experimentIds.isEmpty()) {
      b.sql("1 = 0");
    } else {
      b.sql("x" + alias[0] + ".experiment_id IN ").paramList(experimentIds);
    }
    b.sql(")) " + r + " WHERE " + r + ".rn = 1)");
  }

  private static void datasetsCondition(
      SqlBuilder b, String a, List<LoggedModelDatasetFilter> datasets) {
    b.sql("(");
    for (int i = 0; i < datasets.size(); i++) {
      LoggedModelDatasetFilter f = datasets.get(i);
      if (i > 0) {
        b.sql(" OR ");
      }
      b.sql("(" + a + ".dataset_name = ").param(f.datasetName());
      if (f.datasetDigest() == null) {
        b.sql(" AND " + a + ".dataset_digest IS NULL)");
      } else {
        b.sql(" AND " + a + ".dataset_digest = ").param(f.datasetDigest()).sql(")");
      }
    }
    b.sql(")");
  }

  private static void attributeFilter(Clause c, SqlDialect d, SqlBuilder b) {
    String key = c.key();
    if (!COLUMNS.contains(key)) {
      throw MlflowException.invalidParameterValue("Invalid attribute key '" + key + "' in filter");
    }
    String col = "logged_models." + key;
    String op = c.op();
    if (key.equals("status")) {
      if (!Set.of("=", "!=", "IN", "NOT IN").contains(op)) {
        throw MlflowException.invalidParameterValue(
            "Invalid comparison operator for status: " + op);
      }
      boolean list = op.equals("IN") || op.equals("NOT IN");
      List<String> values = new ArrayList<>();
      if (c.value() instanceof List<?> l) {
        l.forEach(v -> values.add(String.valueOf(v)));
      } else {
        values.add(String.valueOf(c.value()));
      }
      List<Object> ints = new ArrayList<>();
      for (String v : values) {
        Integer i = STATUSES.get(v);
        if (i == null) {
          String repr =
              c.value() instanceof List<?>
                  ? PyRepr.tuple(values.stream().map(PyRepr::str).toList())
                  : PyRepr.str(v);
          throw MlflowException.invalidParameterValue("Unknown model status in filter: " + repr);
        }
        ints.add(i);
      }
      if (list != (c.value() instanceof List<?>)) {
        throw listMismatch(op);
      }
      d.compareNumber(b, col, op, list ? ints : ints.get(0));
      return;
    }
    if (NUMERIC_COLUMNS.contains(key)) {
      d.compareNumber(b, col, op, c.value());
      return;
    }
    d.compareString(b, col, op, stringValue(c));
  }

  private static Object stringValue(Clause c) {
    boolean list = c.op().equals("IN") || c.op().equals("NOT IN");
    if (list != (c.value() instanceof List<?>)) {
      throw listMismatch(c.op());
    }
    return c.value();
  }

  private static MlflowException listMismatch(String op) {
    return MlflowException.invalidParameterValue(
        "Invalid comparator '"
            + op
            + "' for this value: a list of values can only be compared with"
            + " 'IN' or 'NOT IN', and 'IN' / 'NOT IN' need a list.");
  }

  // ---------------------------------------------------------------------------------------------
  // Filter

  /** MLflow's {@code parse_filter_string} for logged models. */
  static List<Clause> parseFilter(String filter) {
    if (filter == null || filter.isEmpty()) {
      return List.of();
    }
    List<RawComparison> raw;
    try {
      raw = FilterSyntax.parseFilter(filter, InvalidClauseStyle.PLAIN);
    } catch (MlflowException e) {
      if (e.getMessage().startsWith("Search filter contained multiple expression")) {
        throw MlflowException.invalidParameterValue(
            "Invalid filter string: " + PyRepr.str(filter) + ". Expected a single SQL expression.");
      }
      throw MlflowException.invalidParameterValue(
          "Invalid filter string: "
              + PyRepr.str(filter)
              + ". Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND"
              + " params.lr = 0.01').");
    }
    List<Clause> out = new ArrayList<>();
    for (RawComparison r : raw) {
      if (r.isNullCheck()) {
        throw MlflowException.invalidParameterValue(
            "Invalid comparison: %s %s. Expected a comparison with 3 tokens.",
            r.left().text(), r.comparator());
      }
      String op = r.comparator().toUpperCase(Locale.ROOT);
      String identifier = r.left().text();
      Kind kind;
      String key;
      java.util.regex.Matcher m = IDENTIFIER.matcher(identifier);
      if (m.matches()) {
        kind = kind(m.group(1));
        key = strip(m.group(2), '`');
      } else {
        kind = Kind.ATTRIBUTES;
        key = strip(ALIASES.getOrDefault(identifier, identifier), '`');
      }
      if (kind == Kind.ATTRIBUTES) {
        key = ALIASES.getOrDefault(key, key);
      }
      boolean numeric =
          kind == Kind.METRICS || (kind == Kind.ATTRIBUTES && NUMERIC_COLUMNS.contains(key));
      List<String> ops = numeric ? NUMERIC_OPS : STRING_OPS;
      if (!ops.contains(op)) {
        throw MlflowException.invalidParameterValue(
            "Invalid comparison operator for "
                + kind.label
                + "."
                + key
                + ": "
                + PyRepr.str(op)
                + ". Expected one of "
                + PyRepr.tuple(ops.stream().map(PyRepr::str).toList())
                + ".");
      }
      String text = r.right().text();
      Object value;
      if (numeric) {
        try {
          value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
          throw MlflowException.invalidParameterValue(
              "Invalid numeric value " + PyRepr.str(text) + " for " + kind.label + "." + key + ".");
        }
      } else if (text.startsWith("(") && text.endsWith(")")) {
        value = PyLiteralList.parse(text);
      } else {
        value = strip(text, '\'');
      }
      out.add(new Clause(kind, key, op, value));
    }
    return out;
  }

  private static Kind kind(String s) {
    for (Kind k : Kind.values()) {
      if (k.label.equals(s)) {
        return k;
      }
    }
    throw MlflowException.invalidParameterValue(
        "Invalid entity type: "
            + PyRepr.str(s)
            + ". Expected one of ['attributes', 'metrics', 'params', 'tags'].");
  }

  /** Python's {@code str.strip(ch)}: removes every leading and trailing {@code ch}. */
  static String strip(String s, char ch) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == ch) {
      start++;
    }
    while (end > start && s.charAt(end - 1) == ch) {
      end--;
    }
    return s.substring(start, end);
  }
}
