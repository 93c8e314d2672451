package dev.trackway.store;

import dev.trackway.domain.MlflowTags;
import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.Role;
import dev.trackway.domain.auth.RoleAssignment;
import dev.trackway.domain.auth.RolePermission;
import dev.trackway.domain.auth.User;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of MLflow's basic-auth database (users, roles, role permissions, role assignments),
 * named after MLflow's auth store. Values are validated by the service; the store enforces what
 * needs the database (existence, uniqueness) with MLflow's errors and messages. A user's own grants
 * are rows of a hidden role {@code __user_<id>__} in workspace {@code default}.
 */
public interface AuthStore {

  String DEFAULT_WORKSPACE = MlflowTags.DEFAULT_WORKSPACE;

  /** Opens the database and brings its schema to MLflow's head revision. */
  void open(String databaseUri);

  // ------------------------------------------------------------------ users

  /** RESOURCE_ALREADY_EXISTS for a taken name. */
  User createUser(String username, String passwordHash, boolean isAdmin);

  Optional<User> findUser(String username);

  Optional<User> findUserById(int id);

  /** RESOURCE_DOES_NOT_EXIST {@code User with username=X not found}. */
  default User getUser(String username) {
    return existing(findUser(username), "User with username=" + username + " not found");
  }

  List<User> listUsers();

  void updatePassword(String username, String passwordHash);

  void updateAdmin(String username, boolean isAdmin);

  /** Deletes the user with their per-user roles, assignments and old per-resource rows. */
  void deleteUser(String username);

  // ------------------------------------------------------------------ grants

  /**
   * Every grant of every role the user holds, with the roles named {@code extraRoleNames} in
   * workspace default (the roles of a token's groups), in role and grant order.
   */
  List<GrantRow> grantsOf(int userId, Collection<String> extraRoleNames);

  /** Sets a grant on the user's own role (created and assigned if needed). */
  void upsertUserGrant(int userId, String type, String pattern, String permission);

  /** Adds a grant to the user's own role; false when it holds one on (type, pattern) already. */
  boolean insertUserGrant(int userId, String type, String pattern, String permission);

  /** Removes a grant of the user's own role; false when there is none. */
  boolean deleteUserGrant(int userId, String type, String pattern);

  /** Removes (type, pattern) from every per-user role (roles named by an admin keep theirs). */
  void deleteUserGrants(String type, String pattern);

  /** Renames the pattern of (type, from) in every per-user role. */
  void renameUserGrants(String type, String from, String to);

  /** Grants on exactly one of {@code patterns} (not {@code *}) of these types, in default. */
  List<GrantRow> exactGrants(Collection<String> types, Collection<String> patterns);

  // ------------------------------------------------------------------ roles

  /** RESOURCE_ALREADY_EXISTS for a name taken in the workspace. */
  Role createRole(String name, String workspace, String description);

  Optional<Role> findRole(int id);

  /** RESOURCE_DOES_NOT_EXIST {@code Role with id=X not found}. */
  default Role getRole(int id) {
    return existing(findRole(id), "Role with id=" + id + " not found");
  }

  /** The roles of these workspaces, or every role when null. */
  List<Role> listRoles(Collection<String> workspaces);

  /** New name and/or description (null: unchanged). */
  Role updateRole(int id, String name, String description);

  void deleteRole(int id);

  RolePermission addRolePermission(int roleId, String type, String pattern, String permission);

  Optional<RolePermission> findRolePermission(int id);

  /** RESOURCE_DOES_NOT_EXIST {@code Role permission with id=X not found}. */
  default RolePermission getRolePermission(int id) {
    return existing(findRolePermission(id), "Role permission with id=" + id + " not found");
  }

  /** The value found, else RESOURCE_DOES_NOT_EXIST with {@code notFound} as the message. */
  private static <T> T existing(Optional<T> found, String notFound) {
    return found.orElseThrow(
        () -> new MlflowException(ErrorCode.RESOURCE_DOES_NOT_EXIST, notFound));
  }

  void removeRolePermission(int id);

  RolePermission updateRolePermission(int id, String permission);

  List<RolePermission> listRolePermissions(int roleId);

  RoleAssignment assignRole(int userId, int roleId);

  void unassignRole(int userId, int roleId);

  /** The roles a user holds, with their permissions. */
  List<Role> listUserRoles(int userId);

  List<RoleAssignment> listRoleUsers(int roleId);

  /** The workspaces of the roles a user holds. */
  List<String> userWorkspaces(int userId);
}
