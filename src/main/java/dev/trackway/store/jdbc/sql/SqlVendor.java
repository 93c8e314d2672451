package dev.trackway.store.jdbc.sql;

/** The databases Trackway's SQL is generated for. MYSQL covers MySQL and MariaDB. */
public enum SqlVendor {
  SQLITE,
  MYSQL
}
