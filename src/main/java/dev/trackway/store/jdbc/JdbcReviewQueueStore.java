package dev.trackway.store.jdbc;

import dev.trackway.domain.LabelSchema;
import dev.trackway.domain.Page;
import dev.trackway.domain.ReviewQueue;
import dev.trackway.domain.ReviewQueueItem;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.ReviewQueueStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@link ReviewQueueStore} on MLflow's {@code review_queues}, {@code review_queue_users}, {@code
 * review_queue_label_schemas}, {@code review_queue_items} and {@code label_schemas} tables, written
 * the way MLflow's SQLAlchemy store writes them (lower-case type names, {@code name_key} folded to
 * lower case, the default question {@code Feedback}).
 */
@ApplicationScoped
public class JdbcReviewQueueStore implements ReviewQueueStore {
  static final String DEFAULT_SCHEMA_NAME = "Feedback";
  static final String DEFAULT_SCHEMA_INSTRUCTION = "Share any feedback on this trace.";
  static final String QUEUE_COLUMNS =
      "queue_id, experiment_id, name, queue_type, created_by, creation_time_ms,"
          + " last_update_time_ms";

  @Inject Database db;

  @Override
  public Page<ReviewQueue> listQueues(
      String experimentId, String user, int maxResults, String pageToken) {
    int offset = JdbcEvaluationDatasetStore.offsetOf(pageToken);
    List<Object> params = new ArrayList<>(List.of(Integer.parseInt(experimentId)));
    String sql = "SELECT " + QUEUE_COLUMNS + " FROM review_queues WHERE experiment_id = ?";
    if (user != null) {
      sql += " AND queue_id IN (SELECT queue_id FROM review_queue_users WHERE user_id = ?)";
      params.add(user);
    }
    String ordered = sql + " ORDER BY creation_time_ms DESC, queue_id ASC";
    return db.read(
        c -> {
          Page<ReviewQueue> page =
              offsetPage(c, ordered, params, maxResults, offset, JdbcReviewQueueStore::queue);
          return new Page<>(hydrate(c, page.items()), page.nextPageToken());
        });
  }

  @Override
  public ReviewQueue getOrCreateUserQueue(String experimentId, String user) {
    int experiment = Integer.parseInt(experimentId);
    ReviewQueue existing = db.read(c -> findByName(c, experiment, user));
    if (existing == null) {
      try {
        db.write(
            c -> {
              long now = System.currentTimeMillis();
              String id = "rq-" + UUID.randomUUID().toString().replace("-", "");
              insert(
                  c,
                  SqlQuery.of(
                      "INSERT INTO review_queues ("
                          + QUEUE_COLUMNS
                          + ", name_key) VALUES (?, ?, ?, 'user', ?, ?, ?, ?)",
                      id,
                      experiment,
                      user,
                      user,
                      now,
                      now,
                      user.toLowerCase(Locale.ROOT)));
              return Jdbc.update(
                  c, "INSERT INTO review_queue_users (queue_id, user_id) VALUES (?, ?)", id, user);
            });
      } catch (MlflowException e) {
        if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
          throw e; // a concurrent create of the same queue is fine: it is read below
        }
      }
      existing = db.read(c -> findByName(c, experiment, user));
    }
    if (existing == null) {
      throw new MlflowException(
          ErrorCode.INTERNAL_ERROR, "The review queue of user '" + user + "' was not stored.");
    }
    if (!existing.queueType().equals("USER")) {
      throw MlflowException.resourceAlreadyExists(
          "A non-user queue named '%s' already exists; cannot get-or-create a user queue with that"
              + " name.",
          user);
    }
    return existing;
  }

  private ReviewQueue findByName(Connection c, int experimentId, String name) throws SQLException {
    ReviewQueue queue =
        Jdbc.first(
            c,
            SqlQuery.of(
                "SELECT "
                    + QUEUE_COLUMNS
                    + " FROM review_queues WHERE experiment_id = ? AND name_key = ?",
                experimentId,
                name.toLowerCase(Locale.ROOT)),
            JdbcReviewQueueStore::queue);
    return queue == null ? null : hydrate(c, List.of(queue)).get(0);
  }

  @Override
  public Page<ReviewQueueItem> listItems(
      String queueId, String status, int maxResults, String pageToken) {
    int offset = JdbcEvaluationDatasetStore.offsetOf(pageToken);
    return db.read(
        c -> {
          if (!Jdbc.exists(
              c, SqlQuery.of("SELECT 1 FROM review_queues WHERE queue_id = ?", queueId))) {
            throw MlflowException.resourceDoesNotExist(
                "Review queue with id '%s' not found.", queueId);
          }
          List<Object> params = new ArrayList<>(List.of(queueId));
          if (status != null) {
            params.add(status.toLowerCase(Locale.ROOT));
          }
          String sql =
              "SELECT queue_id, item_type, item_id, status, completed_by, completed_time_ms,"
                  + " creation_time_ms, last_update_time_ms FROM review_queue_items"
                  + " WHERE queue_id = ?"
                  + (status == null ? "" : " AND status = ?")
                  + " ORDER BY creation_time_ms DESC, item_id ASC";
          return offsetPage(c, sql, params, maxResults, offset, JdbcReviewQueueStore::item);
        });
  }

  @Override
  public Page<LabelSchema> listLabelSchemas(String experimentId, int maxResults, String pageToken) {
    int offset = JdbcEvaluationDatasetStore.offsetOf(pageToken);
    int experiment = Integer.parseInt(experimentId);
    boolean hasDefault =
        db.read(
            c ->
                Jdbc.exists(
                    c,
                    SqlQuery.of(
                        "SELECT 1 FROM label_schemas WHERE experiment_id = ? AND is_default = ?",
                        experiment,
                        true)));
    if (!hasDefault) {
      try {
        db.write(
            c -> {
              long now = System.currentTimeMillis();
              return insert(
                  c,
                  SqlQuery.of(
                      "INSERT INTO label_schemas (schema_id, experiment_id, name, type,"
                          + " instruction, enable_comment, input_type, input_config, created_by,"
                          + " created_time, last_update_time, is_default)"
                          + " VALUES (?, ?, ?, 'feedback', ?, ?, 'text', ?, NULL, ?, ?, ?)",
                      "ls-" + UUID.randomUUID().toString().replace("-", ""),
                      experiment,
                      DEFAULT_SCHEMA_NAME,
                      DEFAULT_SCHEMA_INSTRUCTION,
                      false,
                      "{\"max_length\": null}",
                      now,
                      now,
                      true));
            });
      } catch (MlflowException e) {
        // created concurrently, or a question of that name already exists: as MLflow, keep it
        if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
          throw e;
        }
      }
    }
    String sql =
        "SELECT schema_id, experiment_id, name, type, instruction, enable_comment, input_type,"
            + " input_config, created_by, created_time, last_update_time, is_default"
            + " FROM label_schemas WHERE experiment_id = ? ORDER BY created_time DESC, schema_id ASC";
    return db.read(
        c ->
            offsetPage(
                c,
                sql,
                List.of(experiment),
                maxResults,
                offset,
                JdbcReviewQueueStore::labelSchema));
  }

  /** One page of MLflow's offset paging: the statement's rows from offset, one more to know. */
  private static <T> Page<T> offsetPage(
      Connection c, String sql, List<Object> params, int maxResults, int offset, RowMapper<T> row)
      throws SQLException {
    List<Object> all = new ArrayList<>(params);
    all.add(maxResults + 1);
    all.add(offset);
    List<T> rows = Jdbc.list(c, new SqlQuery(sql + " LIMIT ? OFFSET ?", all), row);
    return Pages.trim(rows, maxResults, Pages.offsetToken(offset, maxResults));
  }

  /** An INSERT whose unique-key clash is RESOURCE_ALREADY_EXISTS (the transaction rolls back). */
  private int insert(Connection c, SqlQuery insert) throws SQLException {
    return db.duplicateAs(
        () -> Jdbc.update(c, insert),
        () -> MlflowException.resourceAlreadyExists("%s", "already exists"));
  }

  // ------------------------------------------------------------------ rows

  private static ReviewQueueItem item(ResultSet rs) throws SQLException {
    return new ReviewQueueItem(
        rs.getString(1),
        upper(rs.getString(2)),
        rs.getString(3),
        upper(rs.getString(4)),
        rs.getString(5),
        Jdbc.getLong(rs, 6),
        rs.getLong(7),
        rs.getLong(8));
  }

  private static LabelSchema labelSchema(ResultSet rs) throws SQLException {
    return new LabelSchema(
        rs.getString(1),
        Integer.toString(rs.getInt(2)),
        rs.getString(3),
        upper(rs.getString(4)),
        rs.getString(5),
        rs.getBoolean(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getBoolean(12));
  }

  private static ReviewQueue queue(ResultSet rs) throws SQLException {
    return new ReviewQueue(
        rs.getString(1),
        Integer.toString(rs.getInt(2)),
        rs.getString(3),
        upper(rs.getString(4)),
        rs.getString(5),
        rs.getLong(6),
        rs.getLong(7),
        List.of(),
        List.of());
  }

  /** The queues with their assigned users and attached schemas. */
  private static List<ReviewQueue> hydrate(Connection c, List<ReviewQueue> queues)
      throws SQLException {
    if (queues.isEmpty()) {
      return queues;
    }
    Map<String, List<String>> users = children(c, queues, "user_id", "review_queue_users");
    Map<String, List<String>> schemas =
        children(c, queues, "schema_id", "review_queue_label_schemas");
    List<ReviewQueue> out = new ArrayList<>();
    for (ReviewQueue q : queues) {
      out.add(
          new ReviewQueue(
              q.queueId(),
              q.experimentId(),
              q.name(),
              q.queueType(),
              q.createdBy(),
              q.creationTimeMs(),
              q.lastUpdateTimeMs(),
              users.getOrDefault(q.queueId(), List.of()),
              schemas.getOrDefault(q.queueId(), List.of())));
    }
    return out;
  }

  private static Map<String, List<String>> children(
      Connection c, List<ReviewQueue> queues, String column, String table) throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT queue_id, " + column + " FROM " + table + " WHERE queue_id IN (");
    for (int i = 0; i < queues.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(") ORDER BY queue_id, ").append(column);
    Map<String, List<String>> out = new LinkedHashMap<>();
    Jdbc.forEach(
        c,
        new SqlQuery(sql.toString(), queues.stream().map(q -> (Object) q.queueId()).toList()),
        0,
        rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)));
    return out;
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }
}
