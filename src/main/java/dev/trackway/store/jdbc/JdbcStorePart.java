package dev.trackway.store.jdbc;

/**
 * What each aggregate's part of a JDBC store needs of the bean that composes the parts: the {@link
 * Database}, and its transaction boundaries.
 */
interface JdbcStorePart {
  Database db();

  /** {@link Database#read}. */
  default <T> T read(Database.Work<T> work) {
    return db().read(work);
  }

  /** {@link Database#write}. */
  default <T> T write(Database.Work<T> work) {
    return db().write(work);
  }
}
