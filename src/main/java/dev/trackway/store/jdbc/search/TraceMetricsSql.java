package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyFloat;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.domain.trace.TraceMetricsQuery;
import dev.trackway.domain.trace.TraceMetricsQuery.Aggregation;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterSyntax.InvalidClauseStyle;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * SQL for MLflow's QueryTraceMetrics (the UI's dashboards; {@code sql_trace_metrics_utils.py}): one
 * aggregate statement over traces, spans (joined to their traces) or valid assessments, grouped by
 * an optional time bucket and dimensions, with MLflow's validation and labels ({@code COUNT},
 * {@code P50.0}, ...). Percentiles interpolate linearly between the closest ranks: an aggregate
 * function on SQLite, MLflow's PERCENT_RANK window emulation on MySQL.
 */
public final class TraceMetricsSql {
  public static final String TIME_BUCKET = "time_bucket";

  /** A query and the labels of its columns: dimensions first, then one per aggregation. */
  public record Built(SqlQuery query, List<String> dimensions, List<String> values) {}

  private record Metric(Set<String> aggregations, Set<String> dimensions) {}

  private static final Set<String> STATS = Set.of("SUM", "AVG", "MIN", "MAX", "PERCENTILE");
  private static final Set<String> DISTRIBUTION = Set.of("AVG", "MIN", "MAX", "PERCENTILE");
  private static final Map<String, Map<String, Metric>> CONFIGS = new LinkedHashMap<>();

  static {
    Map<String, Metric> traces = new LinkedHashMap<>();
    traces.put("trace_count", new Metric(Set.of("COUNT"), Set.of("trace_name", "trace_status")));
    traces.put("session_count", new Metric(Set.of("COUNT"), Set.of()));
    traces.put("latency", new Metric(DISTRIBUTION, Set.of("trace_name")));
    for (String t :
        List.of(
            "input_tokens",
            "output_tokens",
            "total_tokens",
            "cache_read_input_tokens",
            "cache_creation_input_tokens")) {
      traces.put(t, new Metric(STATS, Set.of("trace_name")));
    }
    Map<String, Metric> spans = new LinkedHashMap<>();
    spans.put(
        "span_count",
        new Metric(
            Set.of("COUNT"),
            Set.of(
                "span_name",
                "span_type",
                "span_status",
                "span_model_name",
                "span_model_provider")));
    spans.put("latency", new Metric(DISTRIBUTION, Set.of("span_name", "span_status")));
    for (String c : List.of("input_cost", "output_cost", "total_cost")) {
      spans.put(c, new Metric(STATS, Set.of("span_model_name", "span_model_provider")));
    }
    Map<String, Metric> assessments = new LinkedHashMap<>();
    assessments.put(
        "assessment_count",
        new Metric(Set.of("COUNT"), Set.of("assessment_name", "assessment_value")));
    assessments.put("assessment_value", new Metric(DISTRIBUTION, Set.of("assessment_name")));
    CONFIGS.put("TRACES", traces);
    CONFIGS.put("SPANS", spans);
    CONFIGS.put("ASSESSMENTS", assessments);
  }

  private TraceMetricsSql() {}

  /** The label of an aggregation's value: its type, or {@code P<percentile as Python float>}. */
  public static String label(Aggregation a) {
    return a.type().equals("PERCENTILE") ? "P" + PyFloat.repr(a.percentileValue()) : a.type();
  }

  public static Built build(TraceMetricsQuery q, List<Integer> experimentIds, SqlVendor vendor) {
    validate(q);
    SqlDialect d = SqlDialect.of(vendor);
    String view = q.viewType();
    String metric = q.metricName();
    String value = valueExpression(view, metric, d);
    SqlBuilder from = new SqlBuilder();
    SqlBuilder where = new SqlBuilder();
    switch (view) {
      case "TRACES" -> {
        from.sql(" FROM trace_info");
        experiments(where, "trace_info", experimentIds);
      }
      case "SPANS" -> {
        from.sql(" FROM trace_info JOIN spans ON spans.trace_id = trace_info.request_id");
        experiments(where, "trace_info", experimentIds);
      }
      default -> {
        from.sql(" FROM assessments");
        experiments(where, "assessments", experimentIds);
        where.sql(" AND assessments.valid = ").param(true);
      }
    }
    for (String f : q.filters() == null ? List.<String>of() : q.filters()) {
      where.sql(" AND ");
      filter(d, where, view, f);
    }
    timeRange(where, view, metric, q.startTimeMs(), q.endTimeMs());
    if (view.equals("TRACES") && metric.equals("session_count")) {
      where.sql(" AND trace_info.session_id IS NOT NULL");
    } else {
      where.sql(" AND " + value + " IS NOT NULL");
    }
    List<String> dimLabels = new ArrayList<>();
    List<String> dimExprs = new ArrayList<>();
    if (q.timeIntervalSeconds() != null && q.timeIntervalSeconds() != 0) {
      long bucketMs = q.timeIntervalSeconds() * 1000;
      String ts =
          switch (view) {
            case "TRACES" -> "trace_info.timestamp_ms";
            case "SPANS" -> "spans.start_time_unix_nano / 1000000";
            default -> "assessments.trace_timestamp_ms";
          };
      dimLabels.add(TIME_BUCKET);
      dimExprs.add("FLOOR((" + ts + ") / " + bucketMs + ") * " + bucketMs);
    }
    for (String dim : q.dimensions() == null ? List.<String>of() : q.dimensions()) {
      String expr = dimensionColumn(view, dim);
      where.sql(" AND " + expr + " IS NOT NULL");
      dimLabels.add(dim);
      dimExprs.add(expr);
    }
    List<String> valueLabels = q.aggregations().stream().map(TraceMetricsSql::label).toList();
    boolean percentile = q.aggregations().stream().anyMatch(a -> a.type().equals("PERCENTILE"));
    SqlBuilder sql = new SqlBuilder();
    if (!d.hasPercentileAggregate() && percentile) {
      // MLflow's MySQL path: PERCENT_RANK in a subquery, interpolated in the outer query
      sql.sql("SELECT ");
      for (int i = 0; i < dimExprs.size(); i++) {
        sql.sql("sub.d" + i + ", ");
      }
      for (int i = 0; i < q.aggregations().size(); i++) {
        sql.sql(i > 0 ? ", " : "");
        Aggregation a = q.aggregations().get(i);
        if (a.type().equals("PERCENTILE")) {
          double p = a.percentileValue() / 100;
          String low = "MAX(CASE WHEN sub.r <= " + p + " THEN sub.v END)";
          String hi = "MIN(CASE WHEN sub.r >= " + p + " THEN sub.v END)";
          String lowRank = "MAX(CASE WHEN sub.r <= " + p + " THEN sub.r END)";
          String hiRank = "MIN(CASE WHEN sub.r >= " + p + " THEN sub.r END)";
          sql.sql(
              "COALESCE("
                  + low
                  + " + ("
                  + hi
                  + " - "
                  + low
                  + ") * ("
                  + p
                  + " - "
                  + lowRank
                  + ") / NULLIF("
                  + hiRank
                  + " - "
                  + lowRank
                  + ", 0), "
                  + low
                  + ")");
        } else {
          sql.sql(aggregate(a, "sub.v"));
        }
      }
      sql.sql(" FROM (SELECT ");
      for (int i = 0; i < dimExprs.size(); i++) {
        sql.sql(dimExprs.get(i) + " AS d" + i + ", ");
      }
      sql.sql(value + " AS v, PERCENT_RANK() OVER (");
      if (!dimExprs.isEmpty()) {
        sql.sql("PARTITION BY " + String.join(", ", dimExprs) + " ");
      }
      sql.sql("ORDER BY " + value + ") AS r").append(from).sql(" WHERE ").append(where);
      sql.sql(") sub");
      if (!dimExprs.isEmpty()) {
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < dimExprs.size(); i++) {
          cols.add("sub.d" + i);
        }
        sql.sql(" GROUP BY " + String.join(", ", cols) + " ORDER BY " + String.join(", ", cols));
      }
    } else {
      sql.sql("SELECT ");
      for (String e : dimExprs) {
        sql.sql(e + ", ");
      }
      for (int i = 0; i < q.aggregations().size(); i++) {
        sql.sql(i > 0 ? ", " : "");
        Aggregation a = q.aggregations().get(i);
        if (metric.equals("session_count") && view.equals("TRACES")) {
          sql.sql("COUNT(DISTINCT trace_info.session_id)");
        } else {
          sql.sql(aggregate(a, value));
        }
      }
      sql.append(from).sql(" WHERE ").append(where);
      if (!dimExprs.isEmpty()) {
        sql.sql(" GROUP BY " + String.join(", ", dimExprs));
        sql.sql(" ORDER BY " + String.join(", ", dimExprs));
      }
    }
    sql.sql(" LIMIT ").param(q.maxResults());
    return new Built(sql.build(), dimLabels, valueLabels);
  }

  private static void experiments(SqlBuilder where, String table, List<Integer> ids) {
    if (ids.isEmpty()) {
      where.sql("1 = 0");
    } else {
      where.sql(table + ".experiment_id IN ").paramList(ids);
    }
  }

  private static String aggregate(Aggregation a, String column) {
    return switch (a.type()) {
      case "COUNT" -> "COUNT(" + column + ")";
      case "SUM" -> "SUM(" + column + ")";
      case "AVG" -> "AVG(" + column + ")";
      case "MIN" -> "MIN(" + column + ")";
      case "MAX" -> "MAX(" + column + ")";
      case "PERCENTILE" -> "percentile(" + column + ", " + a.percentileValue() + ")";
      default ->
          throw MlflowException.invalidParameterValue("Unsupported aggregation type: %s", a.type());
    };
  }

  private static String valueExpression(String view, String metric, SqlDialect d) {
    return switch (view) {
      case "TRACES" ->
          switch (metric) {
            case "trace_count" -> "trace_info.request_id";
            case "session_count" -> "trace_info.session_id";
            case "latency" -> "trace_info.execution_time_ms";
            default -> "trace_info." + metric;
          };
      case "SPANS" ->
          switch (metric) {
            case "span_count" -> "spans.span_id";
            case "latency" ->
                d.integerDivide(
                    "(spans.end_time_unix_nano - spans.start_time_unix_nano)", "1000000");
            default -> "spans." + metric;
          };
      default ->
          metric.equals("assessment_count")
              ? "assessments.assessment_id"
              : "assessments.aggregate_value";
    };
  }

  private static String dimensionColumn(String view, String dimension) {
    return switch (dimension) {
      case "trace_name" -> "trace_info.trace_name";
      case "trace_status" -> "trace_info.status";
      case "span_name" -> "spans.name";
      case "span_type" -> "spans.type";
      case "span_status" -> "spans.status";
      case "span_model_name" -> "spans.model_name";
      case "span_model_provider" -> "spans.model_provider";
      case "assessment_name" -> "assessments.name";
      case "assessment_value" -> "assessments.value";
      default ->
          throw MlflowException.invalidParameterValue(
              "Unsupported dimension `%s` with view type %s", dimension, view);
    };
  }

  private static void timeRange(
      SqlBuilder where, String view, String metric, Long startMs, Long endMs) {
    boolean spanCost = view.equals("SPANS") && metric.endsWith("_cost");
    if (spanCost) {
      if (startMs != null) {
        where.sql(" AND spans.start_time_unix_nano >= ").param(startMs * 1_000_000L);
      }
      if (endMs != null) {
        where.sql(" AND spans.start_time_unix_nano < ").param((endMs + 1) * 1_000_000L);
      }
      return;
    }
    String ts =
        view.equals("ASSESSMENTS") ? "assessments.trace_timestamp_ms" : "trace_info.timestamp_ms";
    if (startMs != null) {
      where.sql(" AND " + ts + " >= ").param(startMs);
    }
    if (endMs != null) {
      where.sql(" AND " + ts + " <= ").param(endMs);
    }
  }

  // ------------------------------------------------------------------ validation

  static void validate(TraceMetricsQuery q) {
    Map<String, Metric> metrics = CONFIGS.get(q.viewType());
    if (metrics == null) {
      throw MlflowException.invalidParameterValue(
          "view_type must be one of %s, got '%s'",
          PyRepr.list(new ArrayList<>(CONFIGS.keySet())), q.viewType());
    }
    Metric m = metrics.get(q.metricName());
    if (m == null) {
      throw MlflowException.invalidParameterValue(
          "metric_name must be one of %s, got '%s'",
          PyRepr.list(new ArrayList<>(metrics.keySet())), q.metricName());
    }
    TreeSet<String> invalid = new TreeSet<>();
    for (Aggregation a : q.aggregations()) {
      if (!m.aggregations().contains(a.type())) {
        invalid.add(a.type());
      }
    }
    if (!invalid.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Found invalid aggregation_type(s): %s. Supported aggregation types: %s",
          PyRepr.list(new ArrayList<>(invalid)),
          PyRepr.list(new ArrayList<>(new TreeSet<>(m.aggregations()))));
    }
    TreeSet<String> badDims = new TreeSet<>();
    for (String dim : q.dimensions() == null ? List.<String>of() : q.dimensions()) {
      if (!m.dimensions().contains(dim)) {
        badDims.add(dim);
      }
    }
    if (!badDims.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Found invalid dimension(s): %s. Supported dimensions: %s",
          PyRepr.list(new ArrayList<>(badDims)),
          PyRepr.list(new ArrayList<>(new TreeSet<>(m.dimensions()))));
    }
    if (q.timeIntervalSeconds() != null
        && q.timeIntervalSeconds() != 0
        && (q.startTimeMs() == null || q.endTimeMs() == null)) {
      throw MlflowException.invalidParameterValue(
          "start_time_ms and end_time_ms are required if time_interval_seconds is set");
    }
  }

  // ------------------------------------------------------------------ filters

  private static final Map<String, Map<String, Boolean>> FILTER_ENTITIES =
      Map.of(
          "trace", Map.of("status", false, "tag", true, "metadata", true),
          "span", Map.of("name", false, "status", false, "type", false),
          "assessment", Map.of("name", false, "type", false));

  private static void filter(SqlDialect d, SqlBuilder b, String view, String filter) {
    List<RawComparison> raw = FilterSyntax.parseFilter(filter, InvalidClauseStyle.PLAIN);
    if (raw.size() != 1) {
      throw MlflowException.invalidParameterValue(
          "Invalid filter: '%s'. Expected one filter clause.", filter);
    }
    RawComparison c = raw.get(0);
    if (c.isNullCheck() || !(c.left() instanceof Operand.Identifier)) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparison clause. Expected 'Identifier' found '%s'", c.left().text());
    }
    String[] parts = c.left().text().split("\\.", 3);
    if (parts.length < 2) {
      throw MlflowException.invalidParameterValue(
          "Invalid identifier %s. Columns should be specified as 'trace.<key>', 'span.<key>',"
              + " 'assessment.<key>'.",
          PyRepr.str(c.left().text()));
    }
    String viewType = SearchGrammar.trimBackticks(parts[0]);
    Map<String, Boolean> entities = FILTER_ENTITIES.get(viewType);
    if (entities == null) {
      throw MlflowException.invalidParameterValue(
          "Invalid view type '%s'. Valid values are dict_keys(['trace', 'span', 'assessment'])",
          viewType);
    }
    String entity = parts[1];
    Boolean keyRequired = entities.get(entity);
    if (keyRequired == null) {
      throw MlflowException.invalidParameterValue(
          "Invalid entity '%s' specified for view type '%s'. Valid entities are %s",
          entity, viewType, PyRepr.list(new ArrayList<>(entities.keySet())));
    }
    String key = parts.length > 2 ? parts[2] : null;
    if (keyRequired && key == null) {
      throw MlflowException.invalidParameterValue(
          "Filtering by %s requires a key, e.g. '%s.%s.<key> = <value>'", entity, viewType, entity);
    }
    if (!keyRequired && key != null) {
      throw MlflowException.invalidParameterValue(
          "Filtering by %s does not require a key, use '%s.%s' instead", entity, viewType, entity);
    }
    if (key != null) {
      key = SearchGrammar.trimBackticks(SearchGrammar.stripQuotes(key));
    }
    if (!c.comparator().equals("=")) {
      throw MlflowException.invalidParameterValue(
          "Invalid comparator: '%s', only '=' operator is supported", c.comparator());
    }
    if (!SearchGrammar.isStringToken(c.right())) {
      throw MlflowException.invalidParameterValue(
          "Expected a quoted string value for %s value (e.g. 'my-value'). Got value %s",
          entity, c.right().text());
    }
    String value = SearchGrammar.quotedString(c.right().text());
    boolean assessments = view.equals("ASSESSMENTS");
    String traceId = assessments ? "assessments.trace_id" : "trace_info.request_id";
    switch (viewType) {
      case "trace" -> {
        SqlBuilder cond = new SqlBuilder();
        switch (entity) {
          case "status" -> cond.sql("trace_info.status = ").param(value);
          case "metadata" -> {
            if (key.equals(TraceKeys.SESSION)) {
              cond.sql("trace_info.session_id = ").param(value);
            } else if (key.equals(TraceKeys.TOKEN_USAGE) || key.equals(TraceKeys.COST)) {
              AnalyticsMetadata.filter(cond, key, "=", value);
            } else {
              SqlBuilder m = new SqlBuilder();
              m.sql(
                  "EXISTS (SELECT 1 FROM trace_request_metadata m WHERE m.request_id = " + traceId);
              m.sql(" AND m.`key` = ").param(key).sql(" AND m.value = ").param(value).sql(")");
              if (key.equals(TraceFilter.SOURCE_RUN)) {
                m.sql(" OR EXISTS (SELECT 1 FROM entity_associations ea WHERE ea.source_id = ");
                m.sql(traceId + " AND ea.source_type = 'trace' AND ea.destination_type = 'run'");
                m.sql(" AND ea.destination_id = ").param(value).sql(")");
              }
              b.sql("(").append(m).sql(")");
              return;
            }
          }
          default -> {
            if (key.equals(TraceKeys.TRACE_NAME)) {
              cond.sql("trace_info.trace_name = ").param(value);
            } else {
              b.sql("EXISTS (SELECT 1 FROM trace_tags t WHERE t.request_id = " + traceId);
              b.sql(" AND t.`key` = ").param(key).sql(" AND t.value = ").param(value).sql(")");
              return;
            }
          }
        }
        if (assessments) {
          b.sql("EXISTS (SELECT 1 FROM trace_info WHERE trace_info.request_id = ");
          b.sql("assessments.trace_id AND ").append(cond).sql(")");
        } else {
          b.append(cond);
        }
      }
      case "span" -> {
        if (!view.equals("SPANS")) {
          throw MlflowException.invalidParameterValue(
              "Filtering by span is only supported for SPANS view type, got %s", view);
        }
        b.sql("spans." + entity + " = ").param(value);
      }
      default -> {
        if (!assessments) {
          throw MlflowException.invalidParameterValue(
              "Filtering by assessment is only supported for ASSESSMENTS view type, got %s", view);
        }
        b.sql(entity.equals("name") ? "assessments.name = " : "assessments.assessment_type = ");
        b.param(value);
      }
    }
  }
}
