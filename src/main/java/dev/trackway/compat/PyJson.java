package dev.trackway.compat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON text the way Python's {@code json.dumps} writes it (ASCII only, ", " and ": "): shorthands
 * over {@link PyJsonText}, which also reads and writes the non-ASCII variant.
 */
public final class PyJson {
  private PyJson() {}

  public static String str(String s) {
    return PyJsonText.dumpsString(s, true);
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
    return PyJsonText.dumps(n);
  }
}
