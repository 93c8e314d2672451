package dev.trackway.ops;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a blocking probe (a database query, an S3 request) off the caller's thread and waits for it
 * at most a fixed time, so a readiness request answers quickly even when the dependency hangs.
 * Concurrent callers share the probe in flight instead of piling up more of them behind a dead
 * dependency.
 */
final class BoundedProbe<T> {
  private final Callable<T> probe;
  private final Executor executor;
  private CompletableFuture<T> inFlight;

  BoundedProbe(Callable<T> probe, Executor executor) {
    this.probe = probe;
    this.executor = executor;
  }

  /** The probe's result, or an exception: its own, or a TimeoutException after {@code millis}. */
  T run(long millis) throws Exception {
    CompletableFuture<T> f;
    synchronized (this) {
      if (inFlight == null || inFlight.isDone()) {
        inFlight =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return probe.call();
                  } catch (RuntimeException e) {
                    throw e;
                  } catch (Exception e) {
                    throw new ProbeFailure(e);
                  }
                },
                executor);
      }
      f = inFlight;
    }
    try {
      return f.get(millis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ProbeFailure pf) {
        cause = pf.getCause();
      }
      if (cause instanceof Exception ex) {
        throw ex;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new TimeoutException("no answer within " + millis + " ms");
    }
  }

  private static final class ProbeFailure extends RuntimeException {
    ProbeFailure(Exception cause) {
      super(cause);
    }
  }

  /**
   * A short description of a failure for the health response: type and message of the root cause.
   */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }
}
