package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.Guarded;
import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.User;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.AccessControl;
import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.CallerContext;
import dev.trackway.service.auth.Permission;
import dev.trackway.service.auth.UserAdministration;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * MLflow 3.18's user API of the basic-auth app: users ({@code /2.0/mlflow/users/*}), the current
 * user and its permissions, and per-user grants ({@code /3.0/mlflow/users/*}), under {@code /api}
 * and {@code /ajax-api}. Who may call each route is decided before ({@link AuthFilter}); answers
 * are written as MLflow's handlers write them ({@link FlaskJson}).
 */
@Guarded
@Path("/")
public class UsersResource {
  private static final String CT = "Content-Type";

  @Inject UserAdministration users;
  @Inject CallerContext callers;
  @Inject AccessControl access;

  private Caller caller() {
    return callers.current();
  }

  @POST
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/create")
  public Response create(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    if (!FlaskJson.isJson(type)) {
      return FlaskJson.badRequest("Invalid content type. Must be application/json");
    }
    Params p = FlaskJson.params("POST", type, body, uri.getQueryParameters());
    String username = p.required("username");
    String password = p.required("password");
    if (username.isEmpty() || password.isEmpty()) {
      return FlaskJson.badRequest("Username and password cannot be empty.");
    }
    return FlaskJson.ok(Map.of("user", FlaskJson.user(users.create(username, password))));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/get")
  public Response get(@Context UriInfo uri) {
    String username = query(uri).required("username");
    return FlaskJson.ok(Map.of("user", FlaskJson.user(users.get(username))));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/current")
  public Response current() {
    Caller c = caller();
    User u = users.get(c.username());
    Map<String, Object> m = new TreeMap<>();
    m.put("is_basic_auth", c.basicAuth());
    m.put("user", FlaskJson.user(new User(u.id(), u.username(), null, c.admin())));
    return FlaskJson.ok(m);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/list")
  public Response list() {
    List<Map<String, Object>> out =
        users.list(caller()).stream()
            .map(
                u -> {
                  Map<String, Object> m = FlaskJson.user(u.user());
                  m.put("roles", FlaskJson.roles(u.roles()));
                  return m;
                })
            .toList();
    return FlaskJson.ok(Map.of("users", out));
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/update-password")
  public Response updatePassword(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("PATCH", type, body, uri.getQueryParameters());
    users.updatePassword(
        caller(), p.required("username"), p.required("password"), p.opt("current_password"));
    return FlaskJson.empty();
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/update-admin")
  public Response updateAdmin(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("PATCH", type, body, uri.getQueryParameters());
    String username = p.required("username");
    p.required("is_admin");
    JsonNode isAdmin = p.node("is_admin");
    if (isAdmin == null || !isAdmin.isBoolean()) {
      throw new MlflowException(
          ErrorCode.BAD_REQUEST,
          "Invalid value for 'is_admin': " + p.opt("is_admin") + " (must be true or false).");
    }
    users.updateAdmin(username, isAdmin.booleanValue());
    return FlaskJson.empty();
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/2.0/mlflow/users/delete")
  public Response delete(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("DELETE", type, body, uri.getQueryParameters());
    users.delete(caller(), p.required("username"));
    return FlaskJson.empty();
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/users/current/permissions")
  public Response currentPermissions() {
    Caller c = caller();
    return permissions(c.admin(), users.permissions(c, c.username()));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/users/permissions/list")
  public Response userPermissions(@Context UriInfo uri) {
    String username = query(uri).required("username");
    List<GrantRow> rows = users.permissions(caller(), username);
    return permissions(users.isAdmin(username), rows);
  }

  private static Response permissions(boolean admin, List<GrantRow> rows) {
    Map<String, Object> m = new TreeMap<>();
    m.put("is_admin", admin);
    m.put("permissions", rows.stream().map(FlaskJson::grant).toList());
    return FlaskJson.ok(m);
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/users/roles/list")
  public Response userRoles(@Context UriInfo uri) {
    String username = query(uri).required("username");
    return FlaskJson.ok(Map.of("roles", FlaskJson.roles(users.roles(caller(), username))));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/users/permissions/grant")
  public Response grant(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("POST", type, body, uri.getQueryParameters());
    users.grant(
        p.required("username"),
        p.required("resource_type"),
        p.required("resource_id"),
        p.required("permission"));
    return FlaskJson.empty();
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/users/permissions/revoke")
  public Response revoke(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("POST", type, body, uri.getQueryParameters());
    users.revoke(p.required("username"), p.required("resource_type"), p.required("resource_id"));
    return FlaskJson.empty();
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/users/permissions/get")
  public Response permission(@Context UriInfo uri) {
    Params p = query(uri);
    Permission perm =
        users.effective(
            p.required("username"), p.required("resource_type"), p.required("resource_id"));
    Map<String, Object> m = new TreeMap<>();
    m.put("allowed", perm.canUse());
    m.put("permission", perm.name());
    return FlaskJson.ok(m);
  }

  static Params query(UriInfo uri) {
    return FlaskJson.params("GET", null, null, uri.getQueryParameters());
  }
}
