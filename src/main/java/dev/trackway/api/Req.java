package dev.trackway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.error.MlflowException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One decoded request message, read the way MLflow's handlers read theirs: a JSON body for
 * POST/PATCH/DELETE, query parameters for GET (repeated keys for list fields). Accessors check
 * types and required values with MLflow's own error wording.
 */
public final class Req {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String API_DOCS =
      " See the API docs for more information about request parameters.";

  private final JsonNode node;

  private Req(JsonNode node) {
    this.node = node;
  }

  public static Req of(JsonNode node) {
    return new Req(node == null || !node.isObject() ? JsonNodeFactory.instance.objectNode() : node);
  }

  /** A JSON body; rules of MLflow's {@code _get_normalized_request_json}. */
  public static Req body(String method, String contentType, String body) {
    if ("POST".equals(method) || "PUT".equals(method)) {
      if (contentType == null) {
        throw MlflowException.invalidParameterValue("Bad Request. Content-Type header is missing.");
      }
      String type = contentType.split(";")[0].trim();
      if (!type.equalsIgnoreCase("application/json")) {
        throw MlflowException.invalidParameterValue(
            "Bad Request. Content-Type must be one of ['application/json'].");
      }
    }
    if (body == null || body.isBlank()) {
      return of(null);
    }
    JsonNode parsed;
    try {
      parsed = MAPPER.readTree(body);
      if (parsed != null && parsed.isTextual()) {
        // older clients double-encode their JSON
        parsed = MAPPER.readTree(parsed.textValue());
      }
    } catch (Exception e) {
      // MLflow parses with silent=True: invalid JSON is an empty message
      parsed = null;
    }
    return of(parsed);
  }

  /**
   * A raw body read as MLflow reads one it does not type-check ({@code
   * _get_normalized_request_json}: any Content-Type, double-encoded JSON unwrapped): the object, or
   * an empty one.
   */
  public static JsonNode lenient(byte[] bytes) {
    try {
      JsonNode n = MAPPER.readTree(bytes);
      if (n != null && n.isTextual()) {
        n = MAPPER.readTree(n.textValue());
      }
      return n == null || !n.isObject() ? of(null).raw() : n;
    } catch (java.io.IOException e) {
      return of(null).raw();
    }
  }

  /** Query parameters; {@code repeated} names the list fields of the message. */
  public static Req query(MultivaluedMap<String, String> params, Set<String> repeated) {
    ObjectNode obj = JsonNodeFactory.instance.objectNode();
    params.forEach(
        (name, values) -> {
          if (values == null || values.isEmpty()) {
            return;
          }
          if (repeated.contains(name)) {
            ArrayNode arr = obj.putArray(name);
            values.forEach(arr::add);
          } else {
            obj.put(name, values.get(0));
          }
        });
    return new Req(obj);
  }

  /** The query parameters of a GET request; {@code repeated} names the list fields. */
  public static Req query(UriInfo uri, String... repeated) {
    return query(uri.getQueryParameters(), Set.of(repeated));
  }

  public JsonNode raw() {
    return node;
  }

  /**
   * A field by its proto name; like protobuf's JSON parser, the lowerCamelCase JSON name (sent by
   * clients that use protobuf's JsonFormat, such as MLflow's Java client) is accepted too.
   */
  public JsonNode field(String name) {
    JsonNode v = node.get(name);
    if (v == null && name.indexOf('_') > 0) {
      v = node.get(camel(name));
    }
    return v;
  }

  /** A snake_case field name as proto JSON spells it in lowerCamelCase. */
  public static String camel(String snake) {
    StringBuilder sb = new StringBuilder(snake.length());
    boolean up = false;
    for (char ch : snake.toCharArray()) {
      if (ch == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return sb.toString();
  }

  public boolean has(String name) {
    JsonNode v = field(name);
    return v != null && !v.isNull();
  }

  /** A required field of any type: present and not null (an empty list or message will do). */
  public void require(String name) {
    if (!has(name)) {
      throw missing(name);
    }
  }

  public String string(String name) {
    return single(name, JsonNode::isTextual, JsonNode::textValue);
  }

  /** A string field, or protobuf's default "" when it is absent. */
  public String stringOrEmpty(String name) {
    String s = string(name);
    return s == null ? "" : s;
  }

  /** A string field, or null when it is absent or empty. */
  public String nonEmptyString(String name) {
    String s = string(name);
    return s == null || s.isEmpty() ? null : s;
  }

  public String requiredString(String name) {
    String s = string(name);
    if (s == null || s.isEmpty()) {
      throw missing(name);
    }
    return s;
  }

  /** First non-empty of the given names (run_id / run_uuid); missing is reported for the first. */
  public String requiredString(String name, String alias) {
    String s = string(name);
    if (s == null || s.isEmpty()) {
      s = string(alias);
    }
    if (s == null || s.isEmpty()) {
      throw missing(name);
    }
    return s;
  }

  public Long int64(String name) {
    JsonNode v = field(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isDouble() && v.doubleValue() == Math.rint(v.doubleValue())) {
      return (long) v.doubleValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.textValue().trim());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw typeError(name, v);
  }

  /** An int64 field, or protobuf's default 0 when it is absent. */
  public long int64OrZero(String name) {
    Long l = int64(name);
    return l == null ? 0L : l;
  }

  public long requiredInt64(String name) {
    Long l = int64(name);
    if (l == null) {
      throw missing(name);
    }
    return l;
  }

  /** A double field: numbers, numeric strings and "NaN", "Infinity", "-Infinity". */
  public Double dbl(String name) {
    return toDouble(name, field(name));
  }

  public static Double toDouble(String name, JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      String t = v.textValue().trim();
      switch (t) {
        case "NaN", "nan" -> {
          return Double.NaN;
        }
        case "Infinity", "inf" -> {
          return Double.POSITIVE_INFINITY;
        }
        case "-Infinity", "-inf" -> {
          return Double.NEGATIVE_INFINITY;
        }
        default -> {
          try {
            return Double.parseDouble(t);
          } catch (NumberFormatException e) {
            // fall through
          }
        }
      }
    }
    throw typeError(name, v);
  }

  public Boolean bool(String name) {
    JsonNode v = field(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String t = v.textValue();
      if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
        return t.equalsIgnoreCase("true");
      }
      throw MlflowException.invalidParameterValue(
          "Invalid boolean value: %s, must be 'true' or 'false'.", t);
    }
    throw typeError(name, v);
  }

  /** A repeated string field; numbers are taken as their text. */
  public List<String> strings(String name) {
    return repeated(
        name, item -> item.isTextual() ? item.textValue() : item.isNumber() ? item.asText() : null);
  }

  /** A repeated message field: each element as a Req. */
  public List<Req> messages(String name) {
    return repeated(name, item -> item.isObject() ? new Req(item) : null);
  }

  /** A repeated message field, each element decoded by {@code each} (after all are checked). */
  public <T> List<T> messages(String name, Function<Req, T> each) {
    List<T> out = new ArrayList<>();
    for (Req m : messages(name)) {
      out.add(each.apply(m));
    }
    return out;
  }

  /**
   * The elements of a repeated field, each converted by {@code element} (null: an element of the
   * wrong type, a type error of the whole field); absent is empty.
   */
  private <T> List<T> repeated(String name, Function<JsonNode, T> element) {
    JsonNode v = field(name);
    List<T> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw typeError(name, v);
    }
    for (JsonNode item : v) {
      T converted = element.apply(item);
      if (converted == null) {
        throw typeError(name, v);
      }
      out.add(converted);
    }
    return out;
  }

  public Req message(String name) {
    return single(name, JsonNode::isObject, Req::new);
  }

  /** A field of one JSON type (another type is a type error), converted; null when absent. */
  private <T> T single(String name, Predicate<JsonNode> isType, Function<JsonNode, T> convert) {
    JsonNode v = field(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!isType.test(v)) {
      throw typeError(name, v);
    }
    return convert.apply(v);
  }

  public static MlflowException missing(String name) {
    return MlflowException.invalidParameterValue(
        "Missing value for required parameter '" + name + "'." + API_DOCS);
  }

  static MlflowException typeError(String name, JsonNode v) {
    return MlflowException.invalidParameterValue(
        "Invalid value "
            + compact(v)
            + " for parameter '"
            + name
            + "' supplied:  Hint: Value was of type '"
            + pythonType(v)
            + "'."
            + API_DOCS);
  }

  private static String compact(JsonNode v) {
    try {
      return MAPPER.writeValueAsString(v);
    } catch (Exception e) {
      return String.valueOf(v);
    }
  }

  private static String pythonType(JsonNode v) {
    return switch (v.getNodeType()) {
      case STRING -> "str";
      case BOOLEAN -> "bool";
      case NUMBER -> v.isIntegralNumber() ? "int" : "float";
      case ARRAY -> "list";
      case OBJECT -> "dict";
      default -> "NoneType";
    };
  }
}
