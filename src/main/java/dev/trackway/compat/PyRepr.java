package dev.trackway.compat;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Python-style {@code repr} of strings, lists, sets and tuples, because MLflow's error messages
 * embed them (e.g. "Valid keys are '{'name', 'experiment_id'}'"). Python prints sets in hash order,
 * which varies between processes; we print them in a fixed order.
 */
public final class PyRepr {
  private PyRepr() {}

  public static String str(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == quote) {
            sb.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(quote).toString();
  }

  /** {@code ['a', 'b']} */
  public static String list(Collection<String> items) {
    return items.stream().map(PyRepr::str).collect(Collectors.joining(", ", "[", "]"));
  }

  /** {@code {'a', 'b'}} */
  public static String set(Collection<String> items) {
    return items.stream().map(PyRepr::str).collect(Collectors.joining(", ", "{", "}"));
  }

  /** {@code ('a', 'b')}, {@code ('a',)} */
  public static String tuple(Collection<String> reprs) {
    if (reprs.size() == 1) {
      return "(" + reprs.iterator().next() + ",)";
    }
    return reprs.stream().collect(Collectors.joining(", ", "(", ")"));
  }
}
