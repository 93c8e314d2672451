package dev.trackway.store.jdbc.sql;

import java.sql.SQLException;
import java.util.List;
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
  /** Goes away when the transaction is retried: deadlock, lock wait timeout, busy database. */
  TRANSIENT("40001"),
  /** The connection to the database was lost. */
  CONNECTION_LOST("08");

  private final String sqlStatePrefix;

  SqlFailure(String sqlStatePrefix) {
    this.sqlStatePrefix = sqlStatePrefix;
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
          && (String.valueOf(s.getSQLState()).startsWith(sqlStatePrefix) || vendor.matches(s))) {
        return true;
      }
    }
    return false;
  }
}
