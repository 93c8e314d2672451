package dev.trackway.api.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trackway.api.Req;
import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.Role;
import dev.trackway.domain.auth.RoleAssignment;
import dev.trackway.domain.auth.RolePermission;
import dev.trackway.domain.auth.User;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The auth API's messages as MLflow's auth handlers write them (Flask's {@code jsonify}: keys
 * sorted, nulls kept, a trailing newline), and its request values as they read them.
 */
final class FlaskJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private FlaskJson() {}

  static Response ok(Map<String, ?> body) {
    try {
      byte[] out = (MAPPER.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
      return Response.ok(out, MediaType.APPLICATION_JSON_TYPE).build();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Response empty() {
    return ok(Map.of());
  }

  /** A plain-text 400 of MLflow's users/create handler. */
  static Response badRequest(String text) {
    return Response.status(400).type(Denials.HTML).entity(text).build();
  }

  static Map<String, Object> user(User u) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", u.id());
    m.put("is_admin", u.isAdmin());
    m.put("username", u.username());
    return m;
  }

  static Map<String, Object> role(Role r) {
    Map<String, Object> m = new TreeMap<>();
    m.put("description", r.description());
    m.put("id", r.id());
    m.put("name", r.name());
    m.put("permissions", r.permissions().stream().map(FlaskJson::permission).toList());
    m.put("workspace", r.workspace());
    return m;
  }

  static List<Map<String, Object>> roles(List<Role> roles) {
    return roles.stream().map(FlaskJson::role).toList();
  }

  static Map<String, Object> permission(RolePermission p) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", p.id());
    m.put("permission", p.permission());
    m.put("resource_pattern", p.resourcePattern());
    m.put("resource_type", p.resourceType());
    m.put("role_id", p.roleId());
    return m;
  }

  static Map<String, Object> assignment(RoleAssignment a) {
    Map<String, Object> m = new TreeMap<>();
    m.put("id", a.id());
    m.put("role_id", a.roleId());
    m.put("user_id", a.userId());
    return m;
  }

  /** One row of users/current/permissions and users/permissions/list. */
  static Map<String, Object> grant(GrantRow g) {
    Map<String, Object> m = new TreeMap<>();
    m.put("permission", g.permission());
    m.put("resource_pattern", g.resourcePattern());
    m.put("resource_type", g.resourceType());
    m.put("role_id", g.roleId());
    m.put("role_name", g.roleName());
    m.put("workspace", g.workspace());
    return m;
  }

  /**
   * A handler's request values ({@code _get_request_param}): the query of a GET; the JSON body of a
   * POST or PATCH typed as JSON (anything else reads as no values); a DELETE's body whatever its
   * type, or its query when it has none.
   */
  static Params params(
      String method, String contentType, byte[] body, MultivaluedMap<String, String> query) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    query.forEach((k, v) -> q.put(k, new ArrayList<>(v)));
    if (method.equals("GET")) {
      return new Params(true, null, q, Map.of());
    }
    boolean empty = body == null || body.length == 0;
    if (method.equals("DELETE")) {
      if (empty) {
        return new Params(true, null, q, Map.of());
      }
      return new Params(false, Req.lenient(body), q, Map.of());
    }
    JsonNode json = null;
    if (!empty && isJson(contentType)) {
      try {
        json = MAPPER.readTree(body);
      } catch (java.io.IOException e) {
        json = null;
      }
    }
    return new Params(false, json, q, Map.of());
  }

  /** Flask's {@code request.is_json}: application/json or a {@code +json} type. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
  }
}
