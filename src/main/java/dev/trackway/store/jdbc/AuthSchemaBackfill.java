package dev.trackway.store.jdbc;

import static dev.trackway.store.AuthStore.DEFAULT_WORKSPACE;

import dev.trackway.compat.PyUrl;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Auth revision {@code e5f6a7b8c9d0}: the grants of the per-resource tables of MLflow before 3.18
 * become rows of each user's {@code __user_<id>__} role, as MLflow's migration does it. Resource
 * grants other than READ/USE/EDIT/MANAGE are dropped; workspace grants become USE or MANAGE (READ:
 * USE; EDIT: USE plus EDIT on every resource type). The old tables stay as they are.
 */
final class AuthSchemaBackfill {
  private static final Set<String> RESOURCE_LEVELS = Set.of("READ", "USE", "EDIT", "MANAGE");
  private static final List<String> FAN_OUT =
      List.of(
          "experiment",
          "registered_model",
          "scorer",
          "gateway_secret",
          "gateway_endpoint",
          "gateway_model_definition");

  /** One grant to mirror: (user, workspace, type, pattern, permission). */
  private record Mirror(int userId, String workspace, String type, String pattern, String level) {}

  private AuthSchemaBackfill() {}

  static void run(Connection c) throws SQLException {
    List<Mirror> all = new ArrayList<>();
    for (Object[] r : rows(c, "SELECT user_id, workspace, permission FROM workspace_permissions")) {
      int user = ((Number) r[0]).intValue();
      String ws = (String) r[1];
      String p = (String) r[2];
      if (p.equals("EDIT")) {
        all.add(new Mirror(user, ws, "workspace", "*", "USE"));
        for (String type : FAN_OUT) {
          all.add(new Mirror(user, ws, type, "*", "EDIT"));
        }
      } else {
        String level = p.equals("READ") ? "USE" : p;
        if (level.equals("USE") || level.equals("MANAGE")) {
          all.add(new Mirror(user, ws, "workspace", "*", level));
        }
      }
    }
    for (Object[] r :
        rows(c, "SELECT user_id, experiment_id, permission FROM experiment_permissions")) {
      resource(all, r[0], DEFAULT_WORKSPACE, "experiment", (String) r[1], r[2]);
    }
    for (Object[] r :
        rows(c, "SELECT user_id, workspace, name, permission FROM registered_model_permissions")) {
      resource(all, r[0], (String) r[1], "registered_model", (String) r[2], r[3]);
    }
    for (Object[] r :
        rows(c, "SELECT user_id, experiment_id, scorer_name, permission FROM scorer_permissions")) {
      resource(
          all, r[0], DEFAULT_WORKSPACE, "scorer", r[1] + "/" + PyUrl.quote((String) r[2]), r[3]);
    }
    for (String[] g :
        new String[][] {
          {"gateway_secret_permissions", "secret_id", "gateway_secret"},
          {"gateway_endpoint_permissions", "endpoint_id", "gateway_endpoint"},
          {
            "gateway_model_definition_permissions",
            "model_definition_id",
            "gateway_model_definition"
          }
        }) {
      for (Object[] r : rows(c, "SELECT user_id, " + g[1] + ", permission FROM " + g[0])) {
        resource(all, r[0], DEFAULT_WORKSPACE, g[2], (String) r[1], r[2]);
      }
    }
    for (Mirror m : all) {
      int role = syntheticRole(c, m.userId(), m.workspace());
      boolean exists =
          Jdbc.exists(
              c,
              SqlQuery.of(
                  "SELECT id FROM role_permissions WHERE role_id = ? AND resource_type = ? AND"
                      + " resource_pattern = ?",
                  role,
                  m.type(),
                  m.pattern()));
      if (!exists) {
        Jdbc.update(
            c,
            "INSERT INTO role_permissions (role_id, resource_type, resource_pattern, permission)"
                + " VALUES (?, ?, ?, ?)",
            role,
            m.type(),
            m.pattern(),
            m.level());
      }
    }
  }

  private static void resource(
      List<Mirror> all, Object user, String ws, String type, String pattern, Object level) {
    if (level != null && RESOURCE_LEVELS.contains(level.toString())) {
      all.add(new Mirror(((Number) user).intValue(), ws, type, pattern, level.toString()));
    }
  }

  private static List<Object[]> rows(Connection c, String sql) throws SQLException {
    return Jdbc.list(
        c,
        SqlQuery.of(sql),
        rs -> {
          Object[] row = new Object[rs.getMetaData().getColumnCount()];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
          }
          return row;
        });
  }

  /** The user's {@code __user_<id>__} role in the workspace, created and assigned if needed. */
  static int syntheticRole(Connection c, int userId, String workspace) throws SQLException {
    String name = "__user_" + userId + "__";
    Integer role =
        Jdbc.first(
            c,
            SqlQuery.of("SELECT id FROM roles WHERE workspace = ? AND name = ?", workspace, name),
            rs -> rs.getInt(1));
    if (role == null) {
      role =
          (int)
              Jdbc.insertReturningKey(
                  c,
                  SqlQuery.of(
                      "INSERT INTO roles (name, workspace, description) VALUES (?, ?, NULL)",
                      name,
                      workspace));
    } else {
      Integer other =
          Jdbc.first(
              c,
              SqlQuery.of(
                  "SELECT user_id FROM user_role_assignments WHERE role_id = ? AND user_id != ?",
                  role,
                  userId),
              rs -> rs.getInt(1));
      if (other != null) {
        throw new IllegalStateException(
            "Role '"
                + name
                + "' in workspace '"
                + workspace
                + "' collides with the reserved synthetic namespace '__user_<id>__' but is"
                + " assigned to other users (e.g. user_id="
                + other
                + "). Rename the conflicting role before running this migration.");
      }
    }
    if (!Jdbc.exists(
        c,
        SqlQuery.of(
            "SELECT id FROM user_role_assignments WHERE user_id = ? AND role_id = ?",
            userId,
            role))) {
      Jdbc.update(
          c, "INSERT INTO user_role_assignments (user_id, role_id) VALUES (?, ?)", userId, role);
    }
    return role;
  }
}
