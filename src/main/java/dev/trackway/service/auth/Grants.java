package dev.trackway.service.auth;

import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.ReadScope;
import dev.trackway.store.AuthStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The precedence rules of MLflow 3.18's permission model over the grants one caller holds (loaded
 * once per request), pure and database-free ({@code requirements.py} and the resolvers of {@code
 * mlflow/server/auth/__init__.py}, workspaces disabled):
 *
 * <ul>
 *   <li>{@link #fold}: several rows can match one key; a DENY among them wins, else the highest; no
 *       row is "silent" (null). A {@code (workspace, *, MANAGE)} row makes every key MANAGE.
 *   <li>{@link #floor}: a positive grant never resolves below the default permission.
 *   <li>{@link #point}: the permission on one resource, the default when silent.
 *   <li>{@link #authorize}: every requirement must hold, each decided by the first of its rungs
 *       that holds a grant (tier override), else by the default against the last rung's action.
 * </ul>
 */
public final class Grants {
  private final List<Grant> rows;
  private final Permission defaultPermission;
  private final boolean workspaceAdmin;

  public Grants(List<Grant> rows, Permission defaultPermission) {
    this.rows = List.copyOf(rows);
    this.defaultPermission = defaultPermission;
    this.workspaceAdmin =
        rows.stream()
            .anyMatch(
                g ->
                    g.type().equals(ResourceTypes.WORKSPACE)
                        && g.pattern().equals("*")
                        && g.permission().equals(Permission.MANAGE.name()));
  }

  /** The grants of the rows of workspace {@code default} (the only one without workspaces). */
  public static Grants of(List<GrantRow> rows, Permission defaultPermission) {
    List<Grant> grants = new ArrayList<>();
    for (GrantRow r : rows) {
      if (r.workspace().equals(AuthStore.DEFAULT_WORKSPACE)) {
        grants.add(new Grant(r.resourceType(), r.resourcePattern(), r.permission()));
      }
    }
    return new Grants(grants, defaultPermission);
  }

  public List<Grant> rows() {
    return rows;
  }

  public Permission defaultPermission() {
    return defaultPermission;
  }

  /** A {@code (workspace, *, MANAGE)} holder: MANAGE on everything, DENY included. */
  public boolean workspaceAdmin() {
    return workspaceAdmin;
  }

  /** The grant rows matching {@code (type, id)} folded into one permission; null when none. */
  public Permission fold(String type, String id) {
    if (workspaceAdmin) {
      return Permission.MANAGE;
    }
    boolean denied = false;
    Permission best = null;
    for (Grant g : rows) {
      if (!g.type().equals(type) || !ResourceTypes.matches(g.pattern(), type, id)) {
        continue;
      }
      Permission p = Permission.parse(g.permission());
      if (p == Permission.DENY) {
        denied = true;
      } else {
        // an unknown name in the table counts as priority 0, as in MLflow
        Permission level = p == null ? Permission.NO_PERMISSIONS : p;
        best = best == null ? level : Permission.max(best, level);
      }
    }
    return denied ? Permission.DENY : best;
  }

  /** MLflow's {@code floor_positive_permission}: DENY and NO_PERMISSIONS stay what they are. */
  public Permission floor(Permission p) {
    if (p == Permission.DENY || p == Permission.NO_PERMISSIONS) {
      return p;
    }
    return Permission.max(p, defaultPermission);
  }

  /** The caller's permission on one resource (MLflow's {@code _get_role_permission_or_default}). */
  public Permission point(String type, String id) {
    Permission f = fold(type, id);
    return f == null ? defaultPermission : floor(f);
  }

  /** The governing permission of a requirement and whether it satisfies the rung's action. */
  public boolean satisfied(Requirement requirement) {
    List<Requirement.Rung> rungs = requirement.rungs();
    for (Requirement.Rung rung : rungs) {
      Permission f = fold(rung.type(), rung.id());
      if (f != null) {
        return rung.action().metBy(f.denied() ? f : floor(f));
      }
    }
    return rungs.get(rungs.size() - 1).action().metBy(floor(defaultPermission));
  }

  /** Allowed only if every requirement is met (MLflow's {@code authorize}). */
  public boolean authorize(Requirement... requirements) {
    for (Requirement r : requirements) {
      if (!satisfied(r)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the tier {@code (type, *)} is explicitly denied ({@code tier_ok} is its negation). */
  public boolean tierDenied(String type) {
    Permission f = fold(type, "*");
    return f != null && f.denied();
  }

  /**
   * MLflow's listing predicate ({@code _role_based_read_predicate}): like {@link #point}, but when
   * no grant names the resource a {@code workspace} grant decides first (USE or MANAGE: readable).
   */
  public boolean listRead(String type, String id) {
    Permission f = fold(type, id);
    if (f == null) {
      Permission ws = fold(ResourceTypes.WORKSPACE, "*");
      if (ws != null) {
        return floor(ws).canRead();
      }
      return defaultPermission.canRead();
    }
    return floor(f).canRead();
  }

  /**
   * The resources of {@code type} a listing shows, as a scope: exactly the ids {@link #listRead}
   * accepts (a resource no grant names is readable iff {@code *} is).
   */
  public ReadScope listScope(String type) {
    if (workspaceAdmin) {
      return ReadScope.ALL;
    }
    Set<String> named = namedIds(type);
    if (listRead(type, "*")) {
      return ReadScope.allBut(filter(named, id -> !listRead(type, id)));
    }
    return ReadScope.only(filter(named, id -> listRead(type, id)));
  }

  /**
   * The experiments SearchExperiments shows (MLflow's {@code _scope_experiment_search_query}):
   * {@link #listScope} when a readable {@code (experiment, *)} grant exists or the default can
   * read; otherwise only experiments a grant names (a workspace grant alone lists none, unlike
   * runs).
   */
  public ReadScope experimentSearchScope() {
    if (workspaceAdmin || broadExperimentRead()) {
      return listScope(ResourceTypes.EXPERIMENT);
    }
    return ReadScope.only(
        filter(namedIds(ResourceTypes.EXPERIMENT), id -> listRead(ResourceTypes.EXPERIMENT, id)));
  }

  /** Whether an experiment is listed by {@link #experimentSearchScope} (one id, no id filter). */
  public boolean experimentListed(String experimentId) {
    String id = ResourceTypes.canonicalExperimentId(experimentId);
    if (workspaceAdmin || broadExperimentRead()) {
      return listRead(ResourceTypes.EXPERIMENT, id);
    }
    return namedIds(ResourceTypes.EXPERIMENT).contains(id)
        && listRead(ResourceTypes.EXPERIMENT, id);
  }

  /** Whether some experiment is listed at all (BatchGetTraces' gate). */
  public boolean anyExperimentListed() {
    if (workspaceAdmin) {
      return true;
    }
    if (broadExperimentRead()) {
      return listRead(ResourceTypes.EXPERIMENT, "*");
    }
    return !experimentSearchScope().ids().isEmpty();
  }

  private boolean broadExperimentRead() {
    for (Grant g : rows) {
      if (g.type().equals(ResourceTypes.EXPERIMENT) && g.pattern().equals("*")) {
        Permission p = Permission.parse(g.permission());
        if (p != null && p.canRead()) {
          return true;
        }
      }
    }
    return defaultPermission.canRead();
  }

  /** The ids grants of {@code type} name (not {@code *}). */
  private Set<String> namedIds(String type) {
    Set<String> ids = new LinkedHashSet<>();
    for (Grant g : rows) {
      if (g.type().equals(type) && !g.pattern().equals("*")) {
        ids.add(g.pattern());
      }
    }
    return ids;
  }

  private static Set<String> filter(Set<String> ids, Predicate<String> keep) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids) {
      if (keep.test(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
