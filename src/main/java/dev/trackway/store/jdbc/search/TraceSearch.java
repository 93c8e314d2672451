package dev.trackway.store.jdbc.search;

import static dev.trackway.store.jdbc.search.TraceFilter.ATTRIBUTE;
import static dev.trackway.store.jdbc.search.TraceFilter.EXPECTATION;
import static dev.trackway.store.jdbc.search.TraceFilter.FEEDBACK;
import static dev.trackway.store.jdbc.search.TraceFilter.ISSUE;
import static dev.trackway.store.jdbc.search.TraceFilter.METADATA;
import static dev.trackway.store.jdbc.search.TraceFilter.SPAN;
import static dev.trackway.store.jdbc.search.TraceFilter.TAG;

import dev.trackway.compat.PyJsonText;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.TraceFilter.Clause;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SQL for MLflow's {@code search_traces} on {@code trace_info}, as MLflow's SQLAlchemy store builds
 * it ({@code _get_filter_clauses_for_search_traces}, {@code
 * _get_orderby_clauses_for_search_traces}, {@code _apply_trace_filter_clauses}), as one statement
 * per page.
 *
 * <p>Attribute clauses compare {@code trace_info} columns ({@code end_time_ms} is {@code
 * timestamp_ms + COALESCE(execution_time_ms, 0)}); the trace name and session are columns too. Tag
 * and metadata clauses are {@code EXISTS} on the key/value tables (MLflow joins a subquery on the
 * primary key, which selects the same rows). All span clauses of a filter go into one {@code
 * EXISTS} on {@code spans}, so they must hold for the same span. Assessment clauses consider valid
 * assessments only, and a session-scoped assessment covers every trace of its session. {@code
 * run_id = 'x'} also finds traces linked to the run. String comparisons are case-sensitive on both
 * databases, {@code ILIKE} is not; {@code RLIKE} is a regular-expression search ({@code REGEXP}, a
 * function Trackway registers on SQLite).
 *
 * <p>Order: each key sorts NULLs last in both directions (except the NOT NULL columns and {@code
 * end_time_ms}), then {@code timestamp_ms DESC} and {@code request_id} unless ordered on. Tag and
 * metadata keys are LEFT JOINs. Deliberate difference: a duplicated order_by key is
 * INVALID_PARAMETER_VALUE (MLflow answers 500 without an error code).
 */
public final class TraceSearch {
  private static final long SPAN_TIMESTAMP_TOLERANCE_MS = 10_000;

  /** The tag and metadata keys MLflow keeps in a {@code trace_info} column, and that column. */
  private static final Map<String, Map<String, String>> COLUMN_KEYS =
      Map.of(
          TAG,
          Map.of(TraceKeys.TRACE_NAME, "trace_info.trace_name"),
          METADATA,
          Map.of(TraceKeys.SESSION, "trace_info.session_id"));

  private TraceSearch() {}

  /**
   * {@code SELECT <columns> FROM trace_info ... ORDER BY ... LIMIT ? OFFSET ?} for a page.
   *
   * @param columns the select list (qualified with {@code trace_info.})
   * @param experimentIds the experiments searched (empty matches nothing)
   */
  public static SqlQuery build(
      String columns,
      List<Integer> experimentIds,
      String filter,
      List<String> orderBy,
      int limit,
      int offset,
      SqlVendor vendor) {
    SqlDialect d = SqlDialect.of(vendor);
    SqlBuilder joins = new SqlBuilder();
    SqlBuilder order = new SqlBuilder();
    TraceOrderBy.append(orderBy == null ? List.of() : orderBy, joins, order);
    SqlBuilder where = where(experimentIds, filter, d);
    SqlBuilder sql = new SqlBuilder().sql("SELECT " + columns + " FROM trace_info");
    sql.append(joins).append(where).sql(" ORDER BY ").append(order);
    sql.sql(" LIMIT ").param(limit).sql(" OFFSET ").param(offset);
    return sql.build();
  }

  /** {@code SELECT COUNT(*) FROM trace_info WHERE <experiments> AND <filter>}. */
  public static SqlQuery count(List<Integer> experimentIds, String filter, SqlVendor vendor) {
    SqlDialect d = SqlDialect.of(vendor);
    return new SqlBuilder()
        .sql("SELECT COUNT(*) FROM trace_info")
        .append(where(experimentIds, filter, d))
        .build();
  }

  /** Validates a filter without building SQL (the same errors as a search). */
  public static void validate(String filter, SqlVendor vendor) {
    where(List.of(0), filter, SqlDialect.of(vendor));
  }

  /** {@code WHERE trace_info.experiment_id IN (...) AND <each clause>}. */
  public static SqlBuilder where(List<Integer> experimentIds, String filter, SqlDialect d) {
    List<Clause> clauses = TraceFilter.parse(filter);
    SqlBuilder where = new SqlBuilder().sql(" WHERE ");
    if (experimentIds.isEmpty()) {
      where.sql("1 = 0");
    } else {
      where.sql("trace_info.experiment_id IN ").paramList(experimentIds);
    }
    List<SqlBuilder> spanConditions = new ArrayList<>();
    Long spanLowerBoundMs = null;
    String runId = null;
    int alias = 0;
    for (Clause c : clauses) {
      String comparator = c.comparator();
      String a = "f" + (++alias);
      // MLflow checks the clause kinds in this order; each check refuses a bad comparator
      if (c.type().equals(ISSUE)) {
        checkIssue(c.key(), comparator);
        where.sql(" AND trace_info.request_id IN (SELECT " + a + ".trace_id FROM assessments ");
        where.sql(a + " WHERE " + a + ".assessment_type = 'issue' AND " + a + ".name = ");
        where.param(c.value()).sql(")");
        continue;
      }
      if (c.type().equals(ATTRIBUTE)) {
        boolean numeric = TraceFilter.NUMERIC_ATTRIBUTES.contains(c.key());
        if (numeric && !TraceFilter.NUMERIC_ATTRIBUTE_COMPARATORS.contains(comparator)) {
          // MLflow lists the string comparators here (sic)
          throw TraceFilter.invalidComparator(comparator, TraceFilter.STRING_ATTRIBUTE_COMPARATORS);
        }
        if (!numeric && !TraceFilter.STRING_ATTRIBUTE_COMPARATORS.contains(comparator)) {
          throw TraceFilter.invalidComparator(comparator, TraceFilter.STRING_ATTRIBUTE_COMPARATORS);
        }
        if (c.key().equals("timestamp_ms")
            && (comparator.equals(">") || comparator.equals(">="))
            && c.value() instanceof Number n) {
          long v = (long) Math.floor(n.doubleValue());
          spanLowerBoundMs = spanLowerBoundMs == null ? v : Math.max(spanLowerBoundMs, v);
        }
        String column =
            c.key().equals("end_time_ms")
                ? "(trace_info.timestamp_ms + COALESCE(trace_info.execution_time_ms, 0))"
                : "trace_info." + c.key();
        where.sql(" AND ");
        if (numeric) {
          d.compareNumber(where, column, comparator, c.value());
        } else {
          compare(d, where, column, comparator, c.value());
        }
        continue;
      }
      if (c.type().equals(TAG) || c.type().equals(METADATA)) {
        checkComparator(
            comparator,
            c.type().equals(TAG) ? TraceFilter.TAG_COMPARATORS : TraceFilter.METADATA_COMPARATORS);
        String column = COLUMN_KEYS.get(c.type()).get(c.key());
        if (column != null) {
          where.sql(" AND ");
          column(d, where, column, comparator, c.value());
          continue;
        }
      }
      if (c.type().equals(TAG)) {
        if (c.key().equals(TraceFilter.LINKED_PROMPTS_TAG)) {
          prompt(where, a, comparator, c.value());
          continue;
        }
        keyValue(d, where, "trace_tags", a, c.key(), comparator, c.value());
        continue;
      }
      if (c.type().equals(METADATA)) {
        if (c.key().equals(TraceKeys.TOKEN_USAGE) || c.key().equals(TraceKeys.COST)) {
          where.sql(" AND ");
          AnalyticsMetadata.filter(where, c.key(), comparator, (String) c.value());
          continue;
        }
        if (c.key().equals(TraceFilter.SOURCE_RUN) && comparator.equals("=")) {
          runId = (String) c.value();
          continue;
        }
        keyValue(d, where, "trace_request_metadata", a, c.key(), comparator, c.value());
        continue;
      }
      if (c.type().equals(SPAN)) {
        TraceFilter.checkSpan(c.key(), comparator);
        spanConditions.add(spanCondition(d, c.key(), comparator, c.value()));
        continue;
      }
      if (c.type().equals(FEEDBACK) || c.type().equals(EXPECTATION)) {
        if (c.key().isEmpty()) {
          throw MlflowException.invalidParameterValue("Assessment field name cannot be empty");
        }
        if (!TraceFilter.ASSESSMENT_COMPARATORS.contains(comparator)) {
          throw MlflowException.invalidParameterValue(
              "assessment.%s comparator '%s' not one of '%s'",
              c.key(), comparator, PyRepr.set(TraceFilter.ASSESSMENT_COMPARATORS));
        }
        assessment(d, where, experimentIds, a, c.type(), c.key(), comparator, c.value());
        continue;
      }
      throw MlflowException.invalidParameterValue("Invalid search expression type '%s'", c.type());
    }
    if (!spanConditions.isEmpty()) {
      where.sql(" AND EXISTS (SELECT 1 FROM spans WHERE spans.trace_id = trace_info.request_id");
      where.sql(" AND spans.experiment_id = trace_info.experiment_id");
      if (spanLowerBoundMs != null) {
        where
            .sql(" AND spans.start_time_unix_nano >= ")
            .param((spanLowerBoundMs - SPAN_TIMESTAMP_TOLERANCE_MS) * 1_000_000L);
      }
      for (SqlBuilder s : spanConditions) {
        where.sql(" AND ").append(s);
      }
      where.sql(")");
    }
    if (runId != null) {
      where.sql(" AND (EXISTS (SELECT 1 FROM entity_associations ea WHERE");
      where.sql(" ea.source_id = trace_info.request_id AND ea.source_type = 'trace'");
      where.sql(" AND ea.destination_type = 'run' AND ea.destination_id = ").param(runId);
      where.sql(") OR EXISTS (SELECT 1 FROM trace_request_metadata rm WHERE");
      where
          .sql(" rm.request_id = trace_info.request_id AND rm.`key` = ")
          .param(TraceFilter.SOURCE_RUN);
      where.sql(" AND rm.value = ").param(runId).sql("))");
    }
    return where;
  }

  private static void checkComparator(String comparator, Set<String> valid) {
    if (!valid.contains(comparator)) {
      throw TraceFilter.invalidComparator(comparator, valid);
    }
  }

  private static void checkIssue(String key, String comparator) {
    if (!key.equals("id")) {
      throw MlflowException.invalidParameterValue(
          "Invalid issue attribute '%s'. Supported attributes: id", key);
    }
    if (!comparator.equals("=")) {
      throw MlflowException.invalidParameterValue(
          "issue.%s comparator '%s' not one of '%s'", key, comparator, PyRepr.set(Set.of("=")));
    }
  }

  /** A string comparison including RLIKE, whose value may be a list for IN / NOT IN. */
  static void compare(SqlDialect d, SqlBuilder b, String column, String comparator, Object value) {
    if (comparator.equals("RLIKE")) {
      regexp(d, b, column, value);
      return;
    }
    if (comparator.equals("IN") || comparator.equals("NOT IN")) {
      d.compareString(b, column, comparator, value instanceof List<?> ? value : List.of(value));
      return;
    }
    if (value instanceof List<?>) {
      throw SearchSql.listComparator(comparator);
    }
    d.compareString(b, column, comparator, value);
  }

  /** A nullable column: IS [NOT] NULL or a string comparison. */
  private static void column(
      SqlDialect d, SqlBuilder b, String column, String comparator, Object value) {
    switch (comparator) {
      case "IS NULL" -> b.sql(column + " IS NULL");
      case "IS NOT NULL" -> b.sql(column + " IS NOT NULL");
      default -> compare(d, b, column, comparator, value);
    }
  }

  /** {@code col REGEXP ?}: case-sensitive regular-expression search anywhere in the value. */
  static void regexp(SqlDialect d, SqlBuilder b, String column, Object value) {
    d.regexp(b, column, value);
  }

  private static void keyValue(
      SqlDialect d,
      SqlBuilder where,
      String table,
      String a,
      String key,
      String comparator,
      Object value) {
    if (comparator.equals("IS NULL") || comparator.equals("IS NOT NULL")) {
      where.sql(comparator.equals("IS NULL") ? " AND NOT EXISTS" : " AND EXISTS");
      where.sql(" (SELECT 1 FROM " + table + " " + a + " WHERE " + a + ".request_id =");
      where.sql(" trace_info.request_id AND " + a + ".`key` = ").param(key).sql(")");
      return;
    }
    where.sql(" AND EXISTS (SELECT 1 FROM " + table + " " + a + " WHERE " + a + ".request_id =");
    where.sql(" trace_info.request_id AND ");
    d.keyEquals(where, a + ".`key`", key);
    where.sql(" AND ");
    compare(d, where, a + ".value", comparator, value);
    where.sql(")");
  }

  private static void prompt(SqlBuilder where, String a, String comparator, Object value) {
    if (!comparator.equals("=")) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparator '%s' for prompts filter. Only '=' is supported with format:"
              + " prompt = \"name/version\"",
          comparator);
    }
    String v = String.valueOf(value);
    if (v.chars().filter(ch -> ch == '/').count() != 1) {
      throw MlflowException.invalidParameterValue(
          "Invalid prompts filter value '%s'. Expected format: prompt = \"name/version\"", v);
    }
    where.sql(" AND trace_info.request_id IN (SELECT " + a + ".source_id FROM");
    where.sql(" entity_associations " + a + " WHERE " + a + ".source_type = 'trace' AND ");
    where.sql(a + ".destination_type = 'prompt_version' AND " + a + ".destination_id = ");
    where.param(v).sql(")");
  }

  private static SqlBuilder spanCondition(
      SqlDialect d, String key, String comparator, Object value) {
    SqlBuilder b = new SqlBuilder();
    if (key.startsWith("attributes.")) {
      String attr = SearchGrammar.trimBackticks(key.substring("attributes.".length()));
      String v = value instanceof List<?> l ? PyRepr.list(stringList(l)) : (String) value;
      if (comparator.equals("RLIKE")) {
        String transformed = v;
        String prefix = "\"\\\\\".*";
        String suffix = "";
        if (v.startsWith("^")) {
          transformed = transformed.substring(1);
          prefix = "\"\\\\\"";
        }
        if (v.endsWith("$")) {
          transformed = transformed.substring(0, transformed.length() - 1);
          suffix = "\\\\\"";
        }
        regexp(d, b, "spans.content", "\"" + attr + "\": " + prefix + transformed + suffix);
      } else {
        compare(d, b, "spans.content", comparator, "%\"" + attr + "\"" + v + "%");
      }
      return b;
    }
    compare(d, b, "spans." + key, comparator, value);
    return b;
  }

  private static List<String> stringList(List<?> l) {
    List<String> out = new ArrayList<>();
    l.forEach(x -> out.add(String.valueOf(x)));
    return out;
  }

  // ------------------------------------------------------------------ assessments

  private static void assessment(
      SqlDialect d,
      SqlBuilder where,
      List<Integer> experimentIds,
      String a,
      String type,
      String name,
      String comparator,
      Object value) {
    // conditions on an assessments row aliased `t`
    java.util.function.BiConsumer<SqlBuilder, String> base =
        (b, t) -> {
          b.sql(t + ".assessment_type = ").param(type);
          b.sql(" AND " + t + ".name = ").param(name);
          b.sql(" AND " + t + ".valid = ").param(true);
        };
    java.util.function.BiConsumer<SqlBuilder, String> valueCondition = null;
    if (!comparator.equals("IS NULL") && !comparator.equals("IS NOT NULL")) {
      valueCondition =
          (b, t) -> {
            b.sql(" AND ");
            switch (comparator) {
              case "<", "<=", ">", ">=" -> {
                b.sql(t + ".is_numeric_value = ").param(true).sql(" AND ");
                d.compareNumber(b, t + ".aggregate_value", comparator, toDouble(value));
              }
              case "=", "!=" -> jsonEquality(d, b, t + ".value", comparator, (String) value);
              default -> compare(d, b, t + ".value", comparator, value);
            }
          };
    }
    java.util.function.BiConsumer<SqlBuilder, String> conditions =
        valueCondition == null ? base : base.andThen(valueCondition);
    if (comparator.equals("IS NULL")) {
      where.sql(" AND NOT EXISTS (SELECT 1 FROM assessments " + a + " WHERE " + a + ".trace_id =");
      where.sql(" trace_info.request_id AND ");
      conditions.accept(where, a);
      where.sql(") AND trace_info.request_id NOT IN (");
      sessionCovered(where, experimentIds, a + "s", conditions);
      where.sql(")");
      return;
    }
    where.sql(" AND trace_info.request_id IN (SELECT " + a + ".trace_id FROM assessments " + a);
    where.sql(" WHERE ");
    conditions.accept(where, a);
    where.sql(" UNION ");
    sessionCovered(where, experimentIds, a + "s", conditions);
    where.sql(")");
  }

  private static Double toDouble(Object v) {
    return v instanceof Number n ? n.doubleValue() : Double.valueOf(String.valueOf(v));
  }

  /**
   * The traces of sessions that have a matching session-scoped assessment (its metadata names the
   * session).
   */
  private static void sessionCovered(
      SqlBuilder b,
      List<Integer> experimentIds,
      String a,
      java.util.function.BiConsumer<SqlBuilder, String> conditions) {
    String ti = a + "t";
    String ti2 = a + "u";
    String as = a + "a";
    b.sql("SELECT " + ti + ".request_id FROM trace_info " + ti + " WHERE ");
    experiments(b, ti, experimentIds);
    b.sql(" AND " + ti + ".session_id IN (SELECT " + ti2 + ".session_id FROM trace_info " + ti2);
    b.sql(" JOIN assessments " + as + " ON " + as + ".trace_id = " + ti2 + ".request_id WHERE ");
    experiments(b, ti2, experimentIds);
    b.sql(" AND " + ti2 + ".session_id IS NOT NULL AND ");
    conditions.accept(b, as);
    b.sql(" AND " + as + ".assessment_metadata IS NOT NULL AND " + as);
    b.sql(".assessment_metadata LIKE ").param("%\"" + TraceKeys.SESSION + "\":%").sql(")");
  }

  private static void experiments(SqlBuilder b, String alias, List<Integer> experimentIds) {
    if (experimentIds.isEmpty()) {
      b.sql("1 = 0");
    } else {
      b.sql(alias + ".experiment_id IN ").paramList(experimentIds);
    }
  }

  /**
   * Equality with an assessment's JSON value: the raw text or its JSON string form ({@code yes}
   * matches a stored {@code "yes"}, {@code 0.7} a stored {@code 0.7}).
   */
  private static void jsonEquality(
      SqlDialect d, SqlBuilder b, String column, String comparator, String value) {
    String json = PyJsonText.dumpsString(value, true);
    b.sql(comparator.equals("!=") ? "NOT (" : "(");
    d.compareString(b, column, "=", value);
    b.sql(" OR ");
    d.compareString(b, column, "=", json);
    b.sql(")");
  }
}
