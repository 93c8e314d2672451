package dev.trackway.service.auth;

import dev.trackway.error.MlflowException;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The resource types grants name ({@code role_permissions.resource_type}), which of them take an id
 * pattern besides {@code *}, the id form grants are stored and compared in, and MLflow's validation
 * of a grant's type, pattern and permission (with MLflow's messages).
 */
public final class ResourceTypes {
  public static final String WORKSPACE = "workspace";
  public static final String EXPERIMENT = "experiment";
  public static final String REGISTERED_MODEL = "registered_model";
  public static final String PROMPT = "prompt";
  public static final String SCORER = "scorer";
  public static final String RUN = "run";
  public static final String TRACE = "trace";
  public static final String ASSESSMENT = "assessment";
  public static final String LOGGED_MODEL = "logged_model";
  public static final String REVIEW_QUEUE = "review_queue";
  public static final String REGISTERED_MODEL_VERSION = "registered_model_version";
  public static final String PROMPT_VERSION = "prompt_version";
  public static final String SCORER_VERSION = "scorer_version";
  public static final String SKILL = "skill";

  /** Types whose grants may name one resource. */
  static final Set<String> WITH_IDS =
      Set.of(
          EXPERIMENT,
          REGISTERED_MODEL,
          PROMPT,
          SCORER,
          "gateway_secret",
          "gateway_endpoint",
          "gateway_model_definition",
          "mcp_server",
          SKILL);

  /** Types whose grants are {@code *} only. */
  static final Set<String> WILDCARD_ONLY =
      Set.of(
          WORKSPACE,
          RUN,
          TRACE,
          ASSESSMENT,
          LOGGED_MODEL,
          REVIEW_QUEUE,
          REGISTERED_MODEL_VERSION,
          PROMPT_VERSION,
          SCORER_VERSION,
          "mcp_server_version");

  static final List<String> ALL;

  static {
    TreeSet<String> all = new TreeSet<>(WITH_IDS);
    all.addAll(WILDCARD_ONLY);
    ALL = List.copyOf(all);
  }

  private static final List<Permission> RESOURCE_GRANTABLE =
      List.of(Permission.DENY, Permission.EDIT, Permission.MANAGE, Permission.READ, Permission.USE);
  private static final List<Permission> WORKSPACE_GRANTABLE =
      List.of(Permission.MANAGE, Permission.USE);
  private static final List<Permission> SKILL_GRANTABLE =
      List.of(Permission.DENY, Permission.EDIT, Permission.MANAGE, Permission.READ);
  private static final Pattern PY_INT = Pattern.compile("\\s*[+-]?\\d+(_\\d+)*\\s*");

  private ResourceTypes() {}

  public static boolean isValid(String type) {
    return WITH_IDS.contains(type) || WILDCARD_ONLY.contains(type);
  }

  /** MLflow's {@code _validate_resource_type}. */
  public static void validateType(String type) {
    if (!isValid(type)) {
      throw MlflowException.invalidParameterValue(
          "Invalid resource type '%s'. Valid resource types are: %s",
          type, Permission.pyTuple(ALL));
    }
  }

  /** MLflow's {@code _validate_resource_pattern}: an id only on a type that takes ids. */
  public static void validatePattern(String pattern, String type) {
    validateType(type);
    if (!"*".equals(pattern) && !WITH_IDS.contains(type)) {
      throw MlflowException.invalidParameterValue(
          "Invalid resource_pattern '%s' for resource_type='%s'. This resource type supports"
              + " only wildcard ('*') grants.",
          pattern, type);
    }
  }

  /** MLflow's {@code _validate_permission_for_resource_type}. */
  public static Permission validatePermission(String permission, String type) {
    Permission p = Permission.of(permission);
    validateType(type);
    if (type.equals(WORKSPACE)) {
      return onlyOf(p, type, WORKSPACE_GRANTABLE, "Workspace-wide grants accept only: ");
    }
    if (type.equals(SKILL)) {
      return onlyOf(p, type, SKILL_GRANTABLE, "Skill Registry grants accept only: ");
    }
    return onlyOf(p, type, RESOURCE_GRANTABLE, "Resource-level grants accept only: ");
  }

  private static Permission onlyOf(
      Permission p, String type, List<Permission> allowed, String what) {
    if (!allowed.contains(p)) {
      throw MlflowException.invalidParameterValue(
          "Invalid permission '%s' for resource_type='%s'. %s%s.",
          p.name(), type, what, Permission.pyTuple(allowed));
    }
    return p;
  }

  /**
   * The form a grant stores and compares an id in: experiment ids (also the experiment part of a
   * scorer key) as Python's {@code str(int(id))} when they parse, other ids as they are.
   */
  public static String canonicalId(String type, String id) {
    if (id == null) {
      return null;
    }
    if (type.equals(EXPERIMENT)) {
      return canonicalExperimentId(id);
    }
    if (type.equals(SCORER)) {
      int slash = id.indexOf('/');
      return slash < 0
          ? canonicalExperimentId(id)
          : canonicalExperimentId(id.substring(0, slash)) + id.substring(slash);
    }
    return id;
  }

  /** Python's {@code str(int(s))}, or s itself when int() would refuse it. */
  public static String canonicalExperimentId(String s) {
    if (!PY_INT.matcher(s).matches()) {
      return s;
    }
    return new BigInteger(s.strip().replace("_", "").replace("+", "")).toString();
  }

  /** Whether a grant's pattern on {@code type} applies to the resource {@code id}. */
  static boolean matches(String pattern, String type, String id) {
    if ("*".equals(pattern)) {
      return isValid(type);
    }
    return WITH_IDS.contains(type) && id != null && pattern.equals(canonicalId(type, id));
  }
}
