package dev.trackway.ops;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The daemon threads on which readiness probes run (see {@link BoundedProbe}). */
@ApplicationScoped
public class ProbeExecutor implements Executor {
  private final AtomicInteger count = new AtomicInteger();
  private final ExecutorService pool =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "trackway-health-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
  }

  @PreDestroy
  void close() {
    pool.shutdownNow();
  }
}
