package dev.trackway.compat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** JSON text the way Python's {@code json.dumps} writes it (ASCII only, ", " and ": "). */
public final class PyJson {
  private PyJson() {}

  public static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (ch < 0x20 || ch > 0x7e) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** {@code json.dumps} of a string or a number (anything else is its {@code toString}). */
  public static String value(Object value) {
    if (value == null) {
      return "null";
    }
    return value instanceof String s ? str(s) : String.valueOf(value);
  }

  /** Any JSON value in json.dumps' default style. */
  public static String dumps(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return str(n.textValue());
    }
    if (n.isArray()) {
      List<String> items = new ArrayList<>();
      n.forEach(x -> items.add(dumps(x)));
      return "[" + String.join(", ", items) + "]";
    }
    if (n.isObject()) {
      List<String> items = new ArrayList<>();
      n.fields().forEachRemaining(e -> items.add(str(e.getKey()) + ": " + dumps(e.getValue())));
      return "{" + String.join(", ", items) + "}";
    }
    return n.toString();
  }
}
