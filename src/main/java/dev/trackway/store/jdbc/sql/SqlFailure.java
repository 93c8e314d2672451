package dev.trackway.store.jdbc.sql;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The database failures Trackway reacts to. Each is recognised by its standard SQL state (a prefix
 * for connection failures, class 08) and by the vendor's own error codes and message fragments,
 * which {@link SqlDialect} holds; the whole cause chain is searched.
 */
public enum SqlFailure {
  /** A primary-key or unique-key violation. */
  UNIQUE_VIOLATION("23505"),
  /** A value too long for its column (MySQL strict mode). */
  DATA_TOO_LONG("22001"),
  /** Transactions waiting on each other's locks; the database rolled one back. */
  DEADLOCK("40001"),
  /** A lock not granted in time: MySQL's lock wait timeout, SQLite's busy database. */
  LOCK_TIMEOUT(null),
  /** The connection to the database was lost, or none could be opened. */
  CONNECTION_LOST("08"),
  /**
   * No pooled connection became free, or none could be opened, within the pool's acquisition
   * timeout (Agroal's words, in any case: "Sorry, acquisition timeout!", "Acquisition timeout while
   * waiting for new connection").
   */
  ACQUISITION_TIMEOUT(null, "acquisition timeout");

  private final String sqlStatePrefix;
  private final List<String> messages;

  SqlFailure(String sqlStatePrefix, String... messages) {
    this.sqlStatePrefix = sqlStatePrefix;
    this.messages = List.of(messages);
  }

  /** Goes away when the transaction is run again. */
  public boolean transientLock() {
    return this == DEADLOCK || this == LOCK_TIMEOUT;
  }

  /**
   * The database cannot answer now (lost, unreachable, overloaded, locked): MLflow answers such
   * database errors (SQLAlchemy's OperationalError) with TEMPORARILY_UNAVAILABLE, which its client
   * retries.
   */
  public boolean unavailable() {
    return transientLock() || this == CONNECTION_LOST || this == ACQUISITION_TIMEOUT;
  }

  /** A vendor's error codes and message fragments for one failure. */
  record Signature(Set<Integer> codes, List<String> messages) {
    static final Signature NONE = new Signature(Set.of(), List.of());

    static Signature codes(Integer... codes) {
      return new Signature(Set.of(codes), List.of());
    }

    boolean matches(SQLException s) {
      String msg = String.valueOf(s.getMessage());
      return codes.contains(s.getErrorCode()) || messages.stream().anyMatch(msg::contains);
    }
  }

  boolean matches(SQLException e, Signature vendor) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && ((sqlStatePrefix != null && String.valueOf(s.getSQLState()).startsWith(sqlStatePrefix))
              || vendor.matches(s)
              || messages.stream()
                  .anyMatch(String.valueOf(s.getMessage()).toLowerCase(Locale.ROOT)::contains))) {
        return true;
      }
    }
    return false;
  }
}
