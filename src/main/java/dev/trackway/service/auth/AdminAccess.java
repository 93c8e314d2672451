package dev.trackway.service.auth;

import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.User;
import dev.trackway.error.MlflowException;
import dev.trackway.store.AccessLookup;
import dev.trackway.store.AuthStore;
import dev.trackway.store.TrackingStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call MLflow 3.18's user, role and grant API, for callers who are not admins: themselves
 * (read, change password, their roles and grants), a workspace admin (a role holding {@code
 * (workspace, *, MANAGE)}: users, roles and wildcard grants of their workspace), a resource's
 * MANAGE holder (grants on it).
 */
@ApplicationScoped
public class AdminAccess {
  @Inject AuthStore store;
  @Inject AccessControl access;
  @Inject AccessLookup lookup;
  @Inject TrackingStore tracking;

  /** The workspaces in which the caller holds a role with {@code (workspace, *, MANAGE)}. */
  public Set<String> workspaceAdminOf(Caller caller) {
    Set<String> out = new HashSet<>();
    for (GrantRow g : store.grantsOf(caller.userId(), access.groupRoles(caller))) {
      if (g.resourceType().equals(ResourceTypes.WORKSPACE)
          && g.resourcePattern().equals("*")
          && g.permission().equals(Permission.MANAGE.name())) {
        out.add(g.workspace());
      }
    }
    return out;
  }

  /** The workspaces of every role the caller holds. */
  Set<String> presentIn(Caller caller) {
    Set<String> out = new HashSet<>(store.userWorkspaces(caller.userId()));
    if (!caller.groups().isEmpty()) {
      store
          .grantsOf(caller.userId(), access.groupRoles(caller))
          .forEach(g -> out.add(g.workspace()));
    }
    return out;
  }

  /** MLflow's {@code validate_can_create_user}: a workspace admin somewhere. */
  public boolean canCreateUser(Caller caller) {
    return !workspaceAdminOf(caller).isEmpty();
  }

  /**
   * The workspace a role request targets, from every identifier it carries ({@code role_id}, {@code
   * role_permission_id}, {@code workspace}); null (deny) when one names nothing or they disagree.
   */
  public String roleWorkspace(Integer roleId, Integer rolePermissionId, String workspace) {
    if (roleId == null && rolePermissionId == null && workspace == null) {
      throw MlflowException.invalidParameterValue(
          "Request must include one of: role_id, role_permission_id, workspace.");
    }
    Set<Integer> roles = new HashSet<>();
    if (roleId != null) {
      roles.add(roleId);
    }
    if (rolePermissionId != null) {
      Optional<dev.trackway.domain.auth.RolePermission> p =
          store.findRolePermission(rolePermissionId);
      if (p.isEmpty()) {
        return null;
      }
      roles.add(p.get().roleId());
    }
    if (roles.size() > 1) {
      return null;
    }
    Set<String> workspaces = new HashSet<>();
    for (int r : roles) {
      Optional<dev.trackway.domain.auth.Role> role = store.findRole(r);
      if (role.isEmpty()) {
        return null;
      }
      workspaces.add(role.get().workspace());
    }
    if (workspace != null) {
      workspaces.add(workspace);
    }
    return workspaces.size() == 1 ? workspaces.iterator().next() : null;
  }

  /** Role management: a workspace admin of the role's workspace. */
  public boolean canManageRoles(Caller caller, String workspace) {
    return workspace != null && workspaceAdminOf(caller).contains(workspace);
  }

  /** Reading a role: a role of one's own in its workspace. */
  public boolean canViewRoles(Caller caller, String workspace) {
    return workspace != null && presentIn(caller).contains(workspace);
  }

  /** Listing roles: named workspaces, each one the caller holds a role in. */
  public boolean canListRoles(Caller caller, List<String> workspaces) {
    Set<String> requested = new HashSet<>();
    for (String w : workspaces) {
      if (w != null && !w.isBlank()) {
        requested.add(w);
      }
    }
    return !requested.isEmpty() && presentIn(caller).containsAll(requested);
  }

  /** A user's roles and grants: themselves, or an admin of a workspace the user is in. */
  public boolean canViewUser(Caller caller, String username) {
    if (caller.username().equals(username)) {
      return true;
    }
    Optional<User> target = store.findUser(username);
    if (target.isEmpty()) {
      return false;
    }
    Set<String> adminOf = workspaceAdminOf(caller);
    return store.userWorkspaces(target.get().id()).stream().anyMatch(adminOf::contains);
  }

  /**
   * Granting or revoking: a wildcard needs a workspace admin (after the type checks); a resource
   * needs MANAGE on it.
   */
  public boolean canManageResource(Caller caller, String type, String resourceId) {
    if ("*".equals(resourceId)) {
      rejectWorkspaceType(type);
      ResourceTypes.validateType(type);
      return workspaceAdminOf(caller).contains(AuthStore.DEFAULT_WORKSPACE);
    }
    return resolve(caller, type, resourceId).canManage();
  }

  /** Reading another user's permission: themselves, or an admin of the resource's workspace. */
  public boolean canGetUserPermission(
      Caller caller, String type, String username, String resourceId) {
    rejectWorkspaceType(type);
    if (caller.username().equals(username)) {
      return true;
    }
    if (store.findUser(username).isEmpty() || !resourceExists(type, resourceId)) {
      return false;
    }
    return workspaceAdminOf(caller).contains(AuthStore.DEFAULT_WORKSPACE);
  }

  private boolean resourceExists(String type, String resourceId) {
    if ("*".equals(resourceId)) {
      return true;
    }
    if (resourceId == null) {
      return false;
    }
    try {
      return switch (type) {
        case ResourceTypes.EXPERIMENT -> experimentExists(resourceId);
        case ResourceTypes.SCORER -> {
          int slash = resourceId.indexOf('/');
          yield slash >= 0 && experimentExists(resourceId.substring(0, slash));
        }
        case ResourceTypes.REGISTERED_MODEL -> lookup.registeredModel(resourceId).isPresent();
        default -> false;
      };
    } catch (MlflowException e) {
      return false;
    }
  }

  private boolean experimentExists(String id) {
    try {
      tracking.getExperiment(id);
      return true;
    } catch (MlflowException e) {
      return false;
    }
  }

  /**
   * A user's effective permission on a resource, resolved as the request-time check does ({@code
   * _resolve_user_permission_for_resource}): {@code *} is the type's wildcard; ids only for the
   * types the per-user API supports.
   */
  public Permission resolve(Caller caller, String type, String resourceId) {
    return resolve(caller.userId(), type, resourceId, access.grants(caller));
  }

  Permission resolve(User user, String type, String resourceId) {
    return resolve(
        user.id(),
        type,
        resourceId,
        Grants.of(store.grantsOf(user.id(), List.of()), access.defaultPermission()));
  }

  private static Permission resolve(int userId, String type, String resourceId, Grants grants) {
    rejectWorkspaceType(type);
    ResourceTypes.validateType(type);
    if ("*".equals(resourceId)) {
      return grants.point(type, "*");
    }
    String key = resourceId;
    switch (type) {
      case ResourceTypes.SCORER -> {
        if (resourceId == null || resourceId.indexOf('/') < 0) {
          throw MlflowException.invalidParameterValue(
              "Invalid scorer resource_id. Expected '<experiment_id>/<scorer_name>'.");
        }
      }
      case ResourceTypes.SKILL -> key = skillKey(resourceId);
      case ResourceTypes.EXPERIMENT,
          ResourceTypes.REGISTERED_MODEL,
          "gateway_secret",
          "gateway_endpoint",
          "gateway_model_definition",
          "mcp_server" -> {
        // supported, the id as given
      }
      default ->
          throw MlflowException.invalidParameterValue(
              "resource_type '%s' is not supported by the per-user permission convenience APIs.",
              type);
    }
    return grants.point(type, key);
  }

  /** A skill's grant key: {@code name} or {@code @organization/name}. */
  static String skillKey(String id) {
    if (id != null && id.startsWith("@")) {
      int slash = id.indexOf('/');
      if (slash > 1 && slash < id.length() - 1 && id.indexOf('/', slash + 1) < 0) {
        return id;
      }
    } else if (id != null && !id.isEmpty() && id.indexOf('/') < 0) {
      return id;
    }
    throw MlflowException.invalidParameterValue(
        "Invalid Skill Registry resource_id. Expected 'name' or '@organization/name'.");
  }

  /** The per-user API does not take workspace grants. */
  public static void rejectWorkspaceType(String type) {
    if (ResourceTypes.WORKSPACE.equals(type)) {
      throw MlflowException.invalidParameterValue(
          "resource_type 'workspace' is not supported by the per-user permission convenience"
              + " APIs. Use set_workspace_permission / delete_workspace_permission for"
              + " workspace-wide grants.");
    }
  }
}
