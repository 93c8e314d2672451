package dev.trackway.service.auth;

import dev.trackway.domain.auth.Role;
import dev.trackway.domain.auth.RoleAssignment;
import dev.trackway.domain.auth.RolePermission;
import dev.trackway.domain.auth.User;
import dev.trackway.error.MlflowException;
import dev.trackway.store.AuthStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * MLflow 3.18's role API ({@code /api/3.0/mlflow/roles/*}): roles per workspace, their grants, and
 * who holds them, with the handlers' checks and messages. Who may call each is decided by {@link
 * AdminAccess}.
 */
@ApplicationScoped
public class RoleAdministration {
  static final int MAX_ROLE_NAME_LENGTH = 255;
  static final int MAX_ROLE_DESCRIPTION_LENGTH = 1024;

  @Inject AuthStore store;

  /** The per-user roles' prefix, which admin-named roles may not use. */
  static void rejectReservedName(String name) {
    if (name.startsWith("__user_")) {
      throw MlflowException.invalidParameterValue(
          "Role name '%s' uses the reserved '__user_' prefix, which is held for the per-user"
              + " permission representation. Choose a different name.",
          name);
    }
  }

  public Role create(String name, String workspace, String description) {
    rejectReservedName(name);
    UserAdministration.validateText("Role name", name, MAX_ROLE_NAME_LENGTH);
    UserAdministration.validateText("Role description", description, MAX_ROLE_DESCRIPTION_LENGTH);
    return store.createRole(name, workspace, description);
  }

  public Role get(int roleId) {
    return store.getRole(roleId);
  }

  /** The roles of these workspaces; every role when none is named. */
  public List<Role> list(List<String> workspaces) {
    for (String w : workspaces) {
      if (w == null || w.isBlank()) {
        throw MlflowException.invalidParameterValue(
            "Parameter 'workspace' must be a non-empty string when provided.");
      }
    }
    return store.listRoles(workspaces.isEmpty() ? null : workspaces);
  }

  public Role update(int roleId, String name, String description) {
    if (name != null) {
      rejectReservedName(name);
    }
    UserAdministration.validateText("Role name", name, MAX_ROLE_NAME_LENGTH);
    UserAdministration.validateText("Role description", description, MAX_ROLE_DESCRIPTION_LENGTH);
    return store.updateRole(roleId, name, description);
  }

  public void delete(int roleId) {
    store.deleteRole(roleId);
  }

  /** A grant of a role; experiment ids must be integers and are stored canonically. */
  public RolePermission addPermission(int roleId, String type, String pattern, String permission) {
    ResourceTypes.validatePermission(permission, type);
    if (type.equals(ResourceTypes.EXPERIMENT) && !"*".equals(pattern)) {
      pattern = experimentId(pattern);
    }
    pattern = ResourceTypes.canonicalId(type, pattern);
    ResourceTypes.validatePattern(pattern, type);
    return store.addRolePermission(roleId, type, pattern, permission);
  }

  /** MLflow's {@code _parse_experiment_id}: an integer, as its canonical text. */
  private static String experimentId(String id) {
    String canonical = ResourceTypes.canonicalExperimentId(id == null ? "" : id);
    if (!canonical.matches("-?\\d+")) {
      throw MlflowException.invalidParameterValue(
          "Invalid experiment ID '%s'. Experiment ID must be a valid integer.", id);
    }
    return canonical;
  }

  public void removePermission(int rolePermissionId) {
    store.removeRolePermission(rolePermissionId);
  }

  public List<RolePermission> permissions(int roleId) {
    return store.listRolePermissions(roleId);
  }

  public RolePermission updatePermission(int rolePermissionId, String permission) {
    RolePermission p = store.getRolePermission(rolePermissionId);
    ResourceTypes.validatePermission(permission, p.resourceType());
    return store.updateRolePermission(rolePermissionId, permission);
  }

  public RoleAssignment assign(String username, int roleId) {
    User u = store.getUser(username);
    return store.assignRole(u.id(), roleId);
  }

  public void unassign(String username, int roleId) {
    User u = store.getUser(username);
    store.unassignRole(u.id(), roleId);
  }

  public List<RoleAssignment> users(int roleId) {
    return store.listRoleUsers(roleId);
  }
}
