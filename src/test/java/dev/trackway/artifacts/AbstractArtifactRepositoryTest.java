package dev.trackway.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.FileInfo;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract of an artifact repository, run on local storage and on S3. */
public abstract class AbstractArtifactRepositoryTest {

  protected abstract ArtifactRepository repo();

  /** A fresh directory per test, so tests never see each other's files. */
  protected final String dir = "t-" + UUID.randomUUID().toString().substring(0, 8);

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected void put(String path, byte[] data) {
    repo().write(path, new ByteArrayInputStream(data), data.length);
  }

  protected byte[] read(String path) throws IOException {
    try (ArtifactContent c = repo().open(path)) {
      byte[] data = c.file() != null ? Files.readAllBytes(c.file()) : c.stream().readAllBytes();
      assertEquals(data.length, c.length(), "length of " + path);
      return data;
    }
  }

  protected static MlflowException fails(ErrorCode code, Runnable r) {
    MlflowException e = assertThrows(MlflowException.class, r::run);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  @Test
  void writeAndReadKnownAndUnknownLength() throws IOException {
    put(dir + "/a.txt", bytes("hello"));
    assertArrayEquals(bytes("hello"), read(dir + "/a.txt"));
    repo().write(dir + "/b.bin", new ByteArrayInputStream(bytes("stream")), -1);
    assertArrayEquals(bytes("stream"), read(dir + "/b.bin"));
    put(dir + "/empty", new byte[0]);
    assertArrayEquals(new byte[0], read(dir + "/empty"));
  }

  @Test
  void overwriteReplaces() throws IOException {
    put(dir + "/a.txt", bytes("first version, longer"));
    put(dir + "/a.txt", bytes("second"));
    assertArrayEquals(bytes("second"), read(dir + "/a.txt"));
  }

  @Test
  void listingIsOneLevelSortedWithSizes() {
    put(dir + "/b.txt", bytes("bb"));
    put(dir + "/a.txt", bytes("a"));
    put(dir + "/sub/c.txt", bytes("ccc"));
    put(dir + "/sub/deeper/d.txt", bytes("dddd"));
    put(dir + "/Z.txt", bytes("z"));
    put(dir + "/é.txt", bytes("e"));
    List<FileInfo> root = repo().list(dir);
    assertEquals(
        List.of(
            new FileInfo(dir + "/Z.txt", false, 1L),
            new FileInfo(dir + "/a.txt", false, 1L),
            new FileInfo(dir + "/b.txt", false, 2L),
            new FileInfo(dir + "/sub", true, null),
            new FileInfo(dir + "/é.txt", false, 1L)),
        root);
    assertEquals(
        List.of(
            new FileInfo(dir + "/sub/c.txt", false, 3L),
            new FileInfo(dir + "/sub/deeper", true, null)),
        repo().list(dir + "/sub"));
    assertEquals(List.of(), repo().list(dir + "/a.txt"), "a file lists as empty");
    assertEquals(List.of(), repo().list(dir + "/missing"), "a missing dir lists as empty");
    assertEquals(repo().list(dir + "/sub"), repo().list(dir + "//sub/./"), "normalized");
  }

  @Test
  void openMissingAndDirectory() {
    put(dir + "/sub/c.txt", bytes("c"));
    MlflowException e =
        fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> repo().open(dir + "/nope.txt"));
    assertEquals("No such artifact: '" + dir + "/nope.txt'", e.getMessage());
    e = fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo().open(dir + "/sub"));
    assertTrue(e.getMessage().startsWith("Artifact path refers to a directory"), e.getMessage());
  }

  @Test
  void deleteFileTreeAndMissing() {
    put(dir + "/keep.txt", bytes("k"));
    put(dir + "/gone/x.txt", bytes("x"));
    put(dir + "/gone/y/z.txt", bytes("z"));
    put(dir + "/gone-not/w.txt", bytes("w"));
    put(dir + "/single.txt", bytes("s"));
    repo().delete(dir + "/gone");
    repo().delete(dir + "/single.txt");
    repo().delete(dir + "/never-existed");
    assertEquals(
        List.of(
            new FileInfo(dir + "/gone-not", true, null),
            new FileInfo(dir + "/keep.txt", false, 1L)),
        repo().list(dir),
        "only the named tree is deleted, not a sibling sharing its prefix");
  }

  @Test
  void repositoryRefusesUnsafePathsItself() {
    for (String bad :
        List.of("../x", dir + "/../../x", "/etc/passwd", "a\\b", "a\u0000b", "C:/x", "...")) {
      fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> put(bad, bytes("no")));
      fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo().open(bad));
      fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo().list(bad));
      fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo().delete(bad));
    }
  }

  @Test
  void streamsLargeUnknownLengthUploads() throws Exception {
    // larger than one S3 part (5 MiB in the S3 test), length unknown: a multipart upload on S3
    int size = 12 * 1024 * 1024 + 12345;
    Random random = new Random(42);
    byte[] data = new byte[size];
    random.nextBytes(data);
    InputStream trickle =
        new ByteArrayInputStream(data) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 100_000)); // short reads like a network stream
          }
        };
    repo().write(dir + "/big.bin", trickle, -1);
    byte[] back = read(dir + "/big.bin");
    assertEquals(size, back.length);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    assertArrayEquals(md.digest(data), MessageDigest.getInstance("SHA-256").digest(back));
    assertEquals(List.of(new FileInfo(dir + "/big.bin", false, (long) size)), repo().list(dir));
  }

  @Test
  void truncatedKnownLengthUploadStoresNothing() {
    byte[] data = bytes("only eleven");
    assertThrows(
        RuntimeException.class,
        () -> repo().write(dir + "/short.bin", new ByteArrayInputStream(data), data.length + 10));
    assertEquals(List.of(), repo().list(dir));
  }
}
