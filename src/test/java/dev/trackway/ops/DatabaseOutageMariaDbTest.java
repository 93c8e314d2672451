package dev.trackway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackway.testing.ProxiedMariaDbDatabase;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The database taken away under load and given back, through a TCP proxy in front of MariaDB
 * ({@link ProxiedMariaDbDatabase}): writers log metrics into their own runs and readers read runs
 * while the proxy first cuts every connection and refuses new ones (a stopped database), then
 * stalls (a network that drops packets). During each outage every answer is MLflow's 503
 * TEMPORARILY_UNAVAILABLE, none a 500, each within a bound; afterwards the server recovers without
 * a restart, and every write it acknowledged is in the database.
 */
@QuarkusTest
@TestProfile(DatabaseOutageMariaDbTest.Proxied.class)
class DatabaseOutageMariaDbTest {
  /**
   * MariaDB behind the proxy; statements time out after 3 s (mlflow.trackway.db-socket-timeout) so
   * the stall test stays short.
   */
  public static class Proxied implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(ProxiedMariaDbDatabase.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
      return true;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("mlflow.trackway.db-socket-timeout", "3s");
    }
  }

  static final ObjectMapper JSON = new ObjectMapper();
  static final int WRITERS = 6;
  static final int READERS = 2;

  @TestHTTPResource("/api/2.0/mlflow")
  URI api;

  /** The proxy in front of the database (ProxiedMariaDbDatabase injects it). */
  Consumer<String> proxy;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: when it came, how long it took, its status and MLflow error code. */
  record Answer(long atNanos, long tookMillis, int status, String errorCode) {}

  final List<Answer> answers = new CopyOnWriteArrayList<>();
  final Map<String, Set<Long>> acknowledged = new ConcurrentHashMap<>();
  final AtomicBoolean running = new AtomicBoolean(true);

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    long t = System.nanoTime();
    HttpResponse<String> r =
        http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    String code = null;
    if (r.statusCode() != 200) {
      code = JSON.readTree(r.body()).path("error_code").asText(null);
    }
    answers.add(
        new Answer(System.nanoTime(), (System.nanoTime() - t) / 1_000_000, r.statusCode(), code));
    return r;
  }

  JsonNode post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(api + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  void writer(String runId) {
    Set<Long> acked = acknowledged.computeIfAbsent(runId, k -> ConcurrentHashMap.newKeySet());
    for (long step = 0; running.get(); step++) {
      StringBuilder metrics = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        metrics.append(i == 0 ? "" : ",");
        metrics.append(
            String.format(
                "{\"key\": \"m%d\", \"value\": %d, \"timestamp\": %d, \"step\": %d}",
                i, step, 1000 + step, step));
      }
      try {
        JsonNode ok =
            post(
                "/runs/log-batch",
                "{\"run_id\": \"" + runId + "\", \"metrics\": [" + metrics + "]}");
        if (ok != null) {
          acked.add(step);
        } else {
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  void reader(String runId) {
    while (running.get()) {
      try {
        HttpResponse<String> r =
            send(HttpRequest.newBuilder(URI.create(api + "/runs/get?run_id=" + runId)).GET());
        if (r.statusCode() != 200) {
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void outagesAnswer503ThenRecoverWithNothingLost() throws Exception {
    String exp =
        post("/experiments/create", "{\"name\": \"outage\"}").get("experiment_id").asText();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < WRITERS; i++) {
      runs.add(
          post("/runs/create", "{\"experiment_id\": \"" + exp + "\"}")
              .at("/run/info/run_id")
              .asText());
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < WRITERS + READERS; i++) {
      String run = runs.get(i % WRITERS);
      Thread t = new Thread(i < WRITERS ? () -> writer(run) : () -> reader(run));
      threads.add(t);
      t.start();
    }
    try {
      Thread.sleep(1500);
      // a stopped database: connections reset, new ones refused
      outage(proxy, "cut", 4000, 5000);
      awaitRecovery();
      // a network that drops packets: statements in flight fail after the socket timeout (3 s
      // here), requests that need a new connection after the acquisition timeout (5 s), so the
      // stall lasts long enough for such requests to start and end within it
      outage(proxy, "stall", 12000, 9000);
      awaitRecovery();
      Thread.sleep(1000);
    } finally {
      proxy.accept("restore");
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }

    for (Answer a : answers) {
      assertTrue(
          a.status() == 200
              || (a.status() == 503 && "TEMPORARILY_UNAVAILABLE".equals(a.errorCode())),
          "only 200 or 503 TEMPORARILY_UNAVAILABLE, got " + a);
    }
    for (String run : runs) {
      Set<Long> stored = steps(run);
      Set<Long> missing = new TreeSet<>(acknowledged.get(run));
      missing.removeAll(stored);
      assertTrue(missing.isEmpty(), "acknowledged but lost in run " + run + ": " + missing);
      assertTrue(acknowledged.get(run).size() > 10, "the writer of " + run + " made progress");
    }
    String metrics =
        http.send(
                HttpRequest.newBuilder(api.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(
        metrics.contains("trackway_db_retries_total{operation=\"read\",reason=\"connection_lost\"}")
            || metrics.contains(
                "trackway_db_retries_total{operation=\"write\",reason=\"connection_lost\"}"),
        "retries after the lost connections are counted");
  }

  /**
   * Takes the database away for {@code millis}; every answer that came in that window (after a
   * grace period for requests already past the database) is a 503 given within {@code boundMillis},
   * and there were some.
   */
  void outage(Consumer<String> proxy, String how, long millis, long boundMillis)
      throws InterruptedException {
    proxy.accept(how);
    long from = System.nanoTime() + 200_000_000L;
    Thread.sleep(millis);
    long to = System.nanoTime();
    assertEquals(503, readiness(), how + ": readiness is DOWN while the database is away");
    proxy.accept("restore");
    // the requests sent during the outage (those sent before may have done their work already)
    List<Answer> during =
        answers.stream()
            .filter(a -> a.atNanos() - a.tookMillis() * 1_000_000 > from && a.atNanos() < to)
            .toList();
    assertTrue(!during.isEmpty(), how + ": answers during the outage");
    long[] took = during.stream().mapToLong(Answer::tookMillis).sorted().toArray();
    System.out.printf(
        "outage %s: %d answers, p50 %d ms, max %d ms%n",
        how, took.length, took[took.length / 2], took[took.length - 1]);
    for (Answer a : during) {
      assertEquals(503, a.status(), how + ": " + a);
      assertTrue(a.tookMillis() <= boundMillis, how + ": answered within the bound: " + a);
    }
  }

  int readiness() throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(api.resolve("/q/health/ready"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Every writer gets a write through again within 20 s, without a restart, and readiness is UP
   * again.
   */
  void awaitRecovery() throws InterruptedException {
    Map<String, Integer> before = new ConcurrentHashMap<>();
    acknowledged.forEach((run, steps) -> before.put(run, steps.size()));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (acknowledged.entrySet().stream()
          .allMatch(e -> e.getValue().size() > before.get(e.getKey()))) {
        while (readiness() != 200) {
          assertTrue(System.nanoTime() < deadline, "readiness UP again within 20 s");
          Thread.sleep(100);
        }
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no recovery within 20 s: " + before + " -> " + acknowledged);
  }

  Set<Long> steps(String run) throws IOException, InterruptedException {
    Set<Long> out = new TreeSet<>();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(api + "/metrics/get-history?run_id=" + run + "&metric_key=m0"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    for (JsonNode m : JSON.readTree(r.body()).path("metrics")) {
      out.add(m.get("step").asLong());
    }
    return out;
  }
}
