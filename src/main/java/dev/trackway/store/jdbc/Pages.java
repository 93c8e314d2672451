package dev.trackway.store.jdbc;

import dev.trackway.domain.Page;
import dev.trackway.store.jdbc.search.SearchPage;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.RowMapper;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * MLflow's paging, once for every search: the search statement selects the keys of one page plus
 * one (LIMIT max_results + 1, so a next page is known without counting), then the entities of the
 * page are loaded by key with a fixed number of queries and returned in the search's order.
 */
final class Pages {
  private Pages() {}

  /** Loads the entities of some keys (missing keys are simply absent from the map). */
  @FunctionalInterface
  interface Loader<K, T> {
    Map<K, T> load(Connection c, List<K> keys) throws SQLException;
  }

  /** The search statement of one page, for its LIMIT and OFFSET. */
  @FunctionalInterface
  interface Statement {
    SqlQuery build(int limit, int offset);
  }

  /**
   * A search paged with MLflow's offset tokens ({@link PageToken}): the token is decoded, then the
   * statement is built (so a bad token is reported before a bad filter, as MLflow does) and run.
   */
  static <K, T> Page<T> offsetPaged(
      Database db,
      String pageToken,
      int maxResults,
      Statement statement,
      RowMapper<K> key,
      Loader<K, T> loader) {
    int offset = PageToken.decodeOffset(pageToken);
    SqlQuery q = statement.build(maxResults + 1, offset);
    return db.read(c -> search(c, q, key, maxResults, offsetToken(offset, maxResults), loader));
  }

  /**
   * The statement of a search: {@code query} of the filter and order_by at each LIMIT and OFFSET.
   */
  static Statement search(
      Database db, String filter, List<String> orderBy, Function<SearchPage, SqlQuery> query) {
    return (limit, offset) ->
        query.apply(new SearchPage(filter, orderBy, limit, offset, db.vendor()));
  }

  /**
   * A registry search ({@link #offsetPaged} over {@link #search}), its statement built once without
   * rows first: MLflow checks a registry search's filter and order_by before its page token.
   */
  static <K, T> Page<T> registrySearch(
      Database db,
      String filter,
      List<String> orderBy,
      int maxResults,
      String pageToken,
      Function<SearchPage, SqlQuery> query,
      RowMapper<K> key,
      Loader<K, T> loader) {
    Statement statement = search(db, filter, orderBy, query);
    statement.build(0, 0);
    return offsetPaged(db, pageToken, maxResults, statement, key, loader);
  }

  /** The entity of one key, or the {@code notFound} error. */
  static <K, T> T one(
      Connection c, Loader<K, T> loader, K key, Supplier<? extends RuntimeException> notFound)
      throws SQLException {
    T item = loader.load(c, List.of(key)).get(key);
    if (item == null) {
      throw notFound.get();
    }
    return item;
  }

  static <K, T> Page<T> search(
      Connection c,
      SqlQuery keysOfPagePlusOne,
      RowMapper<K> key,
      int maxResults,
      Supplier<String> nextToken,
      Loader<K, T> loader)
      throws SQLException {
    Page<K> keys = trim(Jdbc.list(c, keysOfPagePlusOne, key), maxResults, nextToken);
    Map<K, T> byKey = loader.load(c, keys.items());
    List<T> out = new ArrayList<>(keys.items().size());
    for (K k : keys.items()) {
      T item = byKey.get(k);
      if (item != null) {
        out.add(item);
      }
    }
    return new Page<>(out, keys.nextPageToken());
  }

  /** The first maxResults items, with a next-page token when there were more (null: no limit). */
  static <T> Page<T> trim(List<T> items, Integer maxResults, Supplier<String> nextToken) {
    if (maxResults == null || items.size() <= maxResults) {
      return new Page<>(items, null);
    }
    return new Page<>(items.subList(0, maxResults), nextToken.get());
  }

  /** The token of MLflow's offset pages: the page after {@code offset} holds {@code size} items. */
  static Supplier<String> offsetToken(int offset, int size) {
    return () -> PageToken.encode((long) offset + size);
  }
}
