package dev.trackway.store.jdbc.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.compat.PyLiteralList;
import dev.trackway.compat.PyRepr;
import dev.trackway.compat.Shlex;
import dev.trackway.domain.ViewType;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlDialect;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parser tests: every filter / order_by of {@link MlflowGrammarData} must parse to what MLflow's
 * parser returned, or fail with INVALID_PARAMETER_VALUE and MLflow's message; plus hand-written
 * cases from MLflow's documentation and its tests/utils/test_search_utils.py.
 */
class SearchGrammarTest {

  /**
   * Inputs that both MLflow and we reject, where MLflow's message lists the invalid clauses as its
   * SQL tokenizer happened to group them (an identifier followed by a word is grouped as an
   * "alias"); our message lists the individual pieces.
   */
  private static final Set<String> SAME_OUTCOME_OTHER_MESSAGE =
      Set.of(
          "tags.a = 'x' && tags.b = 'y'",
          "metrics.A > 0.1 NAND params.B = 'LR'",
          "params.acc LR !=",
          "params.acc LR");

  static Stream<Arguments> filters() {
    return Stream.concat(
            MlflowGrammarData.FILTERS.stream(), MlflowGrammarData.RANDOM_FILTERS.stream())
        .map(r -> Arguments.of(r[0], r[1]));
  }

  static Stream<Arguments> orderBys() {
    return MlflowGrammarData.ORDER_BYS.stream().map(r -> Arguments.of(r[0], r[1]));
  }

  private static SearchGrammar grammar(String input) {
    return input.startsWith("E:") ? ExperimentGrammar.INSTANCE : RunSearch.GRAMMAR;
  }

  private static String body(String input) {
    return input.startsWith("E:") ? input.substring(2) : input;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("filters")
  void filterParsesLikeMlflow(String input, String expected) {
    String actual;
    try {
      actual =
          "OK "
              + grammar(input).parseFilter(body(input)).stream()
                  .map(SearchTestSupport::canonical)
                  .collect(Collectors.joining(" ;; "));
    } catch (MlflowException e) {
      assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
      actual = "ERR " + e.getMessage();
    }
    if (SAME_OUTCOME_OTHER_MESSAGE.contains(input)) {
      assertTrue(actual.startsWith("ERR Invalid c"), actual);
      assertTrue(expected.startsWith("ERR Invalid c"), expected);
      return;
    }
    assertEquals(
        SearchTestSupport.normalizeMessage(expected), SearchTestSupport.normalizeMessage(actual));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("orderBys")
  void orderByParsesLikeMlflow(String input, String expected) {
    String actual;
    try {
      OrderByTerm t = grammar(input).parseOrderBy(body(input));
      actual =
          "OK " + t.type().mlflowName() + "|" + t.key() + "|" + (t.ascending() ? "True" : "False");
    } catch (MlflowException e) {
      assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
      actual = "ERR " + e.getMessage();
    }
    assertEquals(
        SearchTestSupport.normalizeMessage(expected), SearchTestSupport.normalizeMessage(actual));
  }

  // -----------------------------------------------------------------------------------------
  // Hand-written cases (grammar as documented by MLflow)

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "metrics.rmse < 1 and params.model_class = 'LR'|metric,rmse,<;parameter,model_class,=",
        "metric.acc >= 0.94 AND tags.`mlflow.source.name` LIKE '%.py'|metric,acc,>=;tag,mlflow.source.name,LIKE",
        "attributes.run_name ILIKE 'my%'|attribute,run_name,ILIKE",
        "attr.status != 'FAILED'|attribute,status,!=",
        "run.user_id = 'me'|attribute,user_id,=",
        "parameters.\"cat dog\" = \"pets\"|parameter,cat dog,=",
        "param.lr IS NOT NULL|parameter,lr,IS NOT NULL",
        "tag.env is null|tag,env,IS NULL",
        "datasets.digest IN ('a', 'b')|dataset,digest,IN",
        "dataset.context not in ('train')|dataset,context,NOT IN",
        "run_id in ('a')|attribute,run_id,in",
        "created >= 5 AND Created < 6|attribute,created,>=;attribute,Created,<",
        "end_time = -1|attribute,end_time,=",
        "`Run name` = 'x'|attribute,Run name,=",
        "\"Run Name\" = 'x'|attribute,Run Name,=",
      })
  void parsesDocumentedForms(String filter, String expected) {
    List<Comparison> parsed = RunSearch.GRAMMAR.parseFilter(filter);
    String actual =
        parsed.stream()
            .map(c -> c.type().mlflowName() + "," + c.key() + "," + c.comparator())
            .collect(Collectors.joining(";"));
    assertEquals(expected, actual);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '^',
      value = {
        "run_id IN (a, b)|ill-formed list",
        "run_id IN ()|empty list",
        "run_id IN ('a', 1)|different type in list: ('a', 1)",
        "run_id IN ((1, 2), 'a')|different type in list",
        "run_id = ('a')|only be compared with 'IN' or 'NOT IN'",
        "datasets.name LIKE ('a', 'b')|only be compared with 'IN' or 'NOT IN'",
        "tags.a = 'x' && tags.b = 'y'|Invalid c",
        "metrics.a > 1; |Invalid clause(s) in filter string: ';'",
        ";metrics.a > 1|Search filter contained multiple expression",
        "metrics.a > 1 OR metrics.b > 1|Invalid clause(s) in filter string: 'OR'",
        "NOT metrics.a > 1|Invalid clause(s) in filter string: 'NOT'",
        "(metrics.a > 1)|Invalid clause(s) in filter string: '(metrics.a > 1)'",
        "metrics.a > 1 -- c|Invalid clause(s) in filter string: '-- c'",
        "params.from = 'x'|Invalid clause(s)",
        "metrics.a BETWEEN 1 AND 2|Invalid clause(s)",
        "status IN ('FINISHED')|Only ['run_id'] attributes support comparison with a list",
        "metrics.m IS NULL|IS NULL / IS NOT NULL is only supported for tags and params, not for 'metric' 'm'",
        "datasets.profile = 'x'|Invalid dataset key 'profile' specified.",
        "METRICS.a > 1|Invalid entity type 'METRICS'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']",
        "lifecycle_stage = 'active'|Invalid attribute key 'lifecycle_stage' specified. Valid keys are",
        "experiment_id = '1'|Invalid attribute key 'experiment_id'",
        "params.p = x|Parameter value is either not quoted or unidentified quote types used for string value x.",
        "start_time > '5'|Expected numeric value type for numeric attribute: start_time. Found '5'",
      })
  void rejectsInvalidFilters(String filter, String messageFragment) {
    MlflowException e =
        assertThrows(
            MlflowException.class,
            () ->
                RunSearch.build(
                    List.of(1), new SearchPage(filter, null, 1, 0, SqlVendor.SQLITE), null));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
    assertTrue(e.getMessage().contains(messageFragment), e.getMessage());
  }

  @Test
  void emptyAndBlankFiltersHaveNoClauses() {
    assertEquals(List.of(), RunSearch.GRAMMAR.parseFilter(null));
    assertEquals(List.of(), RunSearch.GRAMMAR.parseFilter(""));
    assertEquals(List.of(), RunSearch.GRAMMAR.parseFilter("   "));
    assertEquals(List.of(), RunSearch.GRAMMAR.parseFilter("AND"));
  }

  @Test
  void inListsFollowPythonLiteralRules() {
    assertEquals(List.of("ab"), PyLiteralList.parse("('a' 'b')"));
    assertEquals(List.of("a", "b"), PyLiteralList.parse("(\"a\", 'b', )"));
    assertEquals(List.of("a"), PyLiteralList.parse("(('a'))"));
    assertEquals(
        List.of("a'b", "c\nd", "e\\f"), PyLiteralList.parse("('a\\'b', 'c\\nd', r'e\\f')"));
    assertEquals(List.of("its"), PyLiteralList.parse("('it''s')"));
    assertThrows(MlflowException.class, () -> PyLiteralList.parse("(,)"));
    assertThrows(MlflowException.class, () -> PyLiteralList.parse("(b'a')"));
    assertThrows(MlflowException.class, () -> PyLiteralList.parse("('a', None)"));
  }

  @Test
  void shlexSplitsLikePython() {
    assertEquals(List.of("metrics.a b", "DESC"), Shlex.split("metrics.\"a b\" DESC"));
    assertEquals(List.of("params.x y"), Shlex.split("params.'x y'"));
    assertEquals(List.of("a\"b"), Shlex.split("\"a\\\"b\""));
    assertEquals(List.of("a", "b"), Shlex.split("a   b"));
    assertThrows(IllegalArgumentException.class, () -> Shlex.split("\"a"));
  }

  @Test
  void likePatternsBecomeEquivalentGlobPatterns() {
    assertEquals("*a?b*", SqlDialect.likeToGlob("%a_b%"));
    assertEquals("x[*]y[?]z[[]1]", SqlDialect.likeToGlob("x*y?z[1]"));
    assertEquals("\\", SqlDialect.likeToGlob("\\"));
  }

  @ParameterizedTest
  @CsvSource({
    "'',ACTIVE_ONLY",
    "ACTIVE_ONLY,ACTIVE_ONLY",
    "active_only,ACTIVE_ONLY",
    "1,ACTIVE_ONLY",
    "DELETED_ONLY,DELETED_ONLY",
    "2,DELETED_ONLY",
    "ALL,ALL",
    "3,ALL",
    "all,ALL"
  })
  void viewTypes(String input, ViewType expected) {
    assertEquals(expected, ViewType.parse(input));
  }

  @Test
  void viewTypeNullAndInvalid() {
    assertEquals(ViewType.ACTIVE_ONLY, ViewType.parse(null));
    assertEquals(List.of("active", "deleted"), ViewType.ALL.lifecycleStages());
    for (String bad : List.of("4", "0", "everything", "-1")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ViewType.parse(bad));
      assertTrue(e.getMessage().startsWith("Invalid view type '" + bad + "'."));
    }
  }

  @Test
  void pythonReprOfStrings() {
    assertEquals("'a'", PyRepr.str("a"));
    assertEquals("\"it's\"", PyRepr.str("it's"));
    assertEquals("'a\\'\"b'", PyRepr.str("a'\"b"));
    assertEquals("['a', 'b c']", PyRepr.list(List.of("a", "b c")));
  }
}
