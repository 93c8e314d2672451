package dev.trackway.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.domain.EvaluationDataset;
import dev.trackway.domain.EvaluationDatasetRecord;
import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.Page;
import dev.trackway.error.MlflowException;
import dev.trackway.store.EvaluationDatasetStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import dev.trackway.store.jdbc.sql.SqlVendor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link EvaluationDatasetStore} on MLflow's {@code evaluation_datasets}, {@code
 * evaluation_dataset_tags}, {@code evaluation_dataset_records} and {@code entity_associations}
 * (dataset to experiment) tables, read as MLflow's SQLAlchemy store reads them ({@code
 * search_datasets}, {@code get_dataset}, {@code _load_dataset_records}).
 */
@ApplicationScoped
public class JdbcEvaluationDatasetStore implements EvaluationDatasetStore {
  static final String WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;
  static final List<String> ORDER_KEYS = List.of("name", "created_time", "last_update_time");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "d.dataset_id, d.name, d.schema, d.profile, d.digest, d.created_time, d.last_update_time,"
          + " d.created_by, d.last_updated_by";

  private static final RowMapper<EvaluationDatasetRecord> RECORD =
      rs ->
          new EvaluationDatasetRecord(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8),
              Jdbc.getLong(rs, 9),
              Jdbc.getLong(rs, 10),
              rs.getString(11),
              rs.getString(12));

  @Inject Database db;

  @Override
  public Page<EvaluationDataset> searchDatasets(
      List<String> experimentIds,
      String filter,
      int maxResults,
      List<String> orderBy,
      String pageToken) {
    List<EvaluationDatasetFilter.Clause> clauses = EvaluationDatasetFilter.parse(filter);
    int offset = offsetOf(pageToken);
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + COLUMNS + " FROM evaluation_datasets d WHERE d.workspace = ?");
    List<Object> params = new ArrayList<>(List.of(WORKSPACE));
    if (experimentIds != null && !experimentIds.isEmpty()) {
      sql.append(
          " AND d.dataset_id IN (SELECT a.source_id FROM entity_associations a"
              + " WHERE a.source_type = 'evaluation_dataset' AND a.destination_type = 'experiment'"
              + " AND a.destination_id IN (");
      for (int i = 0; i < experimentIds.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        params.add(experimentIds.get(i));
      }
      sql.append("))");
    }
    for (EvaluationDatasetFilter.Clause c : clauses) {
      sql.append(" AND ");
      where(c, sql, params);
    }
    sql.append(" ORDER BY ").append(order(orderBy));
    sql.append(" LIMIT ? OFFSET ?");
    params.add(maxResults + 1);
    params.add(offset);
    return db.read(
        c -> {
          List<EvaluationDataset> found =
              Jdbc.list(c, new SqlQuery(sql.toString(), params), rs -> dataset(rs, null));
          String next = null;
          if (found.size() > maxResults) {
            found = new ArrayList<>(found.subList(0, maxResults));
            next = PageToken.encode(offset + maxResults);
          }
          Map<String, Map<String, String>> tags = tags(c, found);
          List<EvaluationDataset> out = new ArrayList<>();
          for (EvaluationDataset d : found) {
            out.add(withTags(d, tags.getOrDefault(d.datasetId(), Map.of())));
          }
          return new Page<>(out, next);
        });
  }

  @Override
  public EvaluationDataset getDataset(String datasetId) {
    return db.read(
        c -> {
          EvaluationDataset d =
              Jdbc.first(
                  c,
                  SqlQuery.of(
                      "SELECT "
                          + COLUMNS
                          + " FROM evaluation_datasets d WHERE d.dataset_id = ? AND d.workspace = ?",
                      datasetId,
                      WORKSPACE),
                  rs -> dataset(rs, null));
          if (d == null) {
            throw notFound(datasetId);
          }
          return withTags(d, tags(c, List.of(d)).getOrDefault(datasetId, Map.of()));
        });
  }

  @Override
  public Page<EvaluationDatasetRecord> getRecords(
      String datasetId, int maxResults, String pageToken) {
    return db.read(
        c -> {
          if (!Jdbc.exists(
              c,
              SqlQuery.of(
                  "SELECT 1 FROM evaluation_datasets WHERE dataset_id = ? AND workspace = ?",
                  datasetId,
                  WORKSPACE))) {
            throw notFound(datasetId);
          }
          StringBuilder sql =
              new StringBuilder(
                  "SELECT dataset_record_id, dataset_id, inputs, outputs, expectations, tags,"
                      + " source, source_id, created_time, last_update_time, created_by,"
                      + " last_updated_by FROM evaluation_dataset_records WHERE dataset_id = ?");
          List<Object> params = new ArrayList<>(List.of(datasetId));
          int offset = 0;
          if (pageToken != null && !pageToken.isEmpty()) {
            String[] cursor = recordCursor(pageToken);
            if (cursor != null) {
              sql.append(" AND (created_time > ? OR (created_time = ? AND dataset_record_id > ?))");
              long t = Long.parseLong(cursor[0]);
              params.add(t);
              params.add(t);
              params.add(cursor[1]);
            } else {
              offset = Integer.parseInt(pageToken.trim());
            }
          }
          sql.append(" ORDER BY created_time, dataset_record_id LIMIT ? OFFSET ?");
          params.add(maxResults + 1);
          params.add(offset);
          List<EvaluationDatasetRecord> out =
              Jdbc.list(c, new SqlQuery(sql.toString(), params), RECORD);
          String next = null;
          if (out.size() > maxResults) {
            out = new ArrayList<>(out.subList(0, maxResults));
            EvaluationDatasetRecord last = out.get(out.size() - 1);
            next =
                Base64.getEncoder()
                    .encodeToString(
                        (last.createdTime() + ":" + last.datasetRecordId())
                            .getBytes(StandardCharsets.UTF_8));
          }
          return new Page<>(out, next);
        });
  }

  // ------------------------------------------------------------------ SQL pieces

  private boolean mysql() {
    return db.vendor() == SqlVendor.MYSQL;
  }

  private void where(EvaluationDatasetFilter.Clause c, StringBuilder sql, List<Object> params) {
    boolean mysql = mysql();
    if (c.tag()) {
      String cmp = stringComparison(c.comparator(), mysql, "t.value");
      sql.append(
              "EXISTS (SELECT 1 FROM evaluation_dataset_tags t WHERE t.dataset_id = d.dataset_id"
                  + " AND t.")
          .append(mysql ? "`key`" : "\"key\"")
          .append(" = ? AND ")
          .append(cmp)
          .append(")");
      params.add(c.key());
      params.add(c.value());
      return;
    }
    String column = "d." + c.key();
    if (c.value() instanceof List<?> values) {
      sql.append(column).append(" IN (");
      for (int i = 0; i < values.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
        params.add(values.get(i));
      }
      sql.append(")");
      return;
    }
    if (c.value() instanceof Long) {
      sql.append(column).append(' ').append(c.comparator()).append(" ?");
      params.add(c.value());
      return;
    }
    sql.append(stringComparison(c.comparator(), mysql, column));
    params.add(c.value());
  }

  /** MLflow's string comparisons: = and LIKE case-sensitive, ILIKE not. */
  private static String stringComparison(String comparator, boolean mysql, String column) {
    return switch (comparator) {
      case "=" -> mysql ? "BINARY " + column + " = ?" : column + " = ?";
      case "!=" -> mysql ? "BINARY " + column + " != ?" : column + " != ?";
      case "LIKE" -> mysql ? "BINARY " + column + " LIKE ?" : column + " LIKE ?";
      case "ILIKE" -> "LOWER(" + column + ") LIKE LOWER(?)";
      default -> throw MlflowException.invalidParameterValue("Invalid comparator '%s'", comparator);
    };
  }

  private static String order(List<String> orderBy) {
    List<String> clauses = new ArrayList<>();
    for (String o : orderBy == null || orderBy.isEmpty() ? List.of("created_time DESC") : orderBy) {
      String[] parts = o.trim().split("\\s+");
      if (parts.length == 0 || parts.length > 2 || parts[0].isEmpty()) {
        throw MlflowException.invalidParameterValue("Invalid order_by clause '%s'.", o);
      }
      String key = parts[0].replace("`", "");
      boolean ascending = true;
      if (parts.length == 2) {
        String dir = parts[1].toUpperCase(Locale.ROOT);
        if (!dir.equals("ASC") && !dir.equals("DESC")) {
          throw MlflowException.invalidParameterValue("Invalid order_by clause '%s'.", o);
        }
        ascending = dir.equals("ASC");
      }
      if (key.contains(".")) {
        throw MlflowException.invalidParameterValue(
            "Invalid identifier token '%s' specified", key.substring(0, key.indexOf('.')));
      }
      if (!ORDER_KEYS.contains(key)) {
        throw MlflowException.invalidParameterValue(
            "Invalid attribute key '%s' specified. Valid keys are: %s", key, ORDER_KEYS);
      }
      clauses.add("d." + key + (ascending ? " ASC" : " DESC"));
    }
    clauses.add("d.dataset_id DESC"); // MLflow's tie-breaker (dataset_id is no order key)
    return String.join(", ", clauses);
  }

  private Map<String, Map<String, String>> tags(Connection c, List<EvaluationDataset> datasets)
      throws SQLException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (datasets.isEmpty()) {
      return out;
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT dataset_id, "
                + (mysql() ? "`key`" : "\"key\"")
                + ", value FROM evaluation_dataset_tags WHERE dataset_id IN (");
    for (int i = 0; i < datasets.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(")");
    Jdbc.forEach(
        c,
        new SqlQuery(sql.toString(), datasets.stream().map(d -> (Object) d.datasetId()).toList()),
        0,
        rs ->
            out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                .put(rs.getString(2), rs.getString(3)));
    return out;
  }

  private static EvaluationDataset dataset(ResultSet rs, Map<String, String> tags)
      throws SQLException {
    return new EvaluationDataset(
        rs.getString(1),
        rs.getString(2),
        tags,
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Jdbc.getLong(rs, 6),
        Jdbc.getLong(rs, 7),
        rs.getString(8),
        rs.getString(9));
  }

  private static EvaluationDataset withTags(EvaluationDataset d, Map<String, String> tags) {
    return new EvaluationDataset(
        d.datasetId(),
        d.name(),
        tags,
        d.schema(),
        d.profile(),
        d.digest(),
        d.createdTime(),
        d.lastUpdateTime(),
        d.createdBy(),
        d.lastUpdatedBy());
  }

  private static MlflowException notFound(String datasetId) {
    return MlflowException.resourceDoesNotExist(
        "Evaluation dataset with id '%s' not found", datasetId);
  }

  // ------------------------------------------------------------------ page tokens

  /** MLflow's offset token ({@link PageToken}), parsed as JSON with MLflow's stricter errors. */
  static int offsetOf(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    byte[] decoded = PageToken.base64(token);
    JsonNode node;
    try {
      node = JSON.readTree(decoded);
    } catch (java.io.IOException e) {
      node = null;
    }
    if (node == null || !node.isObject()) {
      throw MlflowException.invalidParameterValue(
          "Invalid page token, decoded value=%s", new String(decoded, StandardCharsets.UTF_8));
    }
    JsonNode offset = node.get("offset");
    if (offset == null) {
      throw MlflowException.invalidParameterValue("Invalid page token, parsed value=%s", node);
    }
    if (!offset.canConvertToInt() || offset.asInt() < 0) {
      throw MlflowException.invalidParameterValue(
          "Invalid page token, offset must be a non-negative integer");
    }
    return offset.asInt();
  }

  /** A records cursor {@code base64("created_time:record_id")}, or null for an offset token. */
  private static String[] recordCursor(String token) {
    try {
      String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        Long.parseLong(decoded.substring(0, colon));
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
      }
    } catch (IllegalArgumentException e) {
      // not a cursor
    }
    try {
      Integer.parseInt(token.trim());
      return null;
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue("Invalid page token '%s'", token);
    }
  }
}
