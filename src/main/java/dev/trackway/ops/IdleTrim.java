package dev.trackway.ops;

import dev.trackway.config.NativeExecutable;
import dev.trackway.config.TrackwayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * When the native executable has served no request for {@code mlflow.trackway.idle-trim-delay}
 * (after start-up, and again after each busy period), it gives back the pages of its own code and
 * read-only image heap that it has touched, as the JVM's collectors uncommit heap when idle.
 *
 * <p>The executable's resident set is mostly pages of its own file, not data: start-up runs code
 * that no request runs again (SmallRye Config building every extension's configuration, Vert.x and
 * router set-up, logging, Micrometer registries, the schema check; docs/benchmarks.md,
 * "Footprint"), the first request of each kind initializes more, and the kernel maps 64 KiB around
 * each fault. Here every mapping of the executable file that is private, not writable and holds no
 * anonymous (copied-on-write) page is given {@code madvise(MADV_DONTNEED)}: the process no longer
 * maps those pages, the kernel's page cache still holds them (reclaimable like any file page), and
 * the next request maps back, with minor faults, what it runs: about 2 ms once per idle period. A
 * read-only mapping cannot gain an anonymous page (nothing writes to it), so what is dropped is
 * always exactly the file's content. Writable mappings (the image heap's writable part) are left
 * alone: a write racing the call would be lost.
 *
 * <p>Only in the native executable; a delay of 0 turns it off.
 */
@ApplicationScoped
public class IdleTrim {
  private static final Logger LOG = Logger.getLogger(IdleTrim.class);
  static final int MADV_DONTNEED = 4;

  @Inject TrackwayConfig config;

  /** A mapping of the executable to release: its address range and resident kibibytes. */
  record Mapping(long start, long end, long residentKib) {}

  // "start-end perms offset dev inode [path]"
  private static final Pattern MAPPING =
      Pattern.compile("([0-9a-f]+)-([0-9a-f]+) (\\S{4}) \\S+ \\S+ \\S+ *(.*)");

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean activeSinceTrim = true;
  private ScheduledExecutorService timer;

  private boolean enabled() {
    return NativeExecutable.running() && !config.trackway().idleTrimDelay().isZero();
  }

  /** Notes when each request starts and ends, ahead of every other route. */
  void register(@Observes Router router) {
    if (enabled()) {
      router.route().order(Integer.MIN_VALUE).handler(this::track);
    }
  }

  void track(RoutingContext rc) {
    requestStarted();
    rc.addEndHandler(done -> requestEnded(System.nanoTime()));
    rc.next();
  }

  void requestStarted() {
    inFlight.incrementAndGet();
    activeSinceTrim = true;
  }

  void requestEnded(long now) {
    lastActivity = now;
    // also here: a request that started while a trim was being decided still re-arms it
    activeSinceTrim = true;
    inFlight.decrementAndGet();
  }

  /**
   * Whether to trim at {@code now}: a request came since the last trim (or none since start-up),
   * none is running, and the last one ended at least {@code delayNanos} ago. A trim is due once per
   * idle period: it resets the first condition.
   */
  boolean due(long now, long delayNanos) {
    if (activeSinceTrim && inFlight.get() == 0 && now - lastActivity >= delayNanos) {
      activeSinceTrim = false;
      return true;
    }
    return false;
  }

  // from when the HTTP server listens: start-up is the first busy period
  void start(@ObservesAsync HttpServerStart event) {
    if (!enabled() || timer != null) {
      return;
    }
    Duration delay = config.trackway().idleTrimDelay();
    started(System.nanoTime());
    LOG.infof(
        "Idle trim: after %d ms without a request the executable's code pages are given back"
            + " (mlflow.trackway.idle-trim-delay)",
        delay.toMillis());
    long period = Math.max(100, delay.toMillis() / 4);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "trackway-idle-trim");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          if (due(System.nanoTime(), delay.toNanos())) {
            trim();
          }
        },
        period,
        period,
        TimeUnit.MILLISECONDS);
  }

  void started(long now) {
    lastActivity = now;
    activeSinceTrim = true;
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  void trim() {
    try {
      long t0 = System.nanoTime();
      String exe = Path.of("/proc/self/exe").toRealPath().toString();
      List<Mapping> mappings = releasable(Files.readString(Path.of("/proc/self/smaps")), exe);
      long kib = 0;
      for (Mapping m : mappings) {
        if (Libc.madvise(m.start(), m.end() - m.start(), MADV_DONTNEED) == 0) {
          kib += m.residentKib();
        }
      }
      LOG.debugf(
          "Idle: gave back %d MiB of the executable's pages (%d mappings) in %d ms",
          kib / 1024, mappings.size(), (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.debugf("Idle trim failed: %s", e);
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
