package dev.trackway.api.graphql;

import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The limits MLflow's server checks on a GraphQL document before running it: depth 10, 1000
 * selections in all, and (configurable) root fields and aliases per level. Fragments and inline
 * fragments count where they are spread; every operation of the document counts, whichever one
 * runs.
 */
final class GraphqlLimits {
  static final int MAX_DEPTH = 10;
  static final int MAX_SELECTIONS = 1000;
  static final String ROOT_FIELDS_VARIABLE = "MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS";
  static final String ALIASES_VARIABLE = "MLFLOW_SERVER_GRAPHQL_MAX_ALIASES";

  private GraphqlLimits() {}

  /** The message of the first limit the document breaks, or null. */
  static String check(Document doc, int maxRootFields, int maxAliases) {
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    for (Definition<?> d : doc.getDefinitions()) {
      if (d instanceof FragmentDefinition f) {
        fragments.put(f.getName(), f);
      }
    }
    int rootFields = 0;
    int mostAliases = 0;
    int selections = 0;
    for (Definition<?> d : doc.getDefinitions()) {
      if (!(d instanceof OperationDefinition op) || op.getSelectionSet() == null) {
        continue;
      }
      Deque<Object[]> stack = new ArrayDeque<>();
      stack.push(new Object[] {op.getSelectionSet(), 1});
      while (!stack.isEmpty()) {
        Object[] top = stack.pop();
        SelectionSet set = (SelectionSet) top[0];
        int depth = (Integer) top[1];
        if (depth > MAX_DEPTH) {
          return "Query exceeds maximum depth of " + MAX_DEPTH;
        }
        List<Field> fields = new ArrayList<>();
        int aliases = collect(set, fragments, fields);
        for (Field f : fields) {
          if (depth == 1) {
            rootFields++;
          }
          if (f.getSelectionSet() != null) {
            stack.push(new Object[] {f.getSelectionSet(), depth + 1});
          }
          if (++selections > MAX_SELECTIONS) {
            return "Query exceeds maximum total selections of " + MAX_SELECTIONS;
          }
        }
        mostAliases = Math.max(mostAliases, aliases);
      }
    }
    if (rootFields > maxRootFields) {
      return tooMany(maxRootFields, "root fields", rootFields, ROOT_FIELDS_VARIABLE);
    }
    if (mostAliases > maxAliases) {
      return tooMany(maxAliases, "aliases", mostAliases, ALIASES_VARIABLE);
    }
    return null;
  }

  private static String tooMany(int limit, String what, int found, String variable) {
    return "GraphQL queries should have at most "
        + limit
        + " "
        + what
        + ", got "
        + found
        + " "
        + what
        + ". To increase the limit, set the "
        + variable
        + " environment variable.";
  }

  /** The fields of one level (fragments flattened into it); returns how many have an alias. */
  private static int collect(
      SelectionSet set, Map<String, FragmentDefinition> fragments, List<Field> out) {
    int aliases = 0;
    @SuppressWarnings("rawtypes")
    Deque<Selection> queue = new ArrayDeque<>(set.getSelections());
    Set<String> seen = new HashSet<>();
    while (!queue.isEmpty()) {
      Selection<?> s = (Selection<?>) queue.poll();
      if (s instanceof Field f) {
        out.add(f);
        if (f.getAlias() != null) {
          aliases++;
        }
      } else if (s instanceof InlineFragment i) {
        if (i.getSelectionSet() != null) {
          queue.addAll(i.getSelectionSet().getSelections());
        }
      } else if (s instanceof FragmentSpread spread && seen.add(spread.getName())) {
        FragmentDefinition def = fragments.get(spread.getName());
        if (def != null && def.getSelectionSet() != null) {
          queue.addAll(def.getSelectionSet().getSelections());
        }
      }
    }
    return aliases;
  }
}
