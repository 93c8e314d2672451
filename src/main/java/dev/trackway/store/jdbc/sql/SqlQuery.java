package dev.trackway.store.jdbc.sql;

import java.util.List;

/**
 * An SQL statement with {@code ?} placeholders and the values to bind, in order. Values are {@link
 * String}, {@link Integer}, {@link Long} or {@link Double}; bind them with {@code
 * PreparedStatement.setObject}.
 */
public record SqlQuery(String sql, List<Object> params) {}
