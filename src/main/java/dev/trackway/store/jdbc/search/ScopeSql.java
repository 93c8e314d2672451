package dev.trackway.store.jdbc.search;

import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.auth.ReadScope;
import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The caller's read scope as a predicate of a search statement, so the database returns only what
 * the caller may read and pages stay full (the filtering MLflow does before or after the query).
 */
public final class ScopeSql {
  private static final Pattern EXPERIMENT_ID = Pattern.compile("0|[1-9]\\d{0,18}");
  private static final BigInteger MAX_ID = BigInteger.valueOf(Long.MAX_VALUE);

  private ScopeSql() {}

  /** {@code AND experiments.experiment_id [NOT] IN (...)}; ids that are no experiment id drop. */
  public static void experiments(SqlBuilder where, ReadScope scope, String column) {
    if (scope == null || scope.isAll()) {
      return;
    }
    List<Long> ids = new ArrayList<>();
    for (String id : scope.ids()) {
      if (EXPERIMENT_ID.matcher(id).matches() && new BigInteger(id).compareTo(MAX_ID) <= 0) {
        ids.add(Long.parseLong(id));
      }
    }
    ids.sort(null);
    if (ids.isEmpty()) {
      where.sql(scope.kind() == ReadScope.Kind.ONLY ? " AND 1 = 0" : "");
      return;
    }
    where
        .sql(" AND " + column + (scope.kind() == ReadScope.Kind.ONLY ? " IN " : " NOT IN "))
        .paramList(ids);
  }

  /**
   * {@code AND ((<prompt> AND <prompts scope>) OR (NOT <prompt> AND <models scope>))} where {@code
   * <prompt>} is "tagged mlflow.prompt.is_prompt=true in {@code tagsTable}".
   *
   * @param table the searched table ({@code registered_models} or {@code model_versions})
   * @param keys the columns joining the tags to a row ({@code workspace, name[, version]})
   */
  public static void registry(
      SqlBuilder where,
      RegistryScope scope,
      SqlDialect d,
      String table,
      String tagsTable,
      List<String> keys) {
    if (scope == null || scope.isAll()) {
      return;
    }
    StringBuilder prompt = new StringBuilder("EXISTS (SELECT 1 FROM " + tagsTable + " pt WHERE ");
    for (String k : keys) {
      prompt
          .append("pt.")
          .append(k)
          .append(" = ")
          .append(table)
          .append('.')
          .append(k)
          .append(" AND ");
    }
    prompt
        .append("pt.`key` = '")
        .append(MlflowTags.IS_PROMPT)
        .append("' AND LOWER(pt.value) = 'true')");
    where.sql(" AND ((" + prompt + " AND ");
    names(where, scope.prompts(), d, table + ".name");
    where.sql(") OR (NOT " + prompt + " AND ");
    names(where, scope.models(), d, table + ".name");
    where.sql("))");
  }

  private static void names(SqlBuilder b, ReadScope scope, SqlDialect d, String column) {
    if (scope.isAll()) {
      b.sql("1 = 1");
    } else if (scope.ids().isEmpty()) {
      b.sql(scope.kind() == ReadScope.Kind.ONLY ? "1 = 0" : "1 = 1");
    } else {
      List<String> sorted = new ArrayList<>(scope.ids());
      sorted.sort(null);
      d.compareString(b, column, scope.kind() == ReadScope.Kind.ONLY ? "IN" : "NOT IN", sorted);
    }
  }
}
