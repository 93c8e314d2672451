package dev.trackway.artifacts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.testing.AbstractApiTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The artifact endpoints on the wire, run once per storage (local directory, S3): every endpoint,
 * its headers and error answers, and a corpus of path-traversal attempts against every endpoint.
 */
public abstract class AbstractArtifactApiTest extends AbstractApiTest {
  static final String ART = "/api/2.0/mlflow-artifacts/artifacts";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  protected abstract boolean isS3();

  static String unique() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static String base() {
    return "http://localhost:" + RestAssured.port;
  }

  /** A request with the path sent exactly as written (no client-side normalization). */
  static HttpResponse<String> raw(
      String method, String pathAndQuery, byte[] body, String contentType) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + pathAndQuery));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void put(String path, byte[] data) {
    given()
        .body(data)
        .contentType("application/octet-stream")
        .when()
        .put(ART + "/" + path)
        .then()
        .statusCode(200);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static void assertError(Response r, int status, String code) {
    assertEquals(status, r.statusCode(), r.asString());
    assertTrue(r.contentType().startsWith("application/json"), r.contentType());
    assertEquals(code, r.jsonPath().getString("error_code"), r.asString());
  }

  // ------------------------------------------------------------------ proxied service

  @Test
  void uploadDownloadWithMlflowsHeaders() {
    String d = unique();
    // MLflow 3.18 answers an upload with an empty 200 (a FastAPI route)
    given()
        .body("hello text")
        .contentType("text/plain")
        .when()
        .put(ART + "/" + d + "/notes.txt")
        .then()
        .statusCode(200)
        .body(equalTo(""));
    Response r = given().when().get(ART + "/" + d + "/notes.txt");
    assertEquals(200, r.statusCode());
    assertEquals("hello text", r.asString());
    assertEquals("text/plain", r.header("Content-Type"));
    assertEquals("attachment; filename=notes.txt", r.header("Content-Disposition"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("10", r.header("Content-Length"));

    Map<String, String> types =
        new TreeMap<>(
            Map.of(
                "image.png",
                "image/png",
                "model.pkl",
                "application/octet-stream",
                "MLmodel",
                "text/plain",
                "conf.yaml",
                "text/plain",
                "data.json",
                "text/plain",
                "page.html",
                "text/html",
                "archive.tar.gz",
                "application/x-tar",
                "noext",
                "application/octet-stream"));
    types.forEach(
        (name, type) -> {
          put(d + "/types/" + name, bytes("x"));
          Response t = given().when().get(ART + "/" + d + "/types/" + name);
          assertEquals(type, t.header("Content-Type"), name);
        });
    put(d + "/my file (1).txt", bytes("s"));
    assertEquals(
        "attachment; filename=\"my file (1).txt\"",
        given().when().get(ART + "/" + d + "/my file (1).txt").header("Content-Disposition"));
    put(d + "/résumé.txt", bytes("r"));
    assertEquals(
        "attachment; filename=resume.txt; filename*=UTF-8''r%C3%A9sum%C3%A9.txt",
        given().when().get(ART + "/" + d + "/résumé.txt").header("Content-Disposition"));
  }

  @Test
  void ajaxPrefixServesTheSameStore() {
    String d = unique();
    given()
        .body("via ajax")
        .when()
        .put("/ajax-api/2.0/mlflow-artifacts/artifacts/" + d + "/a.txt")
        .then()
        .statusCode(200);
    given().when().get(ART + "/" + d + "/a.txt").then().statusCode(200).body(equalTo("via ajax"));
    given()
        .queryParam("path", d)
        .when()
        .get("/ajax-api/2.0/mlflow-artifacts/artifacts")
        .then()
        .statusCode(200)
        .body("files[0].path", equalTo("a.txt"));
  }

  @Test
  void listingByBasenameWithSizes() {
    String d = unique();
    put(d + "/b.txt", bytes("bb"));
    put(d + "/a.txt", bytes("a"));
    put(d + "/sub/c.txt", bytes("ccc"));
    JsonPath j =
        given().queryParam("path", d).when().get(ART).then().statusCode(200).extract().jsonPath();
    assertEquals(List.of("a.txt", "b.txt", "sub"), j.getList("files.path"));
    assertEquals(List.of(false, false, true), j.getList("files.is_dir"));
    assertEquals(List.of(1, 2), j.getList("files.file_size").subList(0, 2));
    assertFalse(j.getMap("files[2]").containsKey("file_size"), "no file_size for a directory");
    given()
        .queryParam("path", d + "/sub")
        .when()
        .get(ART)
        .then()
        .statusCode(200)
        .body("files.path", equalTo(List.of("c.txt")));
    given()
        .queryParam("path", d + "/a.txt")
        .when()
        .get(ART)
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
    given()
        .queryParam("path", d + "/none")
        .when()
        .get(ART)
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
  }

  @Test
  void downloadErrors() {
    String d = unique();
    put(d + "/sub/c.txt", bytes("c"));
    Response r = given().when().get(ART + "/" + d + "/missing.txt");
    assertError(r, 404, "RESOURCE_DOES_NOT_EXIST");
    assertEquals("No such artifact: '" + d + "/missing.txt'", r.jsonPath().getString("message"));
    r = given().when().get(ART + "/" + d + "/sub");
    assertError(r, 400, "INVALID_PARAMETER_VALUE");
    assertTrue(r.jsonPath().getString("message").startsWith("Artifact path refers to a directory"));
    assertError(
        given().body("x").when().put(ART + "/" + d + "/dir/"), 400, "INVALID_PARAMETER_VALUE");
  }

  @Test
  void overwriteAndDelete() {
    String d = unique();
    put(d + "/f.txt", bytes("one"));
    put(d + "/f.txt", bytes("two!"));
    given().when().get(ART + "/" + d + "/f.txt").then().body(equalTo("two!"));
    put(d + "/tree/x.txt", bytes("x"));
    put(d + "/tree/y/z.txt", bytes("z"));
    given().when().delete(ART + "/" + d + "/tree").then().statusCode(200).body(equalTo("{}"));
    given().when().delete(ART + "/" + d + "/f.txt").then().statusCode(200);
    given().when().delete(ART + "/" + d + "/never").then().statusCode(200);
    given().queryParam("path", d).when().get(ART).then().statusCode(200).body(equalTo("{}"));
  }

  @Test
  void chunkedUploadOfUnknownLengthStreams() throws Exception {
    String d = unique();
    byte[] data = new byte[9 * 1024 * 1024 + 7];
    new Random(7).nextBytes(data);
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base() + ART + "/" + d + "/chunked.bin"))
            .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(data)))
            .build();
    HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    HttpResponse<byte[]> back =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base() + ART + "/" + d + "/chunked.bin")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, back.statusCode());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertArrayEquals(sha.digest(data), MessageDigest.getInstance("SHA-256").digest(back.body()));
  }

  @Test
  void multipartUploadEndpoints() throws Exception {
    String d = unique();
    String create = "/api/2.0/mlflow-artifacts/mpu/create/" + d;
    assertError(
        given().contentType(ContentType.JSON).body(Map.of()).when().post(create),
        400,
        "INVALID_PARAMETER_VALUE");
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("path", "/local/dir/big.bin", "num_parts", 2))
            .when()
            .post(create);
    if (!isS3()) {
      assertError(r, 501, "NOT_IMPLEMENTED");
      assertEquals(
          "Multipart upload is not supported for the current artifact repository",
          r.jsonPath().getString("message"));
      assertError(
          given()
              .contentType(ContentType.JSON)
              .body(Map.of("path", "big.bin", "upload_id", "u", "parts", List.of()))
              .when()
              .post("/api/2.0/mlflow-artifacts/mpu/complete/" + d),
          501,
          "NOT_IMPLEMENTED");
      assertError(
          given()
              .contentType(ContentType.JSON)
              .body(Map.of("path", "big.bin", "upload_id", "u"))
              .when()
              .post("/api/2.0/mlflow-artifacts/mpu/abort/" + d),
          501,
          "NOT_IMPLEMENTED");
      return;
    }
    assertEquals(200, r.statusCode(), r.asString());
    String uploadId = r.jsonPath().getString("upload_id");
    assertNotNull(uploadId);
    List<String> urls = r.jsonPath().getList("credentials.url");
    assertEquals(List.of(1, 2), r.jsonPath().getList("credentials.part_number"));
    byte[] p1 = new byte[5 * 1024 * 1024];
    new Random(1).nextBytes(p1);
    byte[] p2 = bytes("tail");
    List<Map<String, Object>> parts = new ArrayList<>();
    byte[][] data = {p1, p2};
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> up =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(urls.get(i)))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(data[i]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, up.statusCode(), up.body());
      parts.add(
          Map.of("part_number", i + 1, "etag", up.headers().firstValue("ETag").orElseThrow()));
    }
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("path", "big.bin", "upload_id", uploadId, "parts", parts))
        .when()
        .post("/api/2.0/mlflow-artifacts/mpu/complete/" + d)
        .then()
        .statusCode(200)
        .body(equalTo("{}"));
    byte[] back =
        given()
            .when()
            .get(ART + "/" + d + "/big.bin")
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    assertEquals(p1.length + p2.length, back.length);
    Response abortCreate =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("path", "gone.bin", "num_parts", 1))
            .when()
            .post(create);
    given()
        .contentType(ContentType.JSON)
        .body(
            Map.of("path", "gone.bin", "upload_id", abortCreate.jsonPath().getString("upload_id")))
        .when()
        .post("/api/2.0/mlflow-artifacts/mpu/abort/" + d)
        .then()
        .statusCode(200);
    assertError(given().when().get(ART + "/" + d + "/gone.bin"), 404, "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void presignedDownload() throws Exception {
    String d = unique();
    put(d + "/p.txt", bytes("presigned!"));
    Response r = given().when().get("/api/2.0/mlflow-artifacts/presigned/" + d + "/p.txt");
    if (!isS3()) {
      assertError(r, 501, "NOT_IMPLEMENTED");
      return;
    }
    assertEquals(200, r.statusCode(), r.asString());
    assertEquals(10, r.jsonPath().getInt("file_size"));
    HttpResponse<String> got =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(r.jsonPath().getString("url"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals("presigned!", got.body());
  }

  @Test
  void metadataBodiesAreCappedBeforeReading() throws Exception {
    try (Socket s = new Socket("localhost", RestAssured.port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/2.0/mlflow/runs/create HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 100000000\r\n\r\n{")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 413", status);
    }
  }

  // ------------------------------------------------------------------ run artifacts

  /** A new run without a start time: its id and artifact root. */
  static String[] createRunAndRoot(String exp) {
    Response r =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("experiment_id", exp))
            .when()
            .post("/api/2.0/mlflow/runs/create");
    return new String[] {r.path("run.info.run_id"), r.path("run.info.artifact_uri")};
  }

  @Test
  void runArtifactListAndGetArtifact() {
    String exp = createExperiment(Map.of("name", unique()));
    String[] run = createRunAndRoot(exp);
    String runId = run[0];
    assertEquals("mlflow-artifacts:/" + exp + "/" + runId + "/artifacts", run[1]);
    String root = exp + "/" + runId + "/artifacts";
    put(root + "/model/MLmodel", bytes("flavors: {}"));
    put(root + "/model/data/w.bin", bytes("0123456789"));
    put(root + "/metrics.json", bytes("{}"));

    JsonPath j =
        given()
            .queryParam("run_id", runId)
            .when()
            .get("/api/2.0/mlflow/artifacts/list")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(run[1], j.getString("root_uri"));
    assertEquals(List.of("metrics.json", "model"), j.getList("files.path"));
    j =
        given()
            .queryParam("run_id", runId)
            .queryParam("path", "model")
            .when()
            .get("/ajax-api/2.0/mlflow/artifacts/list")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(List.of("model/MLmodel", "model/data"), j.getList("files.path"));
    assertEquals(java.util.Arrays.asList(11, null), j.getList("files.file_size"));
    given()
        .queryParam("run_id", runId)
        .queryParam("path", "metrics.json")
        .when()
        .get("/api/2.0/mlflow/artifacts/list")
        .then()
        .statusCode(200)
        .body("root_uri", equalTo(run[1]))
        .body("files", org.hamcrest.Matchers.nullValue());

    assertError(
        given().when().get("/api/2.0/mlflow/artifacts/list"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        given()
            .queryParam("run_id", "0123456789abcdef0123456789abcdef")
            .when()
            .get("/api/2.0/mlflow/artifacts/list"),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    Response g =
        given()
            .queryParam("run_uuid", runId)
            .queryParam("path", "model/data/w.bin")
            .when()
            .get("/get-artifact");
    assertEquals(200, g.statusCode(), g.asString());
    assertEquals("0123456789", g.asString());
    assertEquals("attachment; filename=w.bin", g.header("Content-Disposition"));
    assertEquals("nosniff", g.header("X-Content-Type-Options"));
    given()
        .queryParam("run_id", runId)
        .queryParam("path", "model/MLmodel")
        .when()
        .get("/get-artifact")
        .then()
        .statusCode(200)
        .header("Content-Type", "text/plain");
    assertError(
        given().queryParam("run_id", runId).when().get("/get-artifact"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        given()
            .queryParam("run_id", runId)
            .queryParam("path", "nope.txt")
            .when()
            .get("/get-artifact"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void runsWithADirectFileRootAreReadFromIt() throws IOException {
    Path dir = Files.createTempDirectory("trackway-direct-root");
    String exp =
        createExperiment(Map.of("name", unique(), "artifact_location", dir.toUri().toString()));
    String[] run = createRunAndRoot(exp);
    assertTrue(run[1].startsWith("file:"), run[1]);
    Path runRoot = Path.of(URI.create(run[1]));
    Files.createDirectories(runRoot.resolve("d"));
    Files.writeString(runRoot.resolve("d/x.txt"), "direct");
    given()
        .queryParam("run_id", run[0])
        .when()
        .get("/api/2.0/mlflow/artifacts/list")
        .then()
        .statusCode(200)
        .body("files.path", equalTo(List.of("d")));
    given()
        .queryParam("run_id", run[0])
        .queryParam("path", "d")
        .when()
        .get("/api/2.0/mlflow/artifacts/list")
        .then()
        .statusCode(200)
        .body("files.path", equalTo(List.of("d/x.txt")));
    given()
        .queryParam("run_id", run[0])
        .queryParam("path", "d/x.txt")
        .when()
        .get("/get-artifact")
        .then()
        .statusCode(200)
        .body(equalTo("direct"));
    S3TestServer.deleteTree(dir);
  }

  @Test
  void loggedModelAndModelVersionArtifacts() {
    String exp = createExperiment(Map.of("name", unique()));
    Response m =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("experiment_id", exp, "name", "model"))
            .when()
            .post("/api/2.0/mlflow/logged-models");
    assertEquals(200, m.statusCode(), m.asString());
    String modelId = m.path("model.info.model_id");
    String location = m.path("model.info.artifact_uri");
    assertEquals("mlflow-artifacts:/" + exp + "/models/" + modelId + "/artifacts", location);
    String root = exp + "/models/" + modelId + "/artifacts";
    put(root + "/MLmodel", bytes("flavors: {}"));
    put(root + "/data/model.pkl", bytes("pickle"));

    JsonPath j =
        given()
            .when()
            .get("/api/2.0/mlflow/logged-models/" + modelId + "/artifacts/directories")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(location, j.getString("root_uri"));
    assertEquals(List.of("MLmodel", "data"), j.getList("files.path"));
    given()
        .queryParam("artifact_directory_path", "data")
        .when()
        .get("/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/directories")
        .then()
        .statusCode(200)
        .body("files.path", equalTo(List.of("data/model.pkl")));
    given()
        .queryParam("artifact_file_path", "data/model.pkl")
        .when()
        .get("/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/files")
        .then()
        .statusCode(200)
        .body(equalTo("pickle"))
        .header("Content-Disposition", "attachment; filename=model.pkl");
    assertError(
        given().when().get("/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/files"),
        400,
        "BAD_REQUEST");
    assertError(
        given()
            .queryParam("artifact_file_path", "../../x")
            .when()
            .get("/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/files"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        given()
            .queryParam("artifact_file_path", "MLmodel")
            .when()
            .get("/api/2.0/mlflow/logged-models/" + modelId + "/artifacts/files"),
        404,
        "ENDPOINT_NOT_FOUND");

    String name = unique();
    given()
        .contentType(ContentType.JSON)
        .body(Map.of("name", name))
        .when()
        .post("/api/2.0/mlflow/registered-models/create")
        .then()
        .statusCode(200);
    Response v =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("name", name, "source", "models:/" + modelId, "model_id", modelId))
            .when()
            .post("/api/2.0/mlflow/model-versions/create");
    assertEquals(200, v.statusCode(), v.asString());
    String version = v.path("model_version.version");
    given()
        .queryParam("name", name)
        .queryParam("version", version)
        .queryParam("path", "MLmodel")
        .when()
        .get("/model-versions/get-artifact")
        .then()
        .statusCode(200)
        .body(equalTo("flavors: {}"))
        .header("Content-Type", "text/plain");
    assertError(
        given()
            .queryParam("name", name)
            .queryParam("version", version)
            .queryParam("path", "..%2f..%2fx")
            .when()
            .get("/model-versions/get-artifact"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        given()
            .queryParam("name", name)
            .queryParam("version", version)
            .when()
            .get("/model-versions/get-artifact"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // ------------------------------------------------------------------ traversal corpus

  /** Paths that must be refused wherever they are used (as sent, still percent-encoded). */
  static final List<String> TRAVERSAL =
      List.of(
          "..%2f..%2fcanary.txt",
          "..%2F..%2Fcanary.txt",
          "%2e%2e/%2e%2e/canary.txt",
          "%2e%2e%2f%2e%2e%2fcanary.txt",
          "%252e%252e%252fcanary.txt",
          "%25252e%25252e/canary.txt",
          "....//....//canary.txt",
          ".../canary.txt",
          "%2fetc%2fpasswd",
          "%2Fetc%2Fpasswd",
          "/etc/passwd",
          "file:///etc/passwd",
          "file:%2F%2F%2Fetc%2Fpasswd",
          "file://localhost/etc/passwd",
          "FILE:///etc/passwd",
          "%66ile:///etc/passwd",
          "file:..%2fcanary.txt",
          "%5c..%5c..%5ccanary.txt",
          "..%5c..%5ccanary.txt",
          "..%255c..%255ccanary.txt",
          "%5c%5cserver%5cshare",
          "a%00b",
          "..%00/canary.txt",
          "canary.txt%00.png",
          "a%23b",
          "%23/../x",
          "C:%5Cwindows",
          "C:/windows/win.ini",
          "c%3A%2Fwindows",
          "..",
          "../canary.txt",
          "x/../../canary.txt",
          "x/./../../canary.txt",
          "./../canary.txt",
          "%2e%2e",
          "%2e%2e%5c",
          "%2e%2e%252f%2e%2e%252fcanary.txt",
          ".%2e/canary.txt",
          "%2e./canary.txt",
          "a/..%2f..%2f..%2fcanary.txt",
          "a%2f..%2f..%2fcanary.txt",
          "//canary.txt",
          "%2f%2fcanary.txt",
          "%0a/../canary.txt",
          "a%0d%0ab",
          "%7f",
          "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
          "....%2f....%2fcanary.txt",
          "%2e%2e%2fcanary.txt%23frag",
          "dest/..%2f..%2fcanary.txt",
          "%252e%252e%255c%252e%252e%255ccanary.txt",
          "x%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fcanary.txt",
          "%25%32%65%25%32%65/canary.txt");

  /**
   * Odd names that are not traversal here (";" is no parameter separator, overlong UTF-8 decodes to
   * U+FFFD): they may be accepted, but only inside the root (the canary check covers them).
   */
  static final List<String> CONTAINED =
      List.of("..;/..;/canary.txt", "%c0%ae%c0%ae/canary.txt", "..%c0%af..%c0%afcanary.txt");

  /** On local storage: paths through the link {@code link-out} that leads outside the root. */
  static final List<String> SYMLINK =
      List.of("link-out/secret.txt", "link-out", "link-out/planted.txt", "link-out%2fsecret.txt");

  /** Every file and its content under base, except those inside the destination root. */
  Map<String, String> outsideSnapshot() throws IOException {
    Path base = Path.of(System.getProperty(ArtifactTestResources.BASE));
    Path skip =
        isS3()
            ? Path.of(System.getProperty(ArtifactTestResources.BUCKET_DIR))
                .resolve(ArtifactTestResources.S3_PREFIX)
            : base.resolve("dest");
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(base)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (p.startsWith(skip) || Files.isDirectory(p)) {
          continue;
        }
        String rel = base.relativize(p).toString();
        if (isS3() && rel.matches(".*/(\\.mpus-[0-9a-f-]{36}-.*|[0-9a-f-]{36})")) {
          continue; // s3proxy's own bookkeeping of open multipart uploads
        }
        out.put(base.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
      }
    }
    return out;
  }

  @Test
  void traversalCorpusIsRefusedByEveryEndpoint() throws Exception {
    assertTrue(TRAVERSAL.size() >= 50, "corpus size " + TRAVERSAL.size());
    String exp = createExperiment(Map.of("name", unique()));
    String runId = createRunAndRoot(exp)[0];
    String modelId =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("experiment_id", exp, "name", "m"))
            .when()
            .post("/api/2.0/mlflow/logged-models")
            .then()
            .statusCode(200)
            .extract()
            .path("model.info.model_id");
    if (!isS3()) {
      // the same link inside the run's and the model's roots, for the endpoints reading them
      Path base = Path.of(System.getProperty(ArtifactTestResources.BASE));
      Path runRoot =
          Files.createDirectories(
              base.resolve("dest").resolve(exp).resolve(runId).resolve("artifacts"));
      Files.createSymbolicLink(runRoot.resolve("link-out"), base.resolve("outside"));
      Path modelRoot =
          Files.createDirectories(
              base.resolve("dest")
                  .resolve(exp)
                  .resolve("models")
                  .resolve(modelId)
                  .resolve("artifacts"));
      Files.createSymbolicLink(modelRoot.resolve("link-out"), base.resolve("outside"));
    }
    Map<String, String> before = outsideSnapshot();
    assertTrue(
        before.values().stream().anyMatch(ArtifactTestResources.CANARY::equals),
        "canaries in place: " + before.keySet());
    List<String> cases = new ArrayList<>(TRAVERSAL);
    if (!isS3()) {
      cases.addAll(SYMLINK);
    }
    cases.addAll(CONTAINED);
    List<String> accepted = new ArrayList<>();
    int requests = 0;
    byte[] json =
        bytes("{\"path\": \"f.bin\", \"num_parts\": 1, \"upload_id\": \"u\", \"parts\": []}");
    for (String c : cases) {
      List<String[]> probes =
          List.of(
              new String[] {"GET", ART + "/" + c},
              new String[] {"PUT", ART + "/" + c},
              new String[] {"DELETE", ART + "/" + c},
              new String[] {"GET", ART + "?path=" + c},
              new String[] {"GET", "/ajax-api/2.0/mlflow-artifacts/artifacts/" + c},
              new String[] {"POST", "/api/2.0/mlflow-artifacts/mpu/create/" + c},
              new String[] {"POST", "/api/2.0/mlflow-artifacts/mpu/complete/" + c},
              new String[] {"POST", "/api/2.0/mlflow-artifacts/mpu/abort/" + c},
              new String[] {"GET", "/api/2.0/mlflow-artifacts/presigned/" + c},
              new String[] {"GET", "/get-artifact?run_id=" + runId + "&path=" + c},
              new String[] {"GET", "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + c},
              new String[] {
                "GET",
                "/api/2.0/mlflow/logged-models/"
                    + modelId
                    + "/artifacts/directories?artifact_directory_path="
                    + c
              },
              new String[] {
                "GET",
                "/ajax-api/2.0/mlflow/logged-models/"
                    + modelId
                    + "/artifacts/files?artifact_file_path="
                    + c
              });
      for (String[] p : probes) {
        requests++;
        boolean post = p[0].equals("POST");
        HttpResponse<String> r;
        try {
          r =
              raw(
                  p[0],
                  p[1],
                  p[0].equals("PUT") ? bytes("pwned") : post ? json : null,
                  post ? "application/json" : null);
        } catch (IllegalArgumentException notAUri) {
          continue; // the client cannot even send it (a raw character URIs do not allow)
        }
        String code =
            r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")
                ? String.valueOf(JsonPath.from(r.body()).getString("error_code"))
                : "<not json>";
        boolean refused =
            (r.statusCode() == 400 && code.equals("INVALID_PARAMETER_VALUE"))
                || (r.statusCode() == 404 && code.equals("ENDPOINT_NOT_FOUND"))
                || (r.statusCode() == 405 && code.equals("BAD_REQUEST"))
                // local storage has no multipart/presigned support: answered before storage is
                // touched
                || (!isS3()
                    && r.statusCode() == 501
                    && code.equals("NOT_IMPLEMENTED")
                    && (p[1].contains("/mpu/") || p[1].contains("/presigned/")));
        if (CONTAINED.contains(c)) {
          assertTrue(
              r.statusCode() < 500 || refused,
              p[0] + " " + p[1] + " -> " + r.statusCode() + " " + r.body());
        } else if (!refused) {
          accepted.add(p[0] + " " + p[1] + " -> " + r.statusCode() + " " + r.body());
        }
      }
    }
    assertEquals(List.of(), accepted, "not refused (of " + requests + " requests)");
    assertEquals(before, outsideSnapshot(), "nothing outside the root changed");
  }
}
