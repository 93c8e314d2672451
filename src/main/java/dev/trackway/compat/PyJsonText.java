package dev.trackway.compat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code json} module on Jackson trees: {@link #loads} accepts what {@code json.loads}
 * accepts (including NaN, Infinity and -Infinity, and nothing after the value), {@link #dumps}
 * writes what {@code json.dumps} writes: separators {@code ", "} and {@code ": "}, key order as
 * given, floats in Python's repr form ({@link PyFloat}), integers of any size verbatim, and
 * non-ASCII characters either escaped ({@code ensure_ascii=True}, the default) or raw.
 *
 * <p>MLflow stores trace data as such text (span content, attribute values, assessment values), and
 * other MLflow versions read it back, so Trackway writes it byte for byte as MLflow does.
 */
public final class PyJsonText {
  private static final JsonMapper READER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private PyJsonText() {}

  /** Thrown where {@code json.loads} raises JSONDecodeError. */
  public static final class DecodeError extends Exception {
    public DecodeError(String message) {
      super(message);
    }
  }

  /** {@code json.loads(text)}. */
  public static JsonNode loads(String text) throws DecodeError {
    if (text == null) {
      throw new DecodeError("not a string");
    }
    try {
      JsonNode n = READER.readTree(text);
      if (n == null || n.isMissingNode()) {
        throw new DecodeError("Expecting value");
      }
      return n;
    } catch (DecodeError e) {
      throw e;
    } catch (Exception e) {
      throw new DecodeError(e.getMessage());
    }
  }

  /** {@code json.loads(text)}, or null when it raises. */
  public static JsonNode tryLoads(String text) {
    try {
      return loads(text);
    } catch (DecodeError e) {
      return null;
    }
  }

  /** {@code json.dumps(value)} (ensure_ascii=True). */
  public static String dumps(JsonNode value) {
    return dumps(value, true);
  }

  /** {@code json.dumps(value, ensure_ascii=ensureAscii)}. */
  public static String dumps(JsonNode value, boolean ensureAscii) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, ensureAscii);
    return sb.toString();
  }

  /** {@code json.dumps(s, ensure_ascii=ensureAscii)} of a string. */
  public static String dumpsString(String s, boolean ensureAscii) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    string(sb, s, ensureAscii);
    return sb.toString();
  }

  public static void write(StringBuilder sb, JsonNode n, boolean ensureAscii) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      sb.append("null");
    } else if (n.isTextual()) {
      string(sb, n.textValue(), ensureAscii);
    } else if (n.isBoolean()) {
      sb.append(n.booleanValue() ? "true" : "false");
    } else if (n.isIntegralNumber()) {
      sb.append(n.bigIntegerValue().toString());
    } else if (n.isNumber()) {
      sb.append(PyFloat.json(n.doubleValue()));
    } else if (n.isArray()) {
      sb.append('[');
      boolean first = true;
      for (JsonNode item : n) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        write(sb, item, ensureAscii);
      }
      sb.append(']');
    } else if (n.isObject()) {
      sb.append('{');
      boolean first = true;
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!first) {
          sb.append(", ");
        }
        first = false;
        string(sb, e.getKey(), ensureAscii);
        sb.append(": ");
        write(sb, e.getValue(), ensureAscii);
      }
      sb.append('}');
    } else if (n.isBinary()) {
      // bytes are not JSON: MLflow's encoder writes them as text
      string(sb, n.asText(), ensureAscii);
    } else {
      sb.append(n.toString());
    }
  }

  /** A JSON string literal with Python's escapes. */
  public static void string(StringBuilder sb, String s, boolean ensureAscii) {
    sb.append('"');
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
          if (ch < 0x20 || (ensureAscii && ch > 0x7e)) {
            sb.append("\\u");
            String hex = Integer.toHexString(ch);
            sb.append("0".repeat(4 - hex.length())).append(hex);
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}
