package dev.trackway.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.domain.Page;
import dev.trackway.error.MlflowException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Request decoding and response building shared by the UI's JSON routes that MLflow serves from
 * hand-written Flask handlers (evaluation datasets, review queues) rather than from proto RPCs:
 * each field is accepted in its snake_case and camelCase spelling, as those handlers do.
 */
final class UiJson {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private UiJson() {}

  /** The request body as a JSON object; none (or {@code null}) is an empty object. */
  static JsonNode body(byte[] body) {
    JsonNode req;
    try {
      req = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid JSON in request body: %s", e.getMessage());
    }
    if (req == null || req.isNull()) {
      return NODES.objectNode();
    }
    if (!req.isObject()) {
      throw MlflowException.invalidParameterValue("The request body must be a JSON object.");
    }
    return req;
  }

  /** A {@code max_results} query parameter: absent or empty is none. */
  static Long maxResults(String v) {
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalidParameterValue(
          "Invalid value \"%s\" for parameter 'max_results' supplied.", v);
    }
  }

  /** A required query or body value, with MLflow's message when it is missing or empty. */
  static String required(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Missing value for required parameter '%s'. See the API docs for more information"
              + " about request parameters.",
          name);
    }
    return value;
  }

  private static JsonNode field(JsonNode req, String name, String camel) {
    JsonNode n = req.has(name) ? req.get(name) : req.get(camel);
    return n == null || n.isNull() ? null : n;
  }

  private static MlflowException invalid(JsonNode n, String name) {
    return MlflowException.invalidParameterValue(
        "Invalid value \"%s\" for parameter '%s' supplied.", n, name);
  }

  /** A string field; any other JSON value is refused. */
  static String text(JsonNode req, String name, String camel) {
    JsonNode n = field(req, name, camel);
    if (n != null && !n.isTextual()) {
      throw invalid(n, name);
    }
    return n == null ? null : n.asText();
  }

  /** A field read as text whatever its JSON type. */
  static String anyText(JsonNode req, String name, String camel) {
    JsonNode n = field(req, name, camel);
    return n == null ? null : n.asText();
  }

  static List<String> strings(JsonNode req, String name, String camel) {
    JsonNode n = field(req, name, camel);
    List<String> out = new ArrayList<>();
    if (n != null && !n.isArray()) {
      throw invalid(n, name);
    }
    if (n != null) {
      n.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  /** An integer field, also as a numeric string (proto JSON's int64). */
  static Long longValue(JsonNode req, String name, String camel) {
    JsonNode n = field(req, name, camel);
    if (n == null) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText().trim());
      } catch (NumberFormatException e) {
        // refused below
      }
    }
    throw invalid(n, name);
  }

  /**
   * A page as MLflow's list responses write it: the items under {@code field} (left out when there
   * are none), then {@code next_page_token} — always (empty when none) if {@code alwaysToken}, else
   * only when there is a next page.
   */
  static <T> ObjectNode page(
      String field, Page<T> page, Function<T, JsonNode> item, boolean alwaysToken) {
    ObjectNode out = NODES.objectNode();
    putIfAny(out, field, page.items(), item);
    if (alwaysToken || page.nextPageToken() != null) {
      out.put("next_page_token", page.nextPageToken() == null ? "" : page.nextPageToken());
    }
    return out;
  }

  /** The items under {@code field}, left out when there are none. */
  static <T> void putIfAny(ObjectNode o, String field, List<T> items, Function<T, JsonNode> item) {
    if (!items.isEmpty()) {
      ArrayNode list = o.putArray(field);
      items.forEach(i -> list.add(item.apply(i)));
    }
  }

  static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  static void putIfSet(ObjectNode o, String field, Long value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
