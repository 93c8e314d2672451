package dev.trackway.store.jdbc;

import dev.trackway.domain.auth.Role;
import dev.trackway.domain.auth.RoleAssignment;
import dev.trackway.domain.auth.RolePermission;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.SqlBuilder;
import dev.trackway.store.jdbc.sql.SqlQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The roles part of {@link JdbcAuthStore}: roles, role permissions and assignments. */
@ApplicationScoped
class JdbcAuthRoles {
  @Inject AuthDatabase db;
  @Inject JdbcAuthStore store;

  public Role createRole(String name, String workspace, String description) {
    String duplicate = "Role (name=" + name + ", workspace=" + workspace + ") already exists.";
    return db.write(
        c -> {
          long id =
              store.insertNew(
                  c,
                  roleByName(c, workspace, name) != null,
                  duplicate,
                  SqlQuery.of(
                      "INSERT INTO roles (name, workspace, description) VALUES (?, ?, ?)",
                      name,
                      workspace,
                      description));
          return new Role((int) id, name, workspace, description, List.of());
        });
  }

  private Integer roleByName(Connection c, String workspace, String name) throws SQLException {
    return Jdbc.first(
        c,
        SqlQuery.of(
            "SELECT id FROM roles WHERE workspace = ? AND " + store.binaryEquals("name"),
            workspace,
            name),
        rs -> rs.getInt(1));
  }

  public Optional<Role> findRole(int id) {
    return db.read(
        c -> roles(c, new SqlBuilder().sql(" WHERE id = ").param(id)).stream().findFirst());
  }

  /** Roles (with their permissions) selected by {@code where}, in id order. */
  private static List<Role> roles(Connection c, SqlBuilder where) throws SQLException {
    SqlBuilder sql = new SqlBuilder().sql("SELECT id, name, workspace, description FROM roles");
    sql.append(where).sql(" ORDER BY id");
    Map<Integer, Role> byId = new LinkedHashMap<>();
    Jdbc.forEach(
        c,
        sql.build(),
        0,
        rs ->
            byId.put(
                rs.getInt(1),
                new Role(
                    rs.getInt(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    new ArrayList<>())));
    if (byId.isEmpty()) {
      return List.of();
    }
    for (RolePermission p :
        Jdbc.list(
            c,
            new SqlBuilder()
                .sql(JdbcAuthStore.ROLE_PERMISSION_COLUMNS + " WHERE role_id IN ")
                .paramList(List.copyOf(byId.keySet()))
                .sql(" ORDER BY id")
                .build(),
            JdbcAuthStore.ROLE_PERMISSION)) {
      byId.get(p.roleId()).permissions().add(p);
    }
    List<Role> out = new ArrayList<>();
    for (Role r : byId.values()) {
      out.add(
          new Role(r.id(), r.name(), r.workspace(), r.description(), List.copyOf(r.permissions())));
    }
    return out;
  }

  public List<Role> listRoles(Collection<String> workspaces) {
    if (workspaces != null && workspaces.isEmpty()) {
      return List.of();
    }
    return db.read(
        c ->
            roles(
                c,
                workspaces == null
                    ? new SqlBuilder()
                    : new SqlBuilder()
                        .sql(" WHERE workspace IN ")
                        .paramList(List.copyOf(workspaces))));
  }

  public Role updateRole(int id, String name, String description) {
    db.write(
        c -> {
          Role role =
              roles(c, new SqlBuilder().sql(" WHERE id = ").param(id)).stream()
                  .findFirst()
                  .orElseThrow(() -> roleNotFound(id));
          if (name != null) {
            Integer other = roleByName(c, role.workspace(), name);
            if (other != null && other != id) {
              throw JdbcAuthStore.exists(
                  "Role with name=" + name + " already exists in workspace=" + role.workspace());
            }
            Jdbc.update(c, "UPDATE roles SET name = ? WHERE id = ?", name, id);
          }
          if (description != null) {
            Jdbc.update(c, "UPDATE roles SET description = ? WHERE id = ?", description, id);
          }
          return null;
        });
    return store.getRole(id);
  }

  private static MlflowException roleNotFound(int id) {
    return new MlflowException(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, "Role with id=" + id + " not found");
  }

  public void deleteRole(int id) {
    db.write(
        c -> {
          if (!Jdbc.exists(c, SqlQuery.of("SELECT id FROM roles WHERE id = ?", id))) {
            throw roleNotFound(id);
          }
          deleteRole(c, id);
          return null;
        });
  }

  static void deleteRole(Connection c, int id) throws SQLException {
    Jdbc.update(c, "DELETE FROM role_permissions WHERE role_id = ?", id);
    Jdbc.update(c, "DELETE FROM user_role_assignments WHERE role_id = ?", id);
    Jdbc.update(c, "DELETE FROM roles WHERE id = ?", id);
  }

  public RolePermission addRolePermission(
      int roleId, String type, String pattern, String permission) {
    String duplicate =
        "Role permission (role_id="
            + roleId
            + ", resource_type="
            + type
            + ", resource_pattern="
            + pattern
            + ") already exists.";
    return db.write(
        c -> {
          if (!Jdbc.exists(c, SqlQuery.of("SELECT id FROM roles WHERE id = ?", roleId))) {
            throw roleNotFound(roleId);
          }
          long id =
              store.insertNew(
                  c,
                  store.grantId(c, roleId, type, pattern) != null,
                  duplicate,
                  JdbcAuthStore.grantInsert(roleId, type, pattern, permission));
          return new RolePermission((int) id, roleId, type, pattern, permission);
        });
  }

  public Optional<RolePermission> findRolePermission(int id) {
    return db.read(
        c ->
            Optional.ofNullable(
                Jdbc.first(
                    c,
                    SqlQuery.of(JdbcAuthStore.ROLE_PERMISSION_COLUMNS + " WHERE id = ?", id),
                    JdbcAuthStore.ROLE_PERMISSION)));
  }

  public void removeRolePermission(int id) {
    store.getRolePermission(id);
    db.write(c -> Jdbc.update(c, "DELETE FROM role_permissions WHERE id = ?", id));
  }

  public RolePermission updateRolePermission(int id, String permission) {
    RolePermission p = store.getRolePermission(id);
    db.write(
        c ->
            Jdbc.update(
                c, "UPDATE role_permissions SET permission = ? WHERE id = ?", permission, id));
    return new RolePermission(
        p.id(), p.roleId(), p.resourceType(), p.resourcePattern(), permission);
  }

  public List<RolePermission> listRolePermissions(int roleId) {
    store.getRole(roleId);
    return db.read(
        c ->
            Jdbc.list(
                c,
                SqlQuery.of(
                    JdbcAuthStore.ROLE_PERMISSION_COLUMNS + " WHERE role_id = ? ORDER BY id",
                    roleId),
                JdbcAuthStore.ROLE_PERMISSION));
  }

  public RoleAssignment assignRole(int userId, int roleId) {
    return db.write(
        c -> {
          if (!Jdbc.exists(c, SqlQuery.of("SELECT id FROM users WHERE id = ?", userId))) {
            throw new MlflowException(
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "User with id=" + userId + " not found");
          }
          if (!Jdbc.exists(c, SqlQuery.of("SELECT id FROM roles WHERE id = ?", roleId))) {
            throw roleNotFound(roleId);
          }
          String duplicate =
              "User role assignment (user_id="
                  + userId
                  + ", role_id="
                  + roleId
                  + ") already exists";
          long id =
              store.insertNew(
                  c,
                  assignment(c, userId, roleId) != null,
                  duplicate,
                  SqlQuery.of(
                      "INSERT INTO user_role_assignments (user_id, role_id) VALUES (?, ?)",
                      userId,
                      roleId));
          return new RoleAssignment((int) id, userId, roleId);
        });
  }

  private static Integer assignment(Connection c, int userId, int roleId) throws SQLException {
    return Jdbc.first(
        c,
        SqlQuery.of(
            "SELECT id FROM user_role_assignments WHERE user_id = ? AND role_id = ?",
            userId,
            roleId),
        rs -> rs.getInt(1));
  }

  public void unassignRole(int userId, int roleId) {
    db.write(
        c -> {
          Integer id = assignment(c, userId, roleId);
          if (id == null) {
            throw new MlflowException(
                ErrorCode.RESOURCE_DOES_NOT_EXIST,
                "User role assignment (user_id=" + userId + ", role_id=" + roleId + ") not found");
          }
          return Jdbc.update(c, "DELETE FROM user_role_assignments WHERE id = ?", id);
        });
  }

  public List<Role> listUserRoles(int userId) {
    return db.read(
        c ->
            roles(
                c,
                new SqlBuilder()
                    .sql(" WHERE id IN (SELECT role_id FROM user_role_assignments WHERE user_id = ")
                    .param(userId)
                    .sql(")")));
  }

  public List<RoleAssignment> listRoleUsers(int roleId) {
    store.getRole(roleId);
    return db.read(
        c ->
            Jdbc.list(
                c,
                SqlQuery.of(
                    "SELECT id, user_id, role_id FROM user_role_assignments WHERE role_id = ?"
                        + " ORDER BY id",
                    roleId),
                rs -> new RoleAssignment(rs.getInt(1), rs.getInt(2), rs.getInt(3))));
  }

  public List<String> userWorkspaces(int userId) {
    return db.read(
        c ->
            Jdbc.list(
                c,
                SqlQuery.of(
                    "SELECT DISTINCT r.workspace FROM roles r JOIN user_role_assignments a ON"
                        + " a.role_id = r.id WHERE a.user_id = ? ORDER BY r.workspace",
                    userId),
                rs -> rs.getString(1)));
  }
}
