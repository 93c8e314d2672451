package dev.trackway.store.jdbc.search;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.domain.LoggedModelDatasetFilter;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.domain.auth.RegistryScope;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Registry and logged-model search grammars against MLflow: every case of {@link
 * RegistrySearchCases} (generated from MLflow's own stores) must be accepted when MLflow accepts
 * it, and rejected with MLflow's code and message otherwise; every accepted case's SQL runs on an
 * SQLite database with MLflow's schema. Plus hand-written checks of the translation.
 */
class RegistrySearchTest {

  /**
   * Both reject these; MLflow's message comes from its tokenizer grouping, ours from the grammar.
   */
  private static final Map<String, String> OTHER_MESSAGE =
      Map.of(
          "MV_FILTER|version = 1", "Invalid attribute key 'version' specified",
          "LM_FILTER|name IS NULL",
              "Invalid comparison: name IS NULL. Expected a comparison with 3 tokens.");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Connection sqlite;

  @BeforeAll
  static void schema() throws Exception {
    sqlite = new org.sqlite.JDBC().connect("jdbc:sqlite::memory:", new java.util.Properties());
    try (InputStream in =
            RegistrySearchTest.class
                .getClassLoader()
                .getResourceAsStream("db/schema/sqlite/baseline.sql");
        Statement st = sqlite.createStatement()) {
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String stmt : sql.split(";\\s*\\n")) {
        String s =
            stmt.lines()
                .filter(l -> !l.startsWith("--"))
                .reduce("", (a, b) -> a + "\n" + b)
                .strip();
        if (!s.isEmpty()) {
          st.executeUpdate(s);
        }
      }
    }
  }

  @AfterAll
  static void close() throws Exception {
    sqlite.close();
  }

  static Stream<Arguments> cases() {
    return RegistrySearchCases.CASES.stream().map(c -> Arguments.of(c[0], c[1], c[2]));
  }

  private static SqlQuery build(String kind, String input) throws Exception {
    SqlVendor v = SqlVendor.SQLITE;
    return switch (kind) {
      case "RM_FILTER" ->
          RegisteredModelSearch.build(new SearchPage(input, null, 11, 0, v), RegistryScope.ALL);
      case "MV_FILTER" ->
          ModelVersionSearch.build(new SearchPage(input, null, 11, 0, v), RegistryScope.ALL);
      case "RM_ORDER_BY" ->
          RegisteredModelSearch.build(
              new SearchPage(null, List.of(input), 11, 0, v), RegistryScope.ALL);
      case "MV_ORDER_BY" ->
          ModelVersionSearch.build(
              new SearchPage(null, List.of(input), 11, 0, v), RegistryScope.ALL);
      case "LM_FILTER" ->
          LoggedModelSearch.build(List.of("1"), input, List.of(), List.of(), 11, 0, v);
      case "LM_ORDER_BY" -> {
        List<LoggedModelOrderBy> obs = new ArrayList<>();
        for (JsonNode n : JSON.readTree(input)) {
          obs.add(
              new LoggedModelOrderBy(
                  n.get("field_name").asText(),
                  !n.has("ascending") || n.get("ascending").asBoolean(),
                  n.has("dataset_name") ? n.get("dataset_name").asText() : null,
                  null));
        }
        yield LoggedModelSearch.build(List.of("1"), null, List.of(), obs, 11, 0, v);
      }
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @MethodSource("cases")
  void behavesLikeMlflow(String kind, String input, String expected) throws Exception {
    if (expected.equals("OK")) {
      SqlQuery q = assertDoesNotThrow(() -> build(kind, input));
      execute(q);
      return;
    }
    int bar = expected.indexOf('|');
    String code = expected.substring(0, bar);
    String message = expected.substring(bar + 1);
    MlflowException e = assertThrows(MlflowException.class, () -> build(kind, input));
    if (code.equals("BAD_REQUEST")) {
      // MLflow hands the value to the database, which rejects it; a client error here too
      assertEquals(400, e.code().httpStatus(), e.getMessage());
      return;
    }
    assertEquals(ErrorCode.valueOf(code), e.code(), e.getMessage());
    String other = OTHER_MESSAGE.get(kind + "|" + input);
    if (other != null) {
      assertTrue(e.getMessage().startsWith(other), e.getMessage());
    } else {
      assertEquals(
          SearchTestSupport.normalizeMessage(message),
          SearchTestSupport.normalizeMessage(e.getMessage()));
    }
  }

  private static void execute(SqlQuery q) throws Exception {
    try (PreparedStatement ps = sqlite.prepareStatement(q.sql())) {
      int i = 1;
      for (Object p : q.params()) {
        ps.setObject(i++, p);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertFalse(rs.next(), "empty database");
      }
    }
  }

  // ------------------------------------------------------------------ translation details

  @Test
  void promptTagIsDroppedAndPromptsExcludedUnlessAskedFor() {
    SqlQuery ordinary =
        RegisteredModelSearch.build(
            new SearchPage(
                "name LIKE 'a%' AND tags.`mlflow.prompt.is_prompt` != 'true'",
                null, 5, 0, SqlVendor.SQLITE),
            RegistryScope.ALL);
    assertTrue(
        ordinary.sql().contains("NOT EXISTS (SELECT 1 FROM registered_model_tags p"),
        ordinary.sql());
    assertFalse(
        ordinary.sql().contains("EXISTS (SELECT 1 FROM registered_model_tags t1"), ordinary.sql());
    SqlQuery prompts =
        RegisteredModelSearch.build(
            new SearchPage("tags.`mlflow.prompt.is_prompt` = 'true'", null, 5, 0, SqlVendor.SQLITE),
            RegistryScope.ALL);
    assertFalse(prompts.sql().contains("NOT EXISTS"), prompts.sql());
    assertTrue(
        prompts.sql().contains("EXISTS (SELECT 1 FROM registered_model_tags t1"), prompts.sql());
    SqlQuery notFalse =
        ModelVersionSearch.build(
            new SearchPage(
                "tags.`mlflow.prompt.is_prompt` != 'FALSE'", null, 5, 0, SqlVendor.MYSQL),
            RegistryScope.ALL);
    assertFalse(notFalse.sql().contains("NOT EXISTS"), notFalse.sql());
  }

  @Test
  void tagComparisonsOnOneKeyShareOneRow() {
    SqlQuery q =
        RegisteredModelSearch.build(
            new SearchPage("tags.x LIKE 'a%' AND tags.x != 'ab'", null, 5, 0, SqlVendor.SQLITE),
            RegistryScope.ALL);
    assertEquals(1, q.sql().split("FROM registered_model_tags t").length - 1, q.sql());
  }

  @Test
  void mysqlComparisonsAreCaseSensitive() {
    SqlQuery q =
        RegisteredModelSearch.build(
            new SearchPage("name = 'A' AND tags.k = 'v'", null, 5, 0, SqlVendor.MYSQL),
            RegistryScope.ALL);
    assertTrue(q.sql().contains("BINARY registered_models.name = ?"), q.sql());
    assertTrue(q.sql().contains("BINARY t1.value = ?"), q.sql());
    SqlQuery like =
        ModelVersionSearch.build(
            new SearchPage("source_path LIKE 's3://%'", null, 5, 0, SqlVendor.SQLITE),
            RegistryScope.ALL);
    assertTrue(like.sql().contains("model_versions.source GLOB ?"), like.sql());
  }

  @Test
  void orderByDefaultsAndTieBreakers() {
    assertTrue(
        RegisteredModelSearch.build(
                new SearchPage(null, null, 5, 0, SqlVendor.SQLITE), RegistryScope.ALL)
            .sql()
            .endsWith("ORDER BY registered_models.name ASC LIMIT ? OFFSET ?"));
    assertTrue(
        RegisteredModelSearch.build(
                new SearchPage(null, List.of("timestamp DESC"), 5, 0, SqlVendor.SQLITE),
                RegistryScope.ALL)
            .sql()
            .contains(
                "ORDER BY registered_models.last_updated_time DESC, registered_models.name ASC"));
    assertTrue(
        ModelVersionSearch.build(
                new SearchPage(null, null, 5, 0, SqlVendor.SQLITE), RegistryScope.ALL)
            .sql()
            .contains(
                "ORDER BY model_versions.last_updated_time DESC, model_versions.name ASC,"
                    + " model_versions.version DESC"));
    assertTrue(
        ModelVersionSearch.build(
                new SearchPage(null, List.of("creation_timestamp"), 5, 0, SqlVendor.SQLITE),
                RegistryScope.ALL)
            .sql()
            .contains(
                "ORDER BY model_versions.creation_time ASC, model_versions.name ASC,"
                    + " model_versions.version DESC"));
    MlflowException dup =
        assertThrows(
            MlflowException.class,
            () ->
                RegisteredModelSearch.build(
                    new SearchPage(
                        null,
                        List.of("timestamp", "last_updated_timestamp"),
                        5,
                        0,
                        SqlVendor.SQLITE),
                    RegistryScope.ALL));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, dup.code());
  }

  @Test
  void deletedVersionsNeverMatch() {
    SqlQuery q =
        ModelVersionSearch.build(
            new SearchPage("name = 'a'", null, 5, 0, SqlVendor.SQLITE), RegistryScope.ALL);
    assertTrue(q.sql().contains("model_versions.current_stage != ?"), q.sql());
    assertTrue(q.params().contains("Deleted_Internal"));
  }

  @Test
  void versionNumberAcceptsIntegerStrings() {
    SqlQuery q =
        ModelVersionSearch.build(
            new SearchPage("version_number = ' +1_0 '", null, 5, 0, SqlVendor.SQLITE),
            RegistryScope.ALL);
    assertTrue(q.params().contains(10L), q.params().toString());
  }

  @Test
  void loggedModelMetricFiltersUseTheLatestValue() throws Exception {
    SqlQuery q =
        LoggedModelSearch.build(
            List.of("1", "2"),
            "metrics.acc > 0.5 AND params.lr = '0.1' AND status = 'READY'",
            List.of(
                new LoggedModelDatasetFilter("train", null),
                new LoggedModelDatasetFilter("test", "abc")),
            List.of(
                new LoggedModelOrderBy("metrics.acc", false, "train", null),
                new LoggedModelOrderBy("name", true, null, null)),
            11,
            0,
            SqlVendor.SQLITE);
    assertTrue(q.sql().contains("ROW_NUMBER() OVER (PARTITION BY"), q.sql());
    assertTrue(q.sql().contains("dataset_digest IS NULL"), q.sql());
    assertTrue(q.params().contains(2), "READY is status 2: " + q.params());
    execute(q);
  }

  @Test
  void loggedModelUnquotedAndListValues() {
    List<LoggedModelSearch.Clause> c =
        LoggedModelSearch.parseFilter(
            "name = m AND tags.`a b` IN ('x', 'y') AND creation_time >= 5");
    assertEquals("m", c.get(0).value());
    assertEquals("a b", c.get(1).key());
    assertEquals(List.of("x", "y"), c.get(1).value());
    assertEquals("creation_timestamp_ms", c.get(2).key());
    assertEquals(5.0, c.get(2).value());
  }
}
