package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.Req;
import dev.trackway.error.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The request values a rule reads, the way MLflow's validators read them ({@code
 * _get_request_param}): the query of a GET or the JSON body of a POST/PATCH/DELETE, with the path
 * variables on top; a body field may be spelled lowerCamelCase; {@code run_id} falls back to {@code
 * run_uuid}.
 */
final class Params {
  private final boolean get;
  private final JsonNode args;
  private final Map<String, List<String>> query;
  private final Map<String, String> pathVars;

  /**
   * @param get whether the values are a query string (GET) rather than a body
   * @param args the body (an object, or null: none) when not a GET
   * @param query the query parameters, repeated keys in order
   */
  Params(
      boolean get, JsonNode args, Map<String, List<String>> query, Map<String, String> pathVars) {
    this.get = get;
    this.args = args;
    this.query = query;
    this.pathVars = pathVars;
  }

  /** The raw value (a JSON node for a body, a string for a query), or null when absent. */
  private Object raw(String name) {
    if (pathVars.containsKey(name)) {
      return pathVars.get(name);
    }
    if (get) {
      List<String> v = query.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
    if (args == null || !args.isObject()) {
      return null;
    }
    JsonNode v = args.get(name);
    if (v == null) {
      v = args.get(Req.camel(name));
    }
    return v;
  }

  private boolean has(String name) {
    if (pathVars.containsKey(name)) {
      return true;
    }
    if (get) {
      return query.containsKey(name);
    }
    return args != null && args.isObject() && (args.has(name) || args.has(Req.camel(name)));
  }

  /** The value as text (a JSON number or boolean as its text), or null when absent or null. */
  String opt(String name) {
    Object v = raw(name);
    if (v instanceof JsonNode n) {
      return n.isNull() || n.isContainerNode() ? null : n.asText();
    }
    return (String) v;
  }

  /** MLflow's {@code _get_request_param}: present (even empty), else its 400. */
  String required(String name) {
    if (!has(name)) {
      if (name.equals("run_id")) {
        return required("run_uuid");
      }
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter '%s'. See the API docs for more information"
              + " about request parameters.",
          name);
    }
    String v = opt(name);
    return v == null ? "" : v;
  }

  /** The JSON node of a body field, or null. */
  JsonNode node(String name) {
    Object v = raw(name);
    return v instanceof JsonNode n ? n : null;
  }

  /** A repeated value: the query's repeats, or a body array's items as text. */
  List<String> list(String name) {
    List<String> out = new ArrayList<>();
    if (get) {
      out.addAll(query.getOrDefault(name, List.of()));
      return out;
    }
    JsonNode v = node(name);
    if (v != null && v.isArray()) {
      v.forEach(item -> out.add(item.asText()));
    } else if (v != null && !v.isNull()) {
      out.add(v.asText());
    }
    return out;
  }

  /** Whether the field is present in the request (a proto's HasField). */
  boolean present(String name) {
    Object v = raw(name);
    return v != null && !(v instanceof JsonNode n && n.isNull());
  }

  /** An integer parameter: present, else MLflow's 400; not an integer, the other 400. */
  int requiredInt(String name) {
    return toInt(name, raw(requiredPresent(name)));
  }

  /** An integer parameter when present, else null. */
  Integer optInt(String name) {
    return has(name) ? toInt(name, raw(name)) : null;
  }

  private String requiredPresent(String name) {
    required(name);
    return name;
  }

  private static int toInt(String name, Object raw) {
    String text;
    if (raw instanceof JsonNode n) {
      if (n.isIntegralNumber()) {
        return n.intValue();
      }
      if (n.isBoolean()) {
        return n.booleanValue() ? 1 : 0;
      }
      text = n.isTextual() ? n.textValue() : n.toString();
    } else {
      text = raw == null ? "None" : (String) raw;
    }
    try {
      return Integer.parseInt(text.strip().replace("_", ""));
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue(
          "Parameter '%s' must be an integer. Got: %s", name, pyRepr(raw));
    }
  }

  private static String pyRepr(Object raw) {
    if (raw instanceof JsonNode n) {
      if (n.isTextual()) {
        return "'" + n.textValue() + "'";
      }
      return n.isNull() ? "None" : n.toString();
    }
    return raw == null ? "None" : "'" + raw + "'";
  }
}
