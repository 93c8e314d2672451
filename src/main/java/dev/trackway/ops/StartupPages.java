package dev.trackway.ops;

import dev.trackway.config.NativeExecutable;
import dev.trackway.config.TrackwayConfig;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Releases, once the native executable has started, the pages of its own code and read-only image
 * heap that start-up touched, as the Linux kernel frees its init sections after boot.
 *
 * <p>Start-up runs code that no request runs again: SmallRye Config building every extension's
 * configuration, Vert.x and router set-up, logging, Micrometer registries, the schema check
 * (docs/benchmarks.md, "Footprint"). Those pages of the executable stay mapped, and the kernel maps
 * 64 KiB around each fault, so they are most of the idle resident set. Here every mapping of the
 * executable file that is private, not writable and holds no anonymous (copied-on-write) page is
 * given {@code madvise(MADV_DONTNEED)}: the process no longer maps those pages, the kernel's page
 * cache still holds them, and the requests that follow map back, with minor faults, what they run.
 * A read-only mapping cannot gain an anonymous page (nothing writes to it), so what is dropped is
 * always exactly the file's content. Writable mappings (the image heap's writable part) are left
 * alone: a write racing the call would be lost.
 *
 * <p>Only in the native executable, and only when {@code mlflow.trackway.release-startup-pages} is
 * true (the default).
 */
@ApplicationScoped
public class StartupPages {
  private static final Logger LOG = Logger.getLogger(StartupPages.class);
  static final int MADV_DONTNEED = 4;

  @Inject TrackwayConfig config;

  /** A mapping of the executable to release: its address range and resident kibibytes. */
  record Mapping(long start, long end, long residentKib) {}

  // "start-end perms offset dev inode [path]"
  private static final Pattern MAPPING =
      Pattern.compile("([0-9a-f]+)-([0-9a-f]+) (\\S{4}) \\S+ \\S+ \\S+ *(.*)");

  // when the HTTP server listens, which comes after every start-up observer (a later point than
  // StartupEvent: about 20 MiB of pages were touched between the two)
  void onStart(@ObservesAsync HttpServerStart event) {
    if (!NativeExecutable.running() || !config.trackway().releaseStartupPages()) {
      return;
    }
    try {
      String exe = Path.of("/proc/self/exe").toRealPath().toString();
      List<Mapping> mappings = releasable(Files.readString(Path.of("/proc/self/smaps")), exe);
      long t0 = System.nanoTime();
      long kib = 0;
      for (Mapping m : mappings) {
        if (Libc.madvise(m.start(), m.end() - m.start(), MADV_DONTNEED) == 0) {
          kib += m.residentKib();
        }
      }
      LOG.infof(
          "Released %d MiB of start-up pages of the executable (%d mappings) in %d ms",
          kib / 1024, mappings.size(), (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.debugf("Start-up pages not released: %s", e);
    }
  }

  /**
   * The mappings of {@code exe} in a {@code /proc/PID/smaps} text that are private, not writable,
   * resident, and hold no anonymous page.
   */
  static List<Mapping> releasable(String smaps, String exe) {
    List<Mapping> out = new ArrayList<>();
    long start = 0;
    long end = 0;
    long rss = 0;
    boolean candidate = false;
    for (String line : smaps.split("\n")) {
      Matcher header = MAPPING.matcher(line);
      if (header.matches()) {
        start = Long.parseUnsignedLong(header.group(1), 16);
        end = Long.parseUnsignedLong(header.group(2), 16);
        String perms = header.group(3);
        candidate =
            perms.charAt(1) != 'w'
                && perms.charAt(3) == 'p'
                && header.group(4).equals(exe)
                && end > start;
        rss = 0;
      } else if (candidate && line.startsWith("Rss:")) {
        rss = kib(line);
      } else if (candidate && line.startsWith("Anonymous:")) {
        if (kib(line) == 0 && rss > 0) {
          out.add(new Mapping(start, end, rss));
        }
        candidate = false;
      }
    }
    return out;
  }

  // "Rss:                 123 kB"
  private static long kib(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").trim());
  }
}
