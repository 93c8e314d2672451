import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's direct database writer, run with the JDBC drivers of the built jar
 * (bench/bench.py starts it as {@code java -cp <drivers> bench/Seed.java MODE ...}):
 *
 * <ul>
 *   <li>{@code raw URL THREADS BATCHES ROWS}: the ceiling of metric ingest. THREADS threads each
 *       insert BATCHES multi-row INSERT statements of ROWS rows into MLflow's own {@code metrics}
 *       table (its indexes and foreign key included), one run per thread, auto-commit (one commit
 *       per statement, as one log-batch request). Prints {@code {"rows": N, "seconds": S}}.
 *   <li>{@code runs URL EXPERIMENT_ID RUNS}: RUNS runs in the experiment, each with 20 params, 10
 *       tags and 10 metrics (one point each, latest_metrics included), the rows a client would
 *       write, in 1000-row statements.
 *   <li>{@code history URL RUN_ID KEY POINTS}: POINTS points of one metric (steps 0..POINTS-1).
 * </ul>
 *
 * URL is a JDBC URL; a MySQL one carries user and password as URL parameters.
 */
public class Seed {
  static final int ROWS_PER_STATEMENT = 1000;

  public static void main(String[] a) throws Exception {
    String url = a[1];
    long t0 = System.nanoTime();
    long rows =
        switch (a[0]) {
          case "raw" ->
              raw(url, Integer.parseInt(a[2]), Integer.parseInt(a[3]), Integer.parseInt(a[4]));
          case "runs" -> runs(url, Integer.parseInt(a[2]), Integer.parseInt(a[3]));
          case "history" -> history(url, a[2], a[3], Integer.parseInt(a[4]));
          default -> throw new IllegalArgumentException("unknown mode " + a[0]);
        };
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "{\"rows\": %d, \"seconds\": %.3f}%n", rows, seconds);
  }

  static Connection connect(String url) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    if (url.startsWith("jdbc:sqlite:")) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA busy_timeout = 60000");
      }
    }
    return c;
  }

  /** One multi-row INSERT of {@code rows.size()} rows of {@code columns}. */
  static void insert(Connection c, String table, String columns, int width, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + columns + ") VALUES ");
    String one = "(" + "?, ".repeat(width - 1) + "?)";
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(one);
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int p = 1;
      for (Object[] row : rows) {
        for (Object v : row) {
          ps.setObject(p++, v);
        }
      }
      ps.executeUpdate();
    }
  }

  /** Inserts rows in statements of ROWS_PER_STATEMENT, in one transaction. */
  static void insertAll(Connection c, String table, String columns, int width, List<Object[]> rows)
      throws SQLException {
    for (int i = 0; i < rows.size(); i += ROWS_PER_STATEMENT) {
      insert(c, table, columns, width, rows.subList(i, Math.min(rows.size(), i + ROWS_PER_STATEMENT)));
    }
  }

  static final String METRIC_COLUMNS = "`key`, value, timestamp, step, is_nan, run_uuid";

  static Object[] runRow(String runId, int experimentId, String name, long start) {
    return new Object[] {
      runId, name, "UNKNOWN", "", "", "bench", "FINISHED", start, start + 1000, "", "active",
      "mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts", experimentId
    };
  }

  static void insertRuns(Connection c, List<Object[]> runs) throws SQLException {
    insertAll(
        c,
        "runs",
        "run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time,"
            + " end_time, source_version, lifecycle_stage, artifact_uri, experiment_id",
        13,
        runs);
  }

  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static long raw(String url, int threads, int batches, int rowsPerStatement) throws Exception {
    List<String> runIds = new ArrayList<>();
    try (Connection c = connect(url)) {
      List<Object[]> runs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String id = newId();
        runIds.add(id);
        runs.add(runRow(id, 0, "raw-" + t, 0));
      }
      insertRuns(c, runs);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Long>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String runId = runIds.get(t);
      done.add(
          pool.submit(
              () -> {
                long n = 0;
                Random r = new Random(runId.hashCode());
                try (Connection c = connect(url)) {
                  for (int b = 0; b < batches; b++) {
                    List<Object[]> rows = new ArrayList<>(rowsPerStatement);
                    for (int i = 0; i < rowsPerStatement; i++) {
                      // the shape of the ingest workload: 100 keys, 10 steps per statement
                      long step = (long) b * (rowsPerStatement / 100) + i / 100;
                      rows.add(
                          new Object[] {
                            "m" + (i % 100), r.nextDouble(), 1_700_000_000_000L + step, step, 0, runId
                          });
                    }
                    insert(c, "metrics", METRIC_COLUMNS, 6, rows);
                    n += rows.size();
                  }
                }
                return n;
              }));
    }
    long total = 0;
    for (Future<Long> f : done) {
      total += f.get();
    }
    pool.shutdown();
    return total;
  }

  static long runs(String url, int experimentId, int count) throws SQLException {
    Random r = new Random(42);
    long rows = 0;
    try (Connection c = connect(url)) {
      c.setAutoCommit(false);
      for (int from = 0; from < count; from += 500) {
        int to = Math.min(count, from + 500);
        List<Object[]> runs = new ArrayList<>();
        List<Object[]> params = new ArrayList<>();
        List<Object[]> tags = new ArrayList<>();
        List<Object[]> metrics = new ArrayList<>();
        for (int i = from; i < to; i++) {
          String id = newId();
          long start = 1_700_000_000_000L + i * 1000L;
          runs.add(runRow(id, experimentId, "run-" + i, start));
          for (int p = 0; p < 20; p++) {
            params.add(new Object[] {"p" + p, Integer.toString(r.nextInt(p + 2)), id});
          }
          tags.add(new Object[] {"mlflow.runName", "run-" + i, id});
          for (int t = 1; t < 10; t++) {
            tags.add(new Object[] {"t" + t, "v" + r.nextInt(7), id});
          }
          for (int m = 0; m < 10; m++) {
            metrics.add(new Object[] {"m" + m, r.nextDouble(), start, 0, 0, id});
          }
        }
        insertRuns(c, runs);
        insertAll(c, "params", "`key`, value, run_uuid", 3, params);
        insertAll(c, "tags", "`key`, value, run_uuid", 3, tags);
        insertAll(c, "metrics", METRIC_COLUMNS, 6, metrics);
        insertAll(c, "latest_metrics", METRIC_COLUMNS, 6, metrics);
        c.commit();
        rows += runs.size() + params.size() + tags.size() + 2L * metrics.size();
      }
    }
    return rows;
  }

  static long history(String url, String runId, String key, int points) throws SQLException {
    Random r = new Random(7);
    try (Connection c = connect(url)) {
      c.setAutoCommit(false);
      List<Object[]> rows = new ArrayList<>();
      double last = 0;
      for (int s = 0; s < points; s++) {
        last = Math.exp(-s / (double) points) + r.nextDouble() * 0.01;
        rows.add(new Object[] {key, last, 1_700_000_000_000L + s, s, 0, runId});
        if (rows.size() == 50 * ROWS_PER_STATEMENT) {
          insertAll(c, "metrics", METRIC_COLUMNS, 6, rows);
          c.commit();
          rows.clear();
        }
      }
      insertAll(c, "metrics", METRIC_COLUMNS, 6, rows);
      insert(
          c,
          "latest_metrics",
          METRIC_COLUMNS,
          6,
          List.<Object[]>of(
              new Object[] {key, last, 1_700_000_000_000L + points - 1, points - 1, 0, runId}));
      c.commit();
    }
    return points;
  }
}
