package dev.trackway.service.auth;

import dev.trackway.error.MlflowException;
import java.util.List;
import java.util.Locale;

/**
 * MLflow's permission levels ({@code mlflow/server/auth/permissions.py}): {@code READ < USE < EDIT
 * < MANAGE}, {@code NO_PERMISSIONS} (meaningful only as the default permission) and {@code DENY},
 * an explicit veto below everything, which no capability survives.
 */
public enum Permission {
  READ(1, true, false, false, false, false),
  USE(2, true, true, false, false, false),
  EDIT(3, true, true, true, false, false),
  MANAGE(4, true, true, true, true, true),
  NO_PERMISSIONS(0, false, false, false, false, false),
  DENY(-1, false, false, false, false, false);

  /** The order MLflow lists them in its error messages. */
  static final List<Permission> LISTED = List.of(READ, USE, EDIT, MANAGE, NO_PERMISSIONS, DENY);

  final int priority;
  final boolean canRead;
  final boolean canUse;
  final boolean canUpdate;
  final boolean canDelete;
  final boolean canManage;

  Permission(
      int priority,
      boolean canRead,
      boolean canUse,
      boolean canUpdate,
      boolean canDelete,
      boolean canManage) {
    this.priority = priority;
    this.canRead = canRead;
    this.canUse = canUse;
    this.canUpdate = canUpdate;
    this.canDelete = canDelete;
    this.canManage = canManage;
  }

  public boolean canRead() {
    return canRead;
  }

  public boolean canUse() {
    return canUse;
  }

  public boolean canUpdate() {
    return canUpdate;
  }

  public boolean canDelete() {
    return canDelete;
  }

  public boolean canManage() {
    return canManage;
  }

  public boolean denied() {
    return this == DENY;
  }

  /** MLflow's {@code max_permission}: the higher priority. */
  public static Permission max(Permission a, Permission b) {
    return b.priority > a.priority ? b : a;
  }

  /** The level named exactly so, or null. */
  public static Permission parse(String name) {
    if (name == null) {
      return null;
    }
    for (Permission p : values()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The named level, or MLflow's INVALID_PARAMETER_VALUE for an unknown name. */
  public static Permission of(String name) {
    Permission p = parse(name);
    if (p == null) {
      throw MlflowException.invalidParameterValue(
          "Invalid permission '%s'. Valid permissions are: %s", name, pyTuple(LISTED));
    }
    return p;
  }

  /** Python's repr of a tuple of names: {@code ('READ', 'USE')}. */
  static String pyTuple(List<?> items) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('\'').append(String.valueOf(items.get(i))).append('\'');
    }
    if (items.size() == 1) {
      sb.append(',');
    }
    return sb.append(')').toString();
  }

  /** For log lines. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
