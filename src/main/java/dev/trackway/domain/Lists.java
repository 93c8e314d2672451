package dev.trackway.domain;

import java.util.List;

/** Protobuf omits empty repeated fields: records store {@code null} for an empty list. */
public final class Lists {
  private Lists() {}

  public static <T> List<T> orNull(List<T> list) {
    return list == null || list.isEmpty() ? null : List.copyOf(list);
  }
}
