package dev.trackway.service.auth;

/**
 * What an operation needs of a permission (MLflow's action verbs in {@code requirements.py}):
 * {@code create} gates on {@code can_use}; {@code NOT_DENIED} only requires that the governing
 * grant is not an explicit DENY.
 */
public enum Action {
  READ,
  USE,
  UPDATE,
  DELETE,
  MANAGE,
  CREATE,
  NOT_DENIED;

  /** Whether {@code p} satisfies this action. */
  public boolean metBy(Permission p) {
    return switch (this) {
      case READ -> p.canRead();
      case USE, CREATE -> p.canUse();
      case UPDATE -> p.canUpdate();
      case DELETE -> p.canDelete();
      case MANAGE -> p.canManage();
      case NOT_DENIED -> !p.denied();
    };
  }
}
