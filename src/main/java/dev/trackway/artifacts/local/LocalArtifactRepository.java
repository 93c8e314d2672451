package dev.trackway.artifacts.local;

import dev.trackway.artifacts.ArtifactPaths;
import dev.trackway.artifacts.ArtifactRepository;
import dev.trackway.domain.ArtifactContent;
import dev.trackway.domain.FileInfo;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Artifacts in a local directory ({@code file:} URIs and plain paths), laid out exactly like
 * MLflow's LocalArtifactRepository so either server can read what the other wrote.
 *
 * <p>Containment: paths are checked by {@link ArtifactPaths#normalize} (no {@code ..}, not
 * absolute), and the real path of the deepest existing ancestor of every target must lie inside the
 * root's real path, so a symbolic link inside the root cannot lead outside it. Writes go to a
 * hidden temporary file in the target directory (MLflow's {@code .artifact.uploading.} prefix,
 * hidden from listings) that is atomically renamed over the target; memory use is one copy buffer.
 */
public final class LocalArtifactRepository implements ArtifactRepository {
  public static final String TEMP_PREFIX = ".artifact.uploading.";
  static final String OUTSIDE = "Invalid path: resolved path is outside the artifact directory";
  private static final int COPY_BUFFER = 256 * 1024;

  private final Path root;

  public LocalArtifactRepository(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The root is a writable folder, or can be created (its nearest existing parent writable). */
  @Override
  public String checkAvailable() throws IOException {
    if (Files.isDirectory(root)) {
      if (!Files.isWritable(root)) {
        throw new IOException("folder " + root + " is not writable");
      }
      return "folder writable";
    }
    if (Files.exists(root)) {
      throw new IOException(root + " is not a folder");
    }
    Path parent = root.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new IOException("folder " + root + " does not exist and cannot be created");
    }
    return "folder creatable";
  }

  public Path root() {
    return root;
  }

  @Override
  public String uri() {
    String u = root.toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** The file system path of a relative artifact path, checked to stay inside the root. */
  Path resolve(String path) {
    String n = ArtifactPaths.normalize(path);
    Path p = n.isEmpty() ? root : root.resolve(n).normalize();
    if (!p.startsWith(root)) {
      throw ArtifactPaths.invalidPath();
    }
    checkInside(p);
    return p;
  }

  /** The real location of p (through symbolic links of existing ancestors) must be inside. */
  void checkInside(Path p) {
    if (!Files.exists(root)) {
      return; // nothing below a missing root exists
    }
    Path existing = p;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    try {
      Path realRoot = root.toRealPath();
      Path real = existing.toRealPath();
      if (!real.startsWith(realRoot)) {
        throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, OUTSIDE);
      }
    } catch (NoSuchFileException e) {
      // a dangling symbolic link: it leads nowhere we can check
      throw new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, OUTSIDE);
    } catch (IOException e) {
      throw io("check", e);
    }
  }

  @Override
  public List<FileInfo> list(String path) {
    String n = ArtifactPaths.normalize(path);
    Path dir = resolve(n);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<FileInfo> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        String name = child.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX)) {
          continue;
        }
        if (Files.isSymbolicLink(child) && !linkStaysInside(child)) {
          continue; // never reveal what lies outside the root
        }
        String rel = ArtifactPaths.join(n, name);
        if (Files.isDirectory(child)) {
          out.add(new FileInfo(rel, true, null));
        } else if (Files.exists(child)) {
          out.add(new FileInfo(rel, false, Files.size(child)));
        }
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    } catch (IOException e) {
      throw io("list", e);
    }
    out.sort((a, b) -> ArtifactPaths.comparePaths(a.path(), b.path()));
    return out;
  }

  private boolean linkStaysInside(Path link) {
    try {
      return link.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public ArtifactContent open(String path) {
    String n = ArtifactPaths.normalize(path);
    Path p = resolve(n);
    if (Files.isDirectory(p)) {
      throw ArtifactRepository.isDirectory(n);
    }
    if (!Files.isRegularFile(p)) {
      throw ArtifactRepository.noSuchArtifact(n);
    }
    try {
      return ArtifactContent.ofFile(p, Files.size(p));
    } catch (NoSuchFileException e) {
      throw ArtifactRepository.noSuchArtifact(n);
    } catch (IOException e) {
      throw io("read", e);
    }
  }

  @Override
  public void write(String path, InputStream in, long length) {
    String n = ArtifactPaths.normalize(path);
    String name = ArtifactPaths.requireFileName(n);
    if (name.startsWith(TEMP_PREFIX)) {
      throw MlflowException.invalidParameterValue(
          "Invalid artifact file name: '%s'. Artifact names starting with '%s' are reserved.",
          name, TEMP_PREFIX);
    }
    Path dir;
    try {
      Files.createDirectories(root);
      dir = resolve(ArtifactPaths.parent(n));
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw MlflowException.invalidParameterValue(
          "Cannot create artifact directory '%s': a file of that name exists",
          ArtifactPaths.parent(n));
    } catch (IOException e) {
      throw io("write", e);
    }
    checkInside(dir); // again, now that it exists
    Path target = dir.resolve(name);
    checkInside(target);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw ArtifactRepository.isDirectory(n);
    }
    Path tmp = dir.resolve(TEMP_PREFIX + UUID.randomUUID().toString().replace("-", ""));
    try {
      long copied;
      try (OutputStream out =
          Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        copied = copy(in, out);
      }
      if (length >= 0 && copied != length) {
        throw MlflowException.invalidParameterValue(
            "Upload of '%s' ended after %d of %d bytes", n, copied, length);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw io("write", e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }

  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[COPY_BUFFER];
    long total = 0;
    int r;
    while ((r = in.read(buf)) >= 0) {
      out.write(buf, 0, r);
      total += r;
    }
    return total;
  }

  @Override
  public void delete(String path) {
    String n = ArtifactPaths.normalize(path);
    Path p = resolve(n);
    try {
      if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(p); // a file, or a link (never its target)
        return;
      }
      // walkFileTree does not follow links: links inside are deleted, not what they point to
      Files.walkFileTree(
          p,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              if (exc != null) {
                throw exc;
              }
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw io("delete", e);
    }
  }

  private static MlflowException io(String what, IOException e) {
    return new MlflowException(
        ErrorCode.INTERNAL_ERROR,
        "Artifact " + what + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
        e);
  }
}
