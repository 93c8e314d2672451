package dev.trackway.domain.auth;

import java.util.Set;

/**
 * Which resources of one kind a search may return, by id (experiment ids, registered model names):
 * all of them, only those listed, or all but those listed. Computed per request by the service from
 * the caller's grants and applied by the store in SQL, so pages are full and page tokens stay
 * consistent whatever the caller may read.
 */
public record ReadScope(Kind kind, Set<String> ids) {

  public enum Kind {
    ALL,
    ONLY,
    ALL_BUT
  }

  public static final ReadScope ALL = new ReadScope(Kind.ALL, Set.of());
  public static final ReadScope NONE = new ReadScope(Kind.ONLY, Set.of());

  public ReadScope {
    ids = Set.copyOf(ids);
  }

  public static ReadScope only(Set<String> ids) {
    return new ReadScope(Kind.ONLY, ids);
  }

  /** All but {@code ids}; ALL when there are none. */
  public static ReadScope allBut(Set<String> ids) {
    return ids.isEmpty() ? ALL : new ReadScope(Kind.ALL_BUT, ids);
  }

  public boolean isAll() {
    return kind == Kind.ALL;
  }

  public boolean isNone() {
    return kind == Kind.ONLY && ids.isEmpty();
  }

  /** Whether the resource {@code id} is in scope. */
  public boolean contains(String id) {
    return switch (kind) {
      case ALL -> true;
      case ONLY -> ids.contains(id);
      case ALL_BUT -> !ids.contains(id);
    };
  }
}
