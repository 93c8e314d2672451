package dev.trackway.store.jdbc.search;

import static dev.trackway.store.jdbc.search.TraceFilter.ATTRIBUTE;
import static dev.trackway.store.jdbc.search.TraceFilter.METADATA;
import static dev.trackway.store.jdbc.search.TraceFilter.TAG;

import dev.trackway.domain.trace.TraceKeys;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.TraceFilter.OrderKey;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ORDER BY of {@link TraceSearch} (MLflow's {@code _get_orderby_clauses_for_search_traces}):
 * each key sorts NULLs last in both directions (except the NOT NULL columns and {@code
 * end_time_ms}), then {@code timestamp_ms DESC} and {@code request_id} unless ordered on; tag and
 * metadata keys are LEFT JOINs.
 */
final class TraceOrderBy {
  private static final Set<String> NOT_NULL_ATTRIBUTES =
      Set.of("experiment_id", "timestamp_ms", "status", "request_id");

  private TraceOrderBy() {}

  static void append(List<String> orderBy, SqlBuilder joins, SqlBuilder order) {
    Set<String> observed = new HashSet<>();
    List<String> terms = new ArrayList<>();
    int id = 0;
    for (String clause : orderBy) {
      OrderKey k = TraceFilter.parseOrderBy(clause);
      if (k.type().equals(METADATA)
          && (k.key().equals(TraceKeys.TOKEN_USAGE) || k.key().equals(TraceKeys.COST))) {
        throw MlflowException.invalidParameterValue(
            "Ordering by reserved metadata '%s' is not supported because it is represented by"
                + " multiple columns.",
            k.key());
      }
      String value;
      boolean nullable = true;
      switch (k.type()) {
        case ATTRIBUTE -> {
          if (k.key().equals("end_time_ms")) {
            value = "(trace_info.timestamp_ms + COALESCE(trace_info.execution_time_ms, 0))";
            nullable = false;
          } else {
            value = "trace_info." + k.key();
            nullable = !NOT_NULL_ATTRIBUTES.contains(k.key());
          }
        }
        case TAG, METADATA -> {
          if (k.type().equals(TAG) && k.key().equals(TraceKeys.TRACE_NAME)) {
            value = "trace_info.trace_name";
          } else if (k.type().equals(METADATA) && k.key().equals(TraceKeys.SESSION)) {
            value = "trace_info.session_id";
          } else {
            String o = "o" + (++id);
            String table = k.type().equals(TAG) ? "trace_tags" : "trace_request_metadata";
            joins.sql(" LEFT OUTER JOIN (SELECT request_id, value FROM " + table);
            joins.sql(" WHERE `key` = ").param(k.key());
            joins.sql(") " + o + " ON " + o + ".request_id = trace_info.request_id");
            value = o + ".value";
          }
        }
        default ->
            throw MlflowException.invalidParameterValue("Invalid identifier type '%s'", k.type());
      }
      String observedKey = k.type() + "\u0000" + k.key();
      if (!observed.add(observedKey)) {
        throw SearchSql.duplicateOrderBy(orderBy);
      }
      if (nullable) {
        terms.add("CASE WHEN " + value + " IS NULL THEN 1 ELSE 0 END");
      }
      terms.add(value + (k.ascending() ? "" : " DESC"));
    }
    if (!observed.contains(ATTRIBUTE + "\u0000timestamp_ms")) {
      terms.add("trace_info.timestamp_ms DESC");
    }
    if (!observed.contains(ATTRIBUTE + "\u0000request_id")) {
      terms.add("trace_info.request_id");
    }
    order.sql(String.join(", ", terms));
  }
}
