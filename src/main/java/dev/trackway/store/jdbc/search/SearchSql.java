package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.domain.ViewType;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.List;

/** The pieces every search statement shares: paging, lifecycle view, the final assembly. */
final class SearchSql {
  private SearchSql() {}

  /** Translates one comparison into SQL, with a table alias of its own. */
  @FunctionalInterface
  interface Translator<C> {
    void append(C comparison, SqlDialect d, SqlBuilder b, String alias);
  }

  /** The vendor's dialect, once the paging values are known to be valid. */
  static SqlDialect dialect(SqlVendor vendor, int limit, int offset) {
    if (limit < 0 || offset < 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid limit/offset for search: limit=" + limit + ", offset=" + offset);
    }
    return SqlDialect.of(vendor);
  }

  /** {@code AND table.lifecycle_stage IN (...)} for the view type (null: ACTIVE_ONLY). */
  static void lifecycle(SqlBuilder where, String table, ViewType viewType) {
    ViewType view = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
    where.sql(" AND " + table + ".lifecycle_stage IN ").paramList(view.lifecycleStages());
  }

  /** {@code AND <comparison>} for each comparison, with aliases f1, f2, ... */
  static <C> void filters(
      SqlBuilder where, List<C> comparisons, SqlDialect d, Translator<C> translator) {
    int alias = 0;
    for (C c : comparisons) {
      where.sql(" AND ");
      translator.append(c, d, where, "f" + (++alias));
    }
  }

  /** {@code SELECT <columns> FROM <table><joins><where> ORDER BY <order> LIMIT ? OFFSET ?}. */
  static SqlQuery select(
      String columnsFromTable,
      SqlBuilder joins,
      SqlBuilder where,
      SqlBuilder order,
      int limit,
      int offset) {
    SqlBuilder sql = new SqlBuilder().sql("SELECT " + columnsFromTable);
    sql.append(joins).append(where).sql(" ORDER BY ").append(order);
    sql.sql(" LIMIT ").param(limit).sql(" OFFSET ").param(offset);
    return sql.build();
  }

  /** MLflow's {@code _parse_experiment_id}: an integer, else INVALID_PARAMETER_VALUE. */
  static Long parseExperimentId(String id) {
    try {
      return Long.parseLong(id.strip());
    } catch (RuntimeException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid experiment ID '" + id + "'. Experiment ID must be a valid integer.");
    }
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** MLflow's error for an order_by key given twice. */
  static MlflowException duplicateOrderBy(List<String> clauses) {
    return MlflowException.invalidParameterValue(
        "`order_by` contains duplicate fields: " + PyRepr.list(clauses));
  }

  /** The error of a list compared with something else than IN / NOT IN. */
  static MlflowException listComparator(String comparator) {
    return MlflowException.invalidParameterValue(
        "Invalid comparator '"
            + comparator
            + "' for a list of values: a list can only be compared with 'IN' or 'NOT IN'.");
  }

  /** The bound value of a string comparison: a String, or a List for IN / NOT IN. */
  static Object stringValue(Comparison c, String comparator) {
    boolean list = comparator.equals("IN") || comparator.equals("NOT IN");
    if (c.value() instanceof Value.StrList l) {
      if (!list) {
        throw listComparator(comparator);
      }
      return l.values();
    }
    if (c.value() instanceof Value.Str s) {
      // IN / NOT IN always come with a parenthesised list (the syntax requires it).
      return list ? List.of(s.value()) : s.value();
    }
    throw new IllegalStateException("Unexpected value " + c.value());
  }
}
