package dev.trackway.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trackway.config.NativeExecutable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The private copy of sqlite-jdbc's JNI library the native executable loads (no JVM state set). */
class SqliteNativeLibraryTest {
  @TempDir Path tmp;

  @Test
  void copiesTheDriversLibraryIntoANewPrivateDirectory() throws Exception {
    byte[] lib = SqliteNativeLibrary.embeddedLibrary();
    assertNotNull(lib, "sqlite-jdbc carries a library for this machine");
    assertTrue(lib.length > 100_000);
    assertEquals(0x7f, lib[0]); // ELF

    Path dir = tmp.resolve("cache/trackway/sqlite-jdbc-x");
    assertTrue(SqliteNativeLibrary.prepare(dir));
    assertArrayEquals(lib, Files.readAllBytes(dir.resolve("libsqlitejdbc.so")));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void replacesADamagedCopy() throws Exception {
    Path dir = tmp.resolve("lib");
    assertTrue(SqliteNativeLibrary.prepare(dir));
    Path file = dir.resolve("libsqlitejdbc.so");
    byte[] damaged = Files.readAllBytes(file);
    damaged[damaged.length / 2] ^= 1;
    Files.write(file, damaged);

    assertTrue(SqliteNativeLibrary.prepare(dir));
    assertArrayEquals(SqliteNativeLibrary.embeddedLibrary(), Files.readAllBytes(file));
  }

  @Test
  void theCopyIsCheckedAgainstTheEmbeddedLibrarysSizeAndDigest() throws Exception {
    Path dir = tmp.resolve("digest");
    assertTrue(SqliteNativeLibrary.prepare(dir));
    Path file = dir.resolve("libsqlitejdbc.so");
    assertEquals(SqliteNativeLibrary.embeddedLibrary().length, SqliteNativeLibrary.Embedded.SIZE);
    assertTrue(SqliteNativeLibrary.Embedded.matches(file));

    byte[] lib = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(lib, lib.length - 1));
    assertFalse(SqliteNativeLibrary.Embedded.matches(file), "a truncated copy");
    lib[lib.length - 1] ^= 1;
    Files.write(file, lib);
    assertFalse(SqliteNativeLibrary.Embedded.matches(file), "same size, other content");

    assertTrue(SqliteNativeLibrary.prepare(dir));
    assertTrue(SqliteNativeLibrary.Embedded.matches(file));
    assertArrayEquals(SqliteNativeLibrary.embeddedLibrary(), Files.readAllBytes(file));
  }

  @Test
  void onlyTheNativeExecutableUsesIt() {
    assertFalse(NativeExecutable.running());
  }

  @Test
  void homeCacheFirstThenAPerUserDirectoryInTmp() {
    Integer uid = SqliteNativeLibrary.processUid();
    assertNotNull(uid);
    var dirs = SqliteNativeLibrary.candidates("3.46.1.3");
    assertEquals(
        Path.of(System.getProperty("user.home"), ".cache/trackway/sqlite-jdbc-3.46.1.3"),
        dirs.get(0));
    assertEquals(
        Path.of(System.getProperty("java.io.tmpdir"), "trackway-" + uid + "-sqlite-jdbc-3.46.1.3"),
        dirs.get(1));
  }

  @Test
  void refusesADirectoryOthersMayWriteOrALink() throws Exception {
    Path open = Files.createDirectory(tmp.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertFalse(SqliteNativeLibrary.prepare(open));
    assertFalse(Files.exists(open.resolve("libsqlitejdbc.so")));

    Path real = tmp.resolve("real");
    assertTrue(SqliteNativeLibrary.prepare(real));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
    assertFalse(SqliteNativeLibrary.prepare(link));
  }
}
