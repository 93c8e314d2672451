package dev.trackway.store.jdbc;

import dev.trackway.store.jdbc.sql.SqlFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transactions and reads that {@link Database} ran again, as {@code
 * trackway_db_retries_total{reason, operation}} at {@code /q/metrics}: reason {@code deadlock},
 * {@code lock_timeout} or {@code connection_lost}; operation {@code write} or {@code read}. A
 * deadlock count that grows says that lock order did not prevent every cycle (docs/adr).
 */
@ApplicationScoped
public class DatabaseRetries {
  static final String NAME = "trackway.db.retries";

  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  @Inject
  public DatabaseRetries(MeterRegistry registry) {
    this.registry = registry;
  }

  void counted(SqlFailure reason, boolean write) {
    String r = reason.name().toLowerCase(Locale.ROOT);
    String op = write ? "write" : "read";
    counters
        .computeIfAbsent(
            r + "/" + op,
            k ->
                Counter.builder(NAME)
                    .description("Database work run again after a transient failure")
                    .tag("reason", r)
                    .tag("operation", op)
                    .register(registry))
        .increment();
  }
}
