package dev.trackway.store.jdbc.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns the current row of a result set into a value (columns numbered from 1). */
@FunctionalInterface
public interface RowMapper<T> {
  T map(ResultSet rs) throws SQLException;
}
