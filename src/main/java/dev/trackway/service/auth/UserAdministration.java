package dev.trackway.service.auth;

import dev.trackway.compat.WerkzeugPasswords;
import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.Role;
import dev.trackway.domain.auth.User;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.AuthStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MLflow 3.18's user API ({@code users/*}) and per-user grants ({@code users/permissions/*}): the
 * handlers' checks and messages. Who may call each is decided by {@link AdminAccess}.
 */
@ApplicationScoped
public class UserAdministration {
  static final int MAX_USERNAME_LENGTH = 255;

  @Inject AuthStore store;
  @Inject Credentials credentials;
  @Inject AdminAccess admin;
  @Inject AccessControl access;

  /** A user, their roles (as the caller may see them). */
  public record UserWithRoles(User user, List<Role> roles) {}

  /** MLflow's password rule: at least 12 characters. */
  static void validatePassword(String password) {
    if (password == null || password.codePointCount(0, password.length()) < 12) {
      throw MlflowException.invalidParameterValue("Password must be at least 12 characters.");
    }
  }

  /** MLflow's {@code _validate_text_field}: no NUL, at most {@code limit} characters. */
  static void validateText(String field, String value, int limit) {
    if (value == null) {
      return;
    }
    if (value.indexOf('\0') >= 0) {
      throw MlflowException.invalidParameterValue(
          "'%s' cannot contain NUL (0x00) characters", field);
    }
    if (value.length() > limit) {
      throw MlflowException.invalidParameterValue(
          "'%s' exceeds the maximum length of %d characters", field, limit);
    }
  }

  public User create(String username, String password) {
    if (username == null || username.isEmpty()) {
      throw MlflowException.invalidParameterValue("Username cannot be empty.");
    }
    validateText("Username", username, MAX_USERNAME_LENGTH);
    validatePassword(password);
    return store.createUser(username, WerkzeugPasswords.hash(password), false);
  }

  public User get(String username) {
    return store.getUser(username);
  }

  /** Every user with the roles the caller may see (all for admins and for themselves). */
  public List<UserWithRoles> list(Caller caller) {
    Set<String> adminOf = caller.admin() ? null : admin.workspaceAdminOf(caller);
    List<UserWithRoles> out = new ArrayList<>();
    for (User u : store.listUsers()) {
      List<Role> roles = store.listUserRoles(u.id());
      if (adminOf != null && !u.username().equals(caller.username())) {
        roles = roles.stream().filter(r -> adminOf.contains(r.workspace())).toList();
      }
      out.add(new UserWithRoles(u, roles));
    }
    return out;
  }

  /**
   * Changes a password; a user changing their own (admins too) must give the current one, and a
   * different new one.
   */
  public void updatePassword(Caller caller, String username, String password, String current) {
    if (caller != null && caller.username().equals(username)) {
      if (current == null || current.isEmpty()) {
        throw MlflowException.invalidParameterValue(
            "Current password is required when changing your own password.");
      }
      if (!credentials.matches(username, current)) {
        throw MlflowException.invalidParameterValue("Current password does not match.");
      }
      if (current.equals(password)) {
        throw MlflowException.invalidParameterValue(
            "New password must differ from the current password.");
      }
    }
    store.getUser(username);
    validatePassword(password);
    store.updatePassword(username, WerkzeugPasswords.hash(password));
    credentials.invalidate(username);
  }

  public void updateAdmin(String username, boolean isAdmin) {
    store.updateAdmin(username, isAdmin);
    credentials.invalidate(username);
  }

  public void delete(Caller caller, String username) {
    if (caller != null && caller.username().equals(username)) {
      throw new MlflowException(
          ErrorCode.BAD_REQUEST,
          "Users cannot delete their own account. Ask another admin to delete this user instead.");
    }
    store.deleteUser(username);
    credentials.invalidate(username);
  }

  /**
   * Every grant of every role the user holds (all workspaces), filtered to the caller's admin
   * workspaces unless the caller is an admin or the user.
   */
  public List<GrantRow> permissions(Caller caller, String username) {
    User u = store.getUser(username);
    List<GrantRow> rows = store.grantsOf(u.id(), List.of());
    if (caller != null && !caller.admin() && !caller.username().equals(username)) {
      Set<String> adminOf = admin.workspaceAdminOf(caller);
      rows = rows.stream().filter(r -> adminOf.contains(r.workspace())).toList();
    }
    return rows;
  }

  public boolean isAdmin(String username) {
    return store.getUser(username).isAdmin();
  }

  /** The user's roles, filtered like {@link #permissions}. */
  public List<Role> roles(Caller caller, String username) {
    User u = store.getUser(username);
    List<Role> roles = store.listUserRoles(u.id());
    if (caller != null && !caller.admin() && !caller.username().equals(username)) {
      Set<String> adminOf = admin.workspaceAdminOf(caller);
      roles = roles.stream().filter(r -> adminOf.contains(r.workspace())).toList();
    }
    return roles;
  }

  // ------------------------------------------------------------------ per-user grants

  /** {@code users/permissions/grant}: a new row of the user's own role (duplicate: 400). */
  public void grant(String username, String type, String resourceId, String permission) {
    User u = store.getUser(username);
    String pattern = checkedPattern(type, resourceId);
    ResourceTypes.validatePermission(permission, type);
    if (!store.insertUserGrant(u.id(), type, pattern, permission)) {
      throw MlflowException.resourceAlreadyExists(
          "Permission for user=%s on resource_type=%s, resource_id=%s already exists.",
          username, type, pattern);
    }
  }

  /** {@code users/permissions/revoke}: removes that row (none: 404). */
  public void revoke(String username, String type, String resourceId) {
    User u = store.getUser(username);
    AdminAccess.rejectWorkspaceType(type);
    ResourceTypes.validateType(type);
    String pattern = ResourceTypes.canonicalId(type, resourceId);
    if (!store.deleteUserGrant(u.id(), type, pattern)) {
      throw MlflowException.resourceDoesNotExist(
          "Permission for user=%s on resource_type=%s, resource_id=%s not found.",
          username, type, pattern);
    }
  }

  private static String checkedPattern(String type, String resourceId) {
    AdminAccess.rejectWorkspaceType(type);
    ResourceTypes.validatePattern(resourceId, type);
    return ResourceTypes.canonicalId(type, resourceId);
  }

  /** {@code users/permissions/get}: the user's effective permission, as a point check. */
  public Permission effective(String username, String type, String resourceId) {
    User u = store.getUser(username);
    return admin.resolve(u, type, resourceId);
  }
}
