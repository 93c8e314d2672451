package dev.trackway.store.jdbc.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Consumes the current row of a result set (columns numbered from 1). */
@FunctionalInterface
public interface RowCallback {
  void accept(ResultSet rs) throws SQLException;
}
