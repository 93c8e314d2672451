package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.api.Guarded;
import dev.trackway.error.MlflowException;
import dev.trackway.service.auth.RoleAdministration;
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

/**
 * MLflow 3.18's role API ({@code /3.0/mlflow/roles/*} under {@code /api} and {@code /ajax-api}):
 * roles of a workspace, their grants, and the users who hold them.
 */
@Guarded
@Path("/")
public class RolesResource {
  private static final String CT = "Content-Type";

  @Inject RoleAdministration roles;

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/create")
  public Response create(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("POST", type, body, uri.getQueryParameters());
    String name = nonEmpty(p, "name", "Role name cannot be empty.");
    String workspace = nonEmpty(p, "workspace", "Workspace cannot be empty.");
    JsonNode description = p.node("description");
    if (description != null && !description.isNull() && !description.isTextual()) {
      throw MlflowException.invalidParameterValue("Role description must be a string or null.");
    }
    String d = description == null || description.isNull() ? null : description.textValue();
    return FlaskJson.ok(Map.of("role", FlaskJson.role(roles.create(name, workspace, d))));
  }

  /** A required string that is not blank (a non-string is refused with the same message). */
  private static String nonEmpty(Params p, String name, String message) {
    p.required(name);
    JsonNode n = p.node(name);
    String v = n != null ? (n.isTextual() ? n.textValue() : null) : p.opt(name);
    if (v == null || v.isBlank()) {
      throw MlflowException.invalidParameterValue(message);
    }
    return v;
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/get")
  public Response get(@Context UriInfo uri) {
    int id = UsersResource.query(uri).requiredInt("role_id");
    return FlaskJson.ok(Map.of("role", FlaskJson.role(roles.get(id))));
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/list")
  public Response list(@Context UriInfo uri) {
    List<String> workspaces = UsersResource.query(uri).list("workspace");
    return FlaskJson.ok(Map.of("roles", FlaskJson.roles(roles.list(workspaces))));
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/update")
  public Response update(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("PATCH", type, body, uri.getQueryParameters());
    int id = p.requiredInt("role_id");
    JsonNode name = p.node("name");
    JsonNode description = p.node("description");
    boolean noName = name == null || name.isNull();
    boolean noDescription = description == null || description.isNull();
    if (noName && noDescription) {
      throw MlflowException.invalidParameterValue(
          "At least one of 'name' or 'description' must be provided to update a role.");
    }
    if (!noName && (!name.isTextual() || name.textValue().isBlank())) {
      throw MlflowException.invalidParameterValue("Role name cannot be empty.");
    }
    if (!noDescription && !description.isTextual()) {
      throw MlflowException.invalidParameterValue("Role description must be a string.");
    }
    return FlaskJson.ok(
        Map.of(
            "role",
            FlaskJson.role(
                roles.update(
                    id,
                    noName ? null : name.textValue(),
                    noDescription ? null : description.textValue()))));
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/delete")
  public Response delete(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    roles.delete(
        FlaskJson.params("DELETE", type, body, uri.getQueryParameters()).requiredInt("role_id"));
    return FlaskJson.empty();
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/permissions/add")
  public Response addPermission(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("POST", type, body, uri.getQueryParameters());
    int roleId = p.requiredInt("role_id");
    var added =
        roles.addPermission(
            roleId,
            p.required("resource_type"),
            p.required("resource_pattern"),
            p.required("permission"));
    return FlaskJson.ok(Map.of("role_permission", FlaskJson.permission(added)));
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/permissions/remove")
  public Response removePermission(
      @HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("DELETE", type, body, uri.getQueryParameters());
    roles.removePermission(p.requiredInt("role_permission_id"));
    return FlaskJson.empty();
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/permissions/list")
  public Response permissions(@Context UriInfo uri) {
    int id = UsersResource.query(uri).requiredInt("role_id");
    return FlaskJson.ok(
        Map.of(
            "role_permissions",
            roles.permissions(id).stream().map(FlaskJson::permission).toList()));
  }

  @PATCH
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/permissions/update")
  public Response updatePermission(
      @HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("PATCH", type, body, uri.getQueryParameters());
    int id = p.requiredInt("role_permission_id");
    var updated = roles.updatePermission(id, p.required("permission"));
    return FlaskJson.ok(Map.of("role_permission", FlaskJson.permission(updated)));
  }

  @POST
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/assign")
  public Response assign(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("POST", type, body, uri.getQueryParameters());
    String username = p.required("username");
    var a = roles.assign(username, p.requiredInt("role_id"));
    return FlaskJson.ok(Map.of("assignment", FlaskJson.assignment(a)));
  }

  @DELETE
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/unassign")
  public Response unassign(@HeaderParam(CT) String type, byte[] body, @Context UriInfo uri) {
    Params p = FlaskJson.params("DELETE", type, body, uri.getQueryParameters());
    String username = p.required("username");
    roles.unassign(username, p.requiredInt("role_id"));
    return FlaskJson.empty();
  }

  @GET
  @Path("/{prefix: api|ajax-api}/3.0/mlflow/roles/users/list")
  public Response users(@Context UriInfo uri) {
    int id = UsersResource.query(uri).requiredInt("role_id");
    return FlaskJson.ok(
        Map.of("assignments", roles.users(id).stream().map(FlaskJson::assignment).toList()));
  }
}
