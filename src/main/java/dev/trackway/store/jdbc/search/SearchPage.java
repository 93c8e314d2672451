package dev.trackway.store.jdbc.search;

import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.List;

/**
 * What each search statement is built from: MLflow's filter and order_by, the page (LIMIT and
 * OFFSET, both bound as parameters; callers paging like MLflow pass max_results + 1 as the limit)
 * and the database.
 *
 * @param filter MLflow filter string (null or empty: no filter)
 * @param orderBy MLflow order_by clauses (null or empty: the search's default order)
 */
public record SearchPage(
    String filter, List<String> orderBy, int limit, int offset, SqlVendor vendor) {

  /**
   * The vendor's dialect, once the paging values are known to be valid.
   *
   * @throws dev.trackway.error.MlflowException INVALID_PARAMETER_VALUE for a negative limit or
   *     offset
   */
  SqlDialect dialect() {
    return SearchSql.dialect(vendor, limit, offset);
  }

  /** {@code SELECT <columns> FROM <table><joins><where> ORDER BY <order> LIMIT ? OFFSET ?}. */
  SqlQuery select(String columnsFromTable, SqlBuilder joins, SqlBuilder where, SqlBuilder order) {
    return SearchSql.select(columnsFromTable, joins, where, order, limit, offset);
  }
}
