package dev.trackway.store.jdbc;

import dev.trackway.config.NativeExecutable;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteJDBCLoader;

/**
 * Where the native executable's SQLite driver finds its JNI library.
 *
 * <p>sqlite-jdbc loads {@code libsqlitejdbc.so} on the first connection of a process: it lists the
 * temporary directory for stale copies, asks what the system is (resolves every link in {@code
 * /proc/self/map_files} to tell musl from glibc, and runs {@code uname -o} in a child process),
 * copies the library out of the executable into a new temporary file and compares the two byte by
 * byte. In the native executable that was about 110 ms of a 180 ms start on an existing database.
 * Here the library the executable carries is copied once into a private directory (see {@link
 * #candidates}; mode 0700, owned by this process's user, the copy checked on every start against
 * the SHA-256 of the library taken when the executable was built, see {@link Embedded}) and
 * sqlite-jdbc is pointed at it ({@code org.sqlite.lib.path}, {@code org.sqlite.tmpdir}), which
 * skips all of the above.
 *
 * <p>Only in the native executable: on the JVM one process may hold several class loaders of the
 * driver (tests), each of which must load its own copy. Nothing changes when {@code
 * org.sqlite.lib.path} is already set, or when the directory cannot be used (sqlite-jdbc then does
 * what it always does).
 */
@ApplicationScoped
public class SqliteNativeLibrary {
  private static final Logger LOG = Logger.getLogger(SqliteNativeLibrary.class);
  static final String LIB_PATH = "org.sqlite.lib.path";
  static final String TMP_DIR = "org.sqlite.tmpdir";
  private static final String LIB_NAME = "libsqlitejdbc.so";
  private static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  // before any observer that opens a connection (AccessControl opens the auth database at 50)
  void onStart(@Observes @Priority(1) StartupEvent event) {
    if (NativeExecutable.running() && System.getProperty(LIB_PATH) == null) {
      for (Path dir : candidates(SQLiteJDBCLoader.getVersion())) {
        if (prepare(dir)) {
          System.setProperty(LIB_PATH, dir.toString());
          // its clean-up of stale copies lists this directory instead of the temporary directory
          System.setProperty(TMP_DIR, dir.toString());
          return;
        }
      }
    }
  }

  /**
   * {@code ~/.cache/trackway/sqlite-jdbc-<version>} when the home directory is one, else {@code
   * <tmp>/trackway-<uid>-sqlite-jdbc-<version>} (directly in the temporary directory, whose sticky
   * bit keeps others from renaming it) for a user without one. In the container images the home
   * directory is /data.
   */
  static List<Path> candidates(String version) {
    List<Path> dirs = new ArrayList<>(2);
    String home = System.getProperty("user.home", "");
    if (home.startsWith("/") && Files.isDirectory(Path.of(home))) {
      dirs.add(Path.of(home, ".cache", "trackway", "sqlite-jdbc-" + version));
    }
    Integer uid = processUid();
    if (uid != null) {
      dirs.add(
          Path.of(System.getProperty("java.io.tmpdir", "/tmp"))
              .resolve("trackway-" + uid + "-sqlite-jdbc-" + version));
    }
    return dirs;
  }

  /** The uid this process runs as (the owner of its /proc entry), or null. */
  static Integer processUid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Puts the library into {@code dir} unless it is there already; false when the library or the
   * directory cannot be used.
   */
  static boolean prepare(Path dir) {
    try {
      if (!privateDirectory(dir)) {
        LOG.debugf("%s is not a private directory of this user: sqlite-jdbc extracts its own", dir);
        return false;
      }
      Path file = dir.resolve(LIB_NAME);
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Embedded.matches(file)) {
        return true;
      }
      byte[] lib = embeddedLibrary();
      if (lib == null) {
        return false;
      }
      Path tmp = Files.createTempFile(dir, LIB_NAME, ".tmp");
      try {
        Files.write(tmp, lib);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      LOG.debugf(e, "Could not use %s for the SQLite library: sqlite-jdbc extracts its own", dir);
      return false;
    }
    return true;
  }

  /** Creates the directory (0700) or checks that it is this user's alone. */
  private static boolean privateDirectory(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // made by a process starting beside this one; checked below
      }
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Integer uid = processUid();
    return uid != null
        && uid.equals(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        && Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(PRIVATE);
  }

  /**
   * The library the driver carries for this system: the executable holds the one its build
   * machine's system asked for, at sqlite-jdbc's resource path {@code
   * org/sqlite/native/<os>/<arch>/}.
   */
  static byte[] embeddedLibrary() {
    return Embedded.read();
  }

  /**
   * Size and SHA-256 of {@link #embeddedLibrary()}, so that checking the copy on disk reads only
   * the copy. The native build initializes this class at build time ({@code
   * --initialize-at-build-time} in application.properties): the values are constants of the
   * executable, and a start neither reads the 3 MiB library out of the image nor holds two copies
   * of it on the heap (4 MiB of the idle RSS, docs/benchmarks.md "Footprint"). On the JVM they are
   * computed on first use.
   */
  static final class Embedded {
    static final long SIZE;
    static final byte[] SHA256;

    static {
      byte[] lib = read();
      SIZE = lib == null ? -1 : lib.length;
      SHA256 = lib == null ? null : sha256().digest(lib);
    }

    private Embedded() {}

    // no logging here: this runs in the native-image builder
    static byte[] read() {
      String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
      String folder = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch;
      for (String os : List.of("Linux", "Linux-Musl")) {
        String resource = "org/sqlite/native/" + os + "/" + folder + "/" + LIB_NAME;
        ClassLoader loader = SQLiteJDBCLoader.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
          if (in != null) {
            return in.readAllBytes();
          }
        } catch (IOException e) {
          return null;
        }
      }
      return null;
    }

    /** Whether {@code file} holds exactly the embedded library (size, then SHA-256 streamed). */
    static boolean matches(Path file) throws IOException {
      if (SHA256 == null || Files.size(file) != SIZE) {
        return false;
      }
      MessageDigest digest = sha256();
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return MessageDigest.isEqual(SHA256, digest.digest());
    }

    private static MessageDigest sha256() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
