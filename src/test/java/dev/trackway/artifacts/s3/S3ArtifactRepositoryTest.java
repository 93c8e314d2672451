package dev.trackway.artifacts.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.artifacts.AbstractArtifactRepositoryTest;
import dev.trackway.artifacts.ArtifactRepository;
import dev.trackway.artifacts.S3TestServer;
import dev.trackway.domain.FileInfo;
import dev.trackway.domain.MultipartUpload;
import dev.trackway.domain.MultipartUploadPart;
import dev.trackway.domain.PresignedDownload;
import dev.trackway.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The repository contract on a real S3-compatible server (s3proxy, in this JVM). */
class S3ArtifactRepositoryTest extends AbstractArtifactRepositoryTest {
  static final String PREFIX = "repo-tests/root";
  static S3TestServer server;
  static S3Clients clients;
  static S3Client s3;
  static S3ArtifactRepository repo;

  @BeforeAll
  static void start() {
    server = S3TestServer.get();
    clients = new S3Clients(Optional.of(server.endpoint()), Optional.empty());
    s3 = clients.client();
    // 5 MiB parts (S3's minimum) keep the multipart test small
    repo =
        new S3ArtifactRepository(
            s3, clients.presigner(), S3TestServer.BUCKET, PREFIX, 5 * 1024 * 1024);
    // objects next to the root that no operation may touch
    s3.putObject(
        b -> b.bucket(S3TestServer.BUCKET).key("repo-tests/canary.txt"),
        RequestBody.fromString("canary"));
    s3.putObject(
        b -> b.bucket(S3TestServer.BUCKET).key("repo-tests/root-sibling/x.txt"),
        RequestBody.fromString("sibling"));
  }

  @AfterAll
  static void checkCanaries() {
    assertEquals(
        "canary",
        s3.getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET).key("repo-tests/canary.txt"))
            .asUtf8String());
    assertEquals(
        "sibling",
        s3.getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET).key("repo-tests/root-sibling/x.txt"))
            .asUtf8String());
  }

  @Override
  protected ArtifactRepository repo() {
    return repo;
  }

  @Test
  void keysFollowMlflowsLayout() {
    put(dir + "/sub/file.txt", bytes("f"));
    assertEquals(
        "f",
        s3.getObjectAsBytes(
                b -> b.bucket(S3TestServer.BUCKET).key(PREFIX + "/" + dir + "/sub/file.txt"))
            .asUtf8String());
    assertEquals("s3://" + S3TestServer.BUCKET + "/" + PREFIX, repo.uri());
  }

  @Test
  void directoryMarkersAreNotListed() {
    put(dir + "/a.txt", bytes("a"));
    s3.putObject(
        b -> b.bucket(S3TestServer.BUCKET).key(PREFIX + "/" + dir + "/marker/"),
        RequestBody.empty());
    List<FileInfo> entries = repo.list(dir);
    assertTrue(entries.contains(new FileInfo(dir + "/a.txt", false, 1L)), entries.toString());
    assertFalse(entries.stream().anyMatch(e -> e.path().endsWith("/")), entries.toString());
  }

  @Test
  void proxiedMultipartUploadThroughPresignedUrls() throws Exception {
    MultipartUpload mpu = repo.createMultipartUpload(dir + "/mpu.bin", 2);
    assertNotNull(mpu.uploadId());
    assertEquals(2, mpu.credentials().size());
    HttpClient http = HttpClient.newHttpClient();
    byte[] part1 = new byte[5 * 1024 * 1024];
    Arrays.fill(part1, (byte) 'a');
    byte[] part2 = bytes("the end");
    List<MultipartUploadPart> parts = new ArrayList<>();
    byte[][] data = {part1, part2};
    for (int i = 0; i < 2; i++) {
      var cred = mpu.credentials().get(i);
      assertEquals(i + 1, cred.partNumber());
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(cred.url()))
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(data[i]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      parts.add(new MultipartUploadPart(i + 1, r.headers().firstValue("ETag").orElseThrow()));
    }
    repo.completeMultipartUpload(dir + "/mpu.bin", mpu.uploadId(), parts);
    byte[] all = new byte[part1.length + part2.length];
    System.arraycopy(part1, 0, all, 0, part1.length);
    System.arraycopy(part2, 0, all, part1.length, part2.length);
    assertArrayEquals(all, read(dir + "/mpu.bin"));

    MultipartUpload aborted = repo.createMultipartUpload(dir + "/aborted.bin", 1);
    repo.abortMultipartUpload(dir + "/aborted.bin", aborted.uploadId());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> repo.open(dir + "/aborted.bin"));
  }

  @Test
  void presignedDownload() throws Exception {
    put(dir + "/p.txt", bytes("presigned"));
    PresignedDownload p = repo.presignDownload(dir + "/p.txt", 60);
    assertEquals(9L, p.fileSize());
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(p.url())).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals("presigned", r.body());
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> repo.presignDownload(dir + "/none.txt", 60));
  }

  /** Records the headers of every request the client sends. */
  static final class Recorder implements ExecutionInterceptor {
    final ConcurrentLinkedQueue<Map<String, List<String>>> sent = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
      if (context.httpRequest().method().name().equals("PUT")) { // PutObject, UploadPart
        sent.add(new ConcurrentHashMap<>(context.httpRequest().headers()));
      }
    }

    boolean anyChecksumHeader() {
      return sent.stream()
          .anyMatch(
              h ->
                  h.keySet().stream()
                      .map(String::toLowerCase)
                      .anyMatch(
                          k ->
                              k.startsWith("x-amz-checksum-")
                                  || k.equals("x-amz-trailer")
                                  || k.equals("x-amz-sdk-checksum-algorithm")));
    }
  }

  /**
   * AWS_REQUEST_CHECKSUM_CALCULATION / AWS_RESPONSE_CHECKSUM_VALIDATION (here as the SDK's system
   * properties) are honoured: with {@code when_required} uploads carry no flexible checksum and
   * work on a store that does not know them (s3proxy 2.6); with {@code when_supported}, the SDK's
   * default, every upload carries one, which s3proxy refuses (AWS S3 and MinIO accept it).
   */
  @ParameterizedTest
  @ValueSource(strings = {"when_supported", "when_required"})
  void checksumSettings(String mode) throws Exception {
    String oldReq = System.getProperty("aws.requestChecksumCalculation");
    String oldResp = System.getProperty("aws.responseChecksumValidation");
    System.setProperty("aws.requestChecksumCalculation", mode);
    System.setProperty("aws.responseChecksumValidation", mode);
    Recorder recorder = new Recorder();
    try (S3Client client = clients.client(List.of(recorder))) {
      S3ArtifactRepository r =
          new S3ArtifactRepository(
              client, clients.presigner(), S3TestServer.BUCKET, PREFIX, 5 * 1024 * 1024);
      byte[] small = bytes("checksum " + mode);
      byte[] big = new byte[6 * 1024 * 1024];
      Arrays.fill(big, (byte) 7);
      if (mode.equals("when_supported")) {
        var e =
            fails(
                ErrorCode.INVALID_PARAMETER_VALUE,
                () -> r.write(dir + "/known.txt", new ByteArrayInputStream(small), small.length));
        assertTrue(e.getMessage().contains("x-amz-content-sha256"), e.getMessage());
        fails(
            ErrorCode.INVALID_PARAMETER_VALUE,
            () -> r.write(dir + "/unknown.bin", new ByteArrayInputStream(big), -1));
        assertEquals(List.of(), r.list(dir), "a refused multipart upload leaves nothing");
        assertTrue(recorder.anyChecksumHeader(), "flexible checksums by default: " + recorder.sent);
        return;
      }
      r.write(dir + "/known.txt", new ByteArrayInputStream(small), small.length);
      r.write(dir + "/unknown.bin", new ByteArrayInputStream(big), -1);
      try (var c = r.open(dir + "/known.txt")) {
        assertArrayEquals(small, c.stream().readAllBytes());
      }
      try (var c = r.open(dir + "/unknown.bin")) {
        assertArrayEquals(big, c.stream().readAllBytes());
      }
      r.delete(dir);
      assertEquals(List.of(), r.list(dir));
      assertFalse(
          recorder.anyChecksumHeader(),
          "no flexible checksums when only required: " + recorder.sent);
    } finally {
      restore("aws.requestChecksumCalculation", oldReq);
      restore("aws.responseChecksumValidation", oldResp);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
