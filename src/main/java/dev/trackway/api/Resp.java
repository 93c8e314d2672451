package dev.trackway.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Response bodies built as ordered maps: null values and empty lists are left out, like protobuf.
 */
public final class Resp {
  private Resp() {}

  public static Map<String, Object> empty() {
    return Map.of();
  }

  public static Map<String, Object> of(Object... keyValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      Object v = keyValues[i + 1];
      if (v == null
          || (v instanceof List<?> l && l.isEmpty())
          || (v instanceof String s
              && s.isEmpty()
              && keyValues[i].toString().endsWith("page_token"))) {
        continue;
      }
      m.put((String) keyValues[i], v);
    }
    return m;
  }
}
