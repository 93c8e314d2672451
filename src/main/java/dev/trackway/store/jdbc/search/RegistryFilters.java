package dev.trackway.store.jdbc.search;

import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlDialect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The filter translation the two registry searches share (MLflow's registry SQLAlchemy store):
 * attributes are the caller's; each tag key is one {@code EXISTS} on the tag table holding all
 * comparisons on that key (a row without the tag never matches, {@code !=} included); and unless
 * the filter asks for prompts ({@code tags.`mlflow.prompt.is_prompt` = 'true'} or {@code !=
 * 'false'}), comparisons on that tag are dropped and every model with a row tagged {@code
 * mlflow.prompt.is_prompt = 'true'} is excluded.
 */
final class RegistryFilters {
  static final String WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;
  static final String IS_PROMPT_TAG = MlflowTags.IS_PROMPT;
  static final Set<String> TAG_COMPARATORS = Set.of("=", "!=", "LIKE", "ILIKE");

  private RegistryFilters() {}

  /**
   * A searched registry table.
   *
   * @param name the table ({@code registered_models}, {@code model_versions})
   * @param tags its tag table
   * @param keys the columns joining a tag row to its owner (workspace first)
   */
  record Table(String name, String tags, List<String> keys) {}

  /**
   * A registry search's {@code WHERE}: the default workspace, {@code AND ...} for each comparison
   * ({@link #append}; {@code attribute} appends an attribute's), then the rows of {@code scope}
   * only.
   */
  static SqlBuilder where(
      SqlDialect d,
      Table t,
      List<Comparison> comparisons,
      RegistryScope scope,
      BiConsumer<Comparison, SqlBuilder> attribute) {
    SqlBuilder where =
        new SqlBuilder().sql(" WHERE " + t.name() + ".workspace = ").param(WORKSPACE);
    append(d, where, comparisons, t.name(), t.tags(), t.keys(), c -> attribute.accept(c, where));
    ScopeSql.registry(where, scope, d, t.name(), t.tags(), t.keys());
    return where;
  }

  /**
   * Appends {@code AND ...} for each comparison.
   *
   * @param table the searched table ({@code registered_models}, {@code model_versions})
   * @param tagTable its tag table
   * @param ownerColumns the columns joining a tag row to its owner (workspace first)
   * @param attribute appends {@code AND <condition>} for an attribute comparison
   */
  static void append(
      SqlDialect d,
      SqlBuilder where,
      List<Comparison> comparisons,
      String table,
      String tagTable,
      List<String> ownerColumns,
      Consumer<Comparison> attribute) {
    Map<String, List<Comparison>> tagFilters = new LinkedHashMap<>();
    for (Comparison c : comparisons) {
      if (c.type() == EntityType.ATTRIBUTE) {
        attribute.accept(c);
      } else {
        if (!TAG_COMPARATORS.contains(c.comparator())) {
          throw MlflowException.invalidParameterValue(
              "Invalid comparator for tag: " + c.comparator());
        }
        tagFilters.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
      }
    }
    if (!isQueryingPrompts(comparisons)) {
      tagFilters.remove(IS_PROMPT_TAG);
      // a prompt is a model: its versions all go, whichever one carries the tag
      where.sql(" AND NOT ");
      KeyValueChild.registryTags(tagTable, table, ownerColumns.subList(0, 2))
          .matches(d, where, "p", IS_PROMPT_TAG, "=", "true");
    }
    KeyValueChild tags = KeyValueChild.registryTags(tagTable, table, ownerColumns);
    int n = 0;
    for (Map.Entry<String, List<Comparison>> e : tagFilters.entrySet()) {
      String a = "t" + (++n);
      where.sql(" AND ");
      tags.open(d, where, a, e.getKey());
      for (Comparison c : e.getValue()) {
        where.sql(" AND ");
        d.compareString(where, a + ".value", c.comparator(), ((Value.Str) c.value()).value());
      }
      where.sql(")");
    }
  }

  /**
   * MLflow's registry order_by: each clause names a column ({@code column} checks and maps it), no
   * column twice; then the tie-breakers ({@code "name ASC"}...) whose column was not ordered on.
   */
  static SqlBuilder orderBy(
      List<String> clauses,
      String table,
      Function<FilterSyntax.OrderByToken, String> column,
      String... tieBreakers) {
    List<String> terms = new ArrayList<>();
    Set<String> observed = new HashSet<>();
    for (String clause : clauses) {
      FilterSyntax.OrderByToken t = FilterSyntax.parseOrderBy(clause);
      String col = column.apply(t);
      if (!observed.add(col)) {
        throw SearchSql.duplicateOrderBy(clauses);
      }
      terms.add(table + "." + col + (t.ascending() ? " ASC" : " DESC"));
    }
    for (String tie : tieBreakers) {
      if (!observed.contains(tie.substring(0, tie.indexOf(' ')))) {
        terms.add(table + "." + tie);
      }
    }
    return new SqlBuilder().sql(String.join(", ", terms));
  }

  /**
   * MLflow's {@code _is_querying_prompt}: the first comparison on the prompt tag decides; without
   * one, searches return ordinary models only.
   */
  static boolean isQueryingPrompts(List<Comparison> comparisons) {
    for (Comparison c : comparisons) {
      if (c.type() != EntityType.TAG || !c.key().equals(IS_PROMPT_TAG)) {
        continue;
      }
      String v = ((Value.Str) c.value()).value().toLowerCase(Locale.ROOT);
      return (c.comparator().equals("=") && v.equals("true"))
          || (c.comparator().equals("!=") && v.equals("false"));
    }
    return false;
  }
}
