package dev.trackway.artifacts.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.artifacts.AbstractArtifactRepositoryTest;
import dev.trackway.artifacts.ArtifactRepository;
import dev.trackway.domain.FileInfo;
import dev.trackway.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalArtifactRepositoryTest extends AbstractArtifactRepositoryTest {
  Path base;
  Path outside;
  LocalArtifactRepository repo;

  @BeforeEach
  void setUp() throws IOException {
    base = Files.createTempDirectory("trackway-local-repo");
    outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    repo = new LocalArtifactRepository(base.resolve("root"));
  }

  @AfterEach
  void tearDown() throws IOException {
    try (var files = Files.walk(base)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  @Override
  protected ArtifactRepository repo() {
    return repo;
  }

  @Test
  void layoutIsMlflowsAndNoTempFilesRemain() throws IOException {
    put(dir + "/x/y.txt", bytes("y"));
    Path file = base.resolve("root").resolve(dir).resolve("x/y.txt");
    assertEquals("y", Files.readString(file));
    try (var s = Files.list(file.getParent())) {
      assertEquals(List.of("y.txt"), s.map(p -> p.getFileName().toString()).toList());
    }
    assertTrue(repo.uri().startsWith("file:///"), repo.uri());
  }

  @Test
  void hiddenUploadTempFilesAreNotListedAndReserved() throws IOException {
    put(dir + "/a.txt", bytes("a"));
    Files.writeString(
        base.resolve("root").resolve(dir).resolve(".artifact.uploading.xyz"), "partial");
    assertEquals(List.of(new FileInfo(dir + "/a.txt", false, 1L)), repo.list(dir));
    fails(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> put(dir + "/.artifact.uploading.evil", bytes("x")));
  }

  @Test
  void symlinksLeadingOutsideAreRefused() throws IOException {
    put(dir + "/real.txt", bytes("r"));
    Path d = base.resolve("root").resolve(dir);
    Files.createSymbolicLink(d.resolve("escape"), outside);
    Files.createSymbolicLink(d.resolve("escape.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(d.resolve("dangling"), base.resolve("nowhere"));
    Files.createSymbolicLink(d.resolve("inside"), d.resolve("real.txt"));

    for (String p : List.of(dir + "/escape/secret.txt", dir + "/escape.txt", dir + "/dangling")) {
      fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo.open(p));
    }
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo.list(dir + "/escape"));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> put(dir + "/escape/planted.txt", bytes("x")));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> put(dir + "/escape.txt", bytes("x")));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo.delete(dir + "/escape"));
    fails(ErrorCode.INVALID_PARAMETER_VALUE, () -> repo.delete(dir + "/escape/secret.txt"));

    assertEquals(
        List.of(
            new FileInfo(dir + "/inside", false, 1L), new FileInfo(dir + "/real.txt", false, 1L)),
        repo.list(dir),
        "links leading outside are not listed; a link inside is");
    assertArrayEquals(bytes("r"), read(dir + "/inside"));
    assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    assertFalse(Files.exists(outside.resolve("planted.txt")));

    // deleting a directory that contains links removes the links, never their targets
    repo.delete(dir);
    assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    assertTrue(Files.isDirectory(outside));
  }

  @Test
  void rootThatIsASymlinkStillWorks() throws IOException {
    Path real = Files.createDirectories(base.resolve("real-root"));
    Path link = Files.createSymbolicLink(base.resolve("link-root"), real);
    LocalArtifactRepository viaLink = new LocalArtifactRepository(link);
    viaLink.write("a/b.txt", new java.io.ByteArrayInputStream(bytes("b")), 1);
    assertEquals(List.of(new FileInfo("a/b.txt", false, 1L)), viaLink.list("a"));
    assertEquals("b", Files.readString(real.resolve("a/b.txt")));
  }

  @Test
  void missingRootListsEmpty() {
    assertEquals(List.of(), repo.list(""));
    fails(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> repo.open("x.txt"));
  }
}
