package dev.trackway.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.compat.PyJson;
import dev.trackway.compat.PyRepr;
import dev.trackway.domain.LoggedModelOrderBy;
import dev.trackway.error.MlflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * MLflow's page tokens of search-logged-models: {@code base64(json({"experiment_ids",
 * "filter_string", "order_by", "offset"}))}, written as Python's json.dumps writes them; a token
 * only continues the search it came from.
 */
final class LoggedModelPageToken {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LoggedModelPageToken() {}

  static String encode(
      List<String> experimentIds,
      String filterString,
      List<LoggedModelOrderBy> orderBy,
      int offset) {
    StringBuilder sb = new StringBuilder("{\"experiment_ids\": [");
    for (int i = 0; i < experimentIds.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(PyJson.str(experimentIds.get(i)));
    }
    sb.append("], \"filter_string\": ").append(jsonOrNull(filterString));
    sb.append(", \"order_by\": ");
    if (orderBy == null || orderBy.isEmpty()) {
      sb.append("null");
    } else {
      sb.append('[');
      for (int i = 0; i < orderBy.size(); i++) {
        LoggedModelOrderBy ob = orderBy.get(i);
        sb.append(i > 0 ? ", " : "")
            .append("{\"field_name\": ")
            .append(PyJson.str(ob.fieldName()))
            .append(", \"ascending\": ")
            .append(ob.ascending())
            .append(", \"dataset_name\": ")
            .append(jsonOrNull(ob.datasetName()))
            .append(", \"dataset_digest\": ")
            .append(jsonOrNull(ob.datasetDigest()))
            .append('}');
      }
      sb.append(']');
    }
    sb.append(", \"offset\": ").append(offset).append('}');
    return Base64.getEncoder().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String jsonOrNull(String s) {
    return s == null ? "null" : PyJson.str(s);
  }

  /** The offset of a token, after checking it belongs to this search (as MLflow does). */
  static int decodeOffset(
      String token,
      List<String> experimentIds,
      String filterString,
      List<LoggedModelOrderBy> orderBy) {
    JsonNode node;
    try {
      node =
          JSON.readTree(
              new String(Base64.getDecoder().decode(token.trim()), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw MlflowException.invalidParameterValue(
          "Invalid page token: %s. %s", token, e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw MlflowException.invalidParameterValue("Invalid page token: %s.", token);
    }
    List<String> tokenIds = new ArrayList<>();
    JsonNode ids = node.get("experiment_ids");
    if (ids != null && ids.isArray()) {
      ids.forEach(n -> tokenIds.add(n.asText()));
    }
    if (ids == null || !ids.isArray() || !tokenIds.equals(experimentIds)) {
      throw MlflowException.invalidParameterValue(
          "Experiment IDs in the page token do not match the requested experiment IDs. Expected:"
              + " %s. Found: %s",
          PyRepr.list(experimentIds), ids == null || ids.isNull() ? "None" : PyRepr.list(tokenIds));
    }
    JsonNode f = node.get("filter_string");
    String tokenFilter = f == null || f.isNull() || f.asText().isEmpty() ? null : f.asText();
    if (!Objects.equals(tokenFilter, filterString)) {
      throw MlflowException.invalidParameterValue(
          "Filter string in the page token does not match the requested filter string. Expected:"
              + " %s. Found: %s",
          filterString == null ? "None" : filterString, tokenFilter == null ? "None" : tokenFilter);
    }
    JsonNode o = node.get("order_by");
    JsonNode found = o == null || o.isNull() || (o.isArray() && o.isEmpty()) ? null : o;
    if (!Objects.equals(found, orderByJson(orderBy))) {
      throw MlflowException.invalidParameterValue(
          "Order by in the page token does not match the requested order by.");
    }
    JsonNode off = node.get("offset");
    return off == null || !off.canConvertToInt() ? 0 : Math.max(0, off.asInt());
  }

  private static JsonNode orderByJson(List<LoggedModelOrderBy> orderBy) {
    if (orderBy == null || orderBy.isEmpty()) {
      return null;
    }
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    for (LoggedModelOrderBy ob : orderBy) {
      ObjectNode n = arr.addObject();
      n.put("field_name", ob.fieldName());
      n.put("ascending", ob.ascending());
      n.put("dataset_name", ob.datasetName());
      n.put("dataset_digest", ob.datasetDigest());
    }
    return arr;
  }
}
