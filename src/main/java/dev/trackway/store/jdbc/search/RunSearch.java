package dev.trackway.store.jdbc.search;

import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.ViewType;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL for MLflow's {@code search_runs}: filter, view type and order_by translated the way MLflow's
 * SQLAlchemy store does ({@code _search_runs}, {@code _get_sqlalchemy_filter_clauses}, {@code
 * _get_orderby_clauses}), as one statement.
 *
 * <p>Filters: attributes compare columns of {@code runs} ({@code run_name} compares the {@code
 * mlflow.runName} tag, as MLflow does); metrics ({@code latest_metrics}, a NaN metric never matches
 * except for {@code !=}), params, tags and datasets are {@code EXISTS} subqueries; {@code IS [NOT]
 * NULL} is {@code [NOT] EXISTS} on the key.
 *
 * <p>Order: each order_by key sorts first by "missing" (and for metrics "NaN", then "missing") so
 * those rows come last whatever the direction, then by value; then {@code start_time DESC} unless
 * start_time was ordered on; then {@code run_uuid} as the final tie-breaker. Ordering keys from
 * metrics/params/tags are LEFT JOINs on the (key, run_uuid) primary key, so they add no rows.
 *
 * <p>Keys are matched as MLflow matches them: case-sensitively in value comparisons ({@code (key =
 * ? AND BINARY key = ?)} on MySQL), with a plain {@code =} in {@code IS [NOT] NULL} and in ordering
 * joins (so those follow the column collation on MySQL, as in MLflow). String values compare as
 * described in {@link SqlDialect}.
 *
 * <p>Validation happens in MLflow's order (filter syntax, then order_by, then comparators), and
 * every error is INVALID_PARAMETER_VALUE with MLflow's message. Deliberate differences from MLflow
 * 3.18: a duplicated order_by key is INVALID_PARAMETER_VALUE (MLflow raises it without an error
 * code, i.e. a 500); malformed IN lists and unbalanced quotes in order_by are
 * INVALID_PARAMETER_VALUE (a Python ValueError, i.e. a 500, in MLflow); {@code metrics.x > 1e400}
 * works on MySQL too (MLflow fails binding infinity there).
 */
public final class RunSearch {

  /** The attributes order_by accepts; filters also accept the run name's spellings. */
  private static final List<String> ORDER_BY_ATTRIBUTES =
      List.of(
          "run_id",
          "run_name",
          "status",
          "user_id",
          "artifact_uri",
          "start_time",
          "end_time",
          "created",
          "Created");

  static final SearchGrammar GRAMMAR =
      new SearchGrammar(
          SearchGrammar.orderedSet(
              ORDER_BY_ATTRIBUTES, List.of("run name", "Run name", "Run Name")),
          SearchGrammar.orderedSet(ORDER_BY_ATTRIBUTES),
          SearchGrammar.orderedSet("start_time", "end_time", "created", "Created"),
          Set.of("run_id"),
          InvalidClauseStyle.QUOTED);

  /** Run attributes (after alias translation) and their {@code runs} columns. */
  private static final Map<String, String> ATTRIBUTE_COLUMNS =
      Map.of(
          "run_id", "run_uuid",
          "run_name", "name",
          "status", "status",
          "user_id", "user_id",
          "artifact_uri", "artifact_uri",
          "start_time", "start_time",
          "end_time", "end_time");

  private static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");

  static final String RUN_NAME_TAG = MlflowTags.RUN_NAME;
  static final String DATASET_CONTEXT_TAG = MlflowTags.DATASET_CONTEXT;

  private RunSearch() {}

  /**
   * SQL selecting exactly one column, run_uuid, of matching runs in MLflow's order, with
   * LIMIT/OFFSET applied.
   *
   * @param experimentIds experiments to search (null or empty matches no run)
   * @param page filter, order_by (null or empty: default order), page
   * @param viewType lifecycle stages to include (null: ACTIVE_ONLY)
   * @throws dev.trackway.error.MlflowException INVALID_PARAMETER_VALUE for an invalid filter or
   *     order_by, with MLflow's message
   */
  public static SqlQuery build(List<Integer> experimentIds, SearchPage page, ViewType viewType) {
    SqlDialect dialect = page.dialect();
    // Same order of validation as MLflow: parse the filter, then the order_by, then check the
    // comparators while building the filter SQL.
    List<Comparison> comparisons = GRAMMAR.parseFilter(page.filter());
    SqlBuilder joins = new SqlBuilder();
    SqlBuilder order = new SqlBuilder();
    orderBy(page.orderBy(), joins, order);
    SqlBuilder where = new SqlBuilder();
    where.sql(" WHERE ");
    List<Integer> ids = experimentIds == null ? List.of() : experimentIds;
    if (ids.isEmpty()) {
      where.sql("1 = 0");
    } else {
      where.sql("runs.experiment_id IN ").paramList(ids);
    }
    SearchSql.lifecycle(where, "runs", viewType);
    SearchSql.filters(where, comparisons, dialect, RunSearch::filter);
    return page.select("runs.run_uuid FROM runs", joins, where, order);
  }

  static String translateKeyAlias(String key) {
    return switch (key) {
      case "created", "Created" -> "start_time";
      case "run name", "Run name", "Run Name" -> "run_name";
      default -> key;
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Filter

  private static void filter(Comparison c, SqlDialect d, SqlBuilder b, String a) {
    String comparator = c.upperComparator();
    String key = translateKeyAlias(c.key());
    switch (c.type()) {
      case ATTRIBUTE -> {
        if (NUMERIC_ATTRIBUTES.contains(key)) {
          if (!SearchGrammar.NUMERIC_ATTRIBUTE_COMPARATORS.contains(comparator)) {
            // MLflow lists the string comparators here (sic).
            throw SearchGrammar.invalidComparator(
                comparator, SearchGrammar.STRING_ATTRIBUTE_COMPARATORS, false);
          }
          Object number = ((Value.Num) c.value()).bindValue();
          d.compareNumber(b, "runs." + ATTRIBUTE_COLUMNS.get(key), comparator, number);
          return;
        }
        if (!SearchGrammar.STRING_ATTRIBUTE_COMPARATORS.contains(comparator)) {
          throw SearchGrammar.invalidComparator(
              comparator, SearchGrammar.STRING_ATTRIBUTE_COMPARATORS, true);
        }
        Object value = SearchSql.stringValue(c, comparator);
        if (key.equals("run_name")) {
          // Like MLflow: run_name compares the mlflow.runName tag (runs.name is empty for runs
          // logged by old clients).
          KeyValueChild.RUN_TAGS.matches(d, b, a, RUN_NAME_TAG, comparator, value);
        } else {
          d.compareString(b, "runs." + ATTRIBUTE_COLUMNS.get(key), comparator, value);
        }
      }
      case METRIC -> {
        if (!SearchGrammar.METRIC_COMPARATORS.contains(comparator)) {
          throw SearchGrammar.invalidComparator(
              comparator, SearchGrammar.METRIC_COMPARATORS, false);
        }
        double value = ((Value.Num) c.value()).doubleValue();
        KeyValueChild.RUN_LATEST_METRICS.open(d, b, a, key);
        // NaN is stored as value 0 with is_nan = 1: it satisfies only "!=".
        if (comparator.equals("!=")) {
          b.sql(" AND (");
          d.compareNumber(b, a + ".value", comparator, value);
          b.sql(" OR " + a + ".is_nan = 1))");
        } else {
          b.sql(" AND ");
          d.compareNumber(b, a + ".value", comparator, value);
          b.sql(" AND " + a + ".is_nan = 0)");
        }
      }
      case PARAM, TAG -> {
        boolean param = c.type() == EntityType.PARAM;
        Set<String> valid = param ? SearchGrammar.PARAM_COMPARATORS : SearchGrammar.TAG_COMPARATORS;
        if (!valid.contains(comparator)) {
          throw SearchGrammar.invalidComparator(comparator, valid, param);
        }
        KeyValueChild child = param ? KeyValueChild.RUN_PARAMS : KeyValueChild.RUN_TAGS;
        if (comparator.equals("IS NULL") || comparator.equals("IS NOT NULL")) {
          child.presence(b, a, key, comparator.equals("IS NOT NULL"));
          return;
        }
        child.matches(d, b, a, key, comparator, SearchSql.stringValue(c, comparator));
      }
      case DATASET -> {
        if (!SearchGrammar.DATASET_COMPARATORS.contains(comparator)) {
          throw SearchGrammar.invalidComparator(
              comparator, SearchGrammar.DATASET_COMPARATORS, false);
        }
        Object value = SearchSql.stringValue(c, comparator);
        String ds = a + "d";
        b.sql("EXISTS (SELECT 1 FROM inputs " + a + " JOIN datasets " + ds);
        b.sql(" ON " + ds + ".dataset_uuid = " + a + ".source_id");
        if (key.equals("context")) {
          String tag = a + "t";
          b.sql(" JOIN input_tags " + tag + " ON " + tag + ".input_uuid = " + a + ".input_uuid");
          datasetInputCondition(b, a);
          b.sql(" AND " + tag + ".name = ").param(DATASET_CONTEXT_TAG).sql(" AND ");
          d.compareString(b, tag + ".value", comparator, value);
        } else {
          datasetInputCondition(b, a);
          b.sql(" AND ");
          d.compareString(b, ds + "." + key, comparator, value);
        }
        b.sql(")");
      }
      default -> throw new IllegalStateException(c.type().toString());
    }
  }

  private static void datasetInputCondition(SqlBuilder b, String a) {
    b.sql(" WHERE " + a + ".destination_type = ").param("RUN");
    b.sql(" AND " + a + ".destination_id = runs.run_uuid AND " + a + ".source_type = ")
        .param("DATASET");
  }

  // ---------------------------------------------------------------------------------------------
  // order_by

  private static void orderBy(List<String> orderBy, SqlBuilder joins, SqlBuilder order) {
    Set<String> observed = new HashSet<>();
    List<String> clauses = orderBy == null ? List.of() : orderBy;
    int n = 0;
    for (String clause : clauses) {
      OrderByTerm term = GRAMMAR.parseOrderBy(clause);
      String key = translateKeyAlias(term.key());
      String column;
      boolean metric = false;
      switch (term.type()) {
        case ATTRIBUTE -> column = "runs." + ATTRIBUTE_COLUMNS.get(key);
        case METRIC, PARAM, TAG -> {
          String table =
              switch (term.type()) {
                case METRIC -> "latest_metrics";
                case PARAM -> "params";
                default -> "tags";
              };
          String a = "ob" + (++n);
          // Plain "=" on the key, as MLflow: on a case-insensitive MySQL collation the ordering
          // key matches case-insensitively (the (key, run_uuid) primary key is then also
          // case-insensitive, so the join still adds no rows).
          joins.sql(
              " LEFT OUTER JOIN " + table + " " + a + " ON " + a + ".run_uuid = runs.run_uuid");
          joins.sql(" AND " + a + ".key = ").param(key);
          column = a + ".value";
          metric = term.type() == EntityType.METRIC;
          if (metric) {
            order.sql("CASE WHEN " + a + ".is_nan = 1 THEN 1 WHEN " + column + " IS NULL THEN 2");
            order.sql(" ELSE 0 END, ");
          }
        }
        default ->
            throw MlflowException.invalidParameterValue(
                "Invalid identifier type '" + term.type().mlflowName() + "'");
      }
      if (!metric) {
        order.sql("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, ");
      }
      if (!observed.add(term.type().name() + "\u0000" + key)) {
        throw SearchSql.duplicateOrderBy(clauses);
      }
      order.sql(column + (term.ascending() ? "" : " DESC") + ", ");
    }
    if (!observed.contains(EntityType.ATTRIBUTE.name() + "\u0000start_time")) {
      order.sql("runs.start_time DESC, ");
    }
    order.sql("runs.run_uuid");
  }
}
