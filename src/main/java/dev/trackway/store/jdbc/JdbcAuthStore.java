package dev.trackway.store.jdbc;

import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.Role;
import dev.trackway.domain.auth.RoleAssignment;
import dev.trackway.domain.auth.RolePermission;
import dev.trackway.domain.auth.User;
import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import dev.trackway.store.AuthStore;
import dev.trackway.store.jdbc.sql.Jdbc;
import dev.trackway.store.jdbc.sql.RowMapper;
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
import java.util.regex.Pattern;

/** {@link AuthStore} on MLflow's auth tables ({@link AuthSchema}), SQLite or MySQL. */
@ApplicationScoped
public class JdbcAuthStore implements AuthStore {
  private static final Pattern SYNTHETIC = Pattern.compile("^__user_\\d+__$");

  /** The per-resource tables of MLflow before 3.18, kept by MLflow; a user's rows go with them. */
  private static final List<String> LEGACY_TABLES =
      List.of(
          "experiment_permissions",
          "registered_model_permissions",
          "scorer_permissions",
          "gateway_secret_permissions",
          "gateway_endpoint_permissions",
          "gateway_model_definition_permissions",
          "workspace_permissions");

  private static final String USER_COLUMNS =
      "SELECT id, username, password_hash, is_admin FROM users";
  private static final RowMapper<User> USER =
      rs -> new User(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4));
  private static final RowMapper<RolePermission> ROLE_PERMISSION =
      rs ->
          new RolePermission(
              rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5));
  private static final String ROLE_PERMISSION_COLUMNS =
      "SELECT id, role_id, resource_type, resource_pattern, permission FROM role_permissions";
  private static final RowMapper<GrantRow> GRANT =
      rs ->
          new GrantRow(
              rs.getInt(1),
              rs.getString(2),
              rs.getString(3),
              rs.getInt(4),
              rs.getString(5),
              rs.getString(6),
              rs.getString(7));
  private static final String GRANT_COLUMNS =
      "SELECT r.id, r.name, r.workspace, rp.id, rp.resource_type, rp.resource_pattern,"
          + " rp.permission FROM role_permissions rp JOIN roles r ON r.id = rp.role_id";

  @Inject AuthDatabase db;

  @Override
  public void open(String databaseUri) {
    db.open(databaseUri);
  }

  // ------------------------------------------------------------------ users

  @Override
  public User createUser(String username, String passwordHash, boolean isAdmin) {
    return db.write(
        c -> {
          if (findUser(c, username).isPresent()) {
            throw exists("User (username=" + username + ") already exists.");
          }
          long id =
              db.duplicateAs(
                  () ->
                      Jdbc.insertReturningKey(
                          c,
                          SqlQuery.of(
                              "INSERT INTO users (username, password_hash, is_admin) VALUES (?, ?,"
                                  + " ?)",
                              username,
                              passwordHash,
                              isAdmin)),
                  () -> exists("User (username=" + username + ") already exists."));
          return new User((int) id, username, passwordHash, isAdmin);
        });
  }

  private Optional<User> findUser(Connection c, String username) throws SQLException {
    return Optional.ofNullable(
        Jdbc.first(
            c, SqlQuery.of(USER_COLUMNS + " WHERE " + binaryEquals("username"), username), USER));
  }

  /** Exact (case-sensitive) match on MySQL too, whose default collation ignores case. */
  private String binaryEquals(String column) {
    return db.vendor() == dev.trackway.store.jdbc.sql.SqlVendor.MYSQL
        ? column + " = ? COLLATE utf8mb4_bin"
        : column + " = ?";
  }

  @Override
  public Optional<User> findUser(String username) {
    return db.read(c -> findUser(c, username));
  }

  @Override
  public Optional<User> findUserById(int id) {
    return db.read(
        c ->
            Optional.ofNullable(
                Jdbc.first(c, SqlQuery.of(USER_COLUMNS + " WHERE id = ?", id), USER)));
  }

  @Override
  public List<User> listUsers() {
    return db.read(c -> Jdbc.list(c, SqlQuery.of(USER_COLUMNS + " ORDER BY id"), USER));
  }

  @Override
  public void updatePassword(String username, String passwordHash) {
    db.write(
        c -> {
          User u = findUser(c, username).orElseThrow(() -> userNotFound(username));
          return Jdbc.update(
              c, "UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, u.id());
        });
  }

  @Override
  public void updateAdmin(String username, boolean isAdmin) {
    db.write(
        c -> {
          User u = findUser(c, username).orElseThrow(() -> userNotFound(username));
          return Jdbc.update(c, "UPDATE users SET is_admin = ? WHERE id = ?", isAdmin, u.id());
        });
  }

  @Override
  public void deleteUser(String username) {
    db.write(
        c -> {
          User u = findUser(c, username).orElseThrow(() -> userNotFound(username));
          List<Integer> own =
              Jdbc.list(
                  c,
                  SqlQuery.of("SELECT id FROM roles WHERE name = ?", synthetic(u.id())),
                  rs -> rs.getInt(1));
          for (int role : own) {
            deleteRole(c, role);
          }
          Jdbc.update(c, "DELETE FROM user_role_assignments WHERE user_id = ?", u.id());
          for (String table : LEGACY_TABLES) {
            if (AuthSchema.tableExists(c, table)) {
              Jdbc.update(c, "DELETE FROM " + table + " WHERE user_id = ?", u.id());
            }
          }
          return Jdbc.update(c, "DELETE FROM users WHERE id = ?", u.id());
        });
  }

  private static MlflowException userNotFound(String username) {
    return new MlflowException(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, "User with username=" + username + " not found");
  }

  private static MlflowException exists(String message) {
    return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }

  static String synthetic(int userId) {
    return "__user_" + userId + "__";
  }

  // ------------------------------------------------------------------ grants

  @Override
  public List<GrantRow> grantsOf(int userId, Collection<String> extraRoleNames) {
    return db.read(
        c -> {
          SqlBuilder sql =
              new SqlBuilder()
                  .sql(
                      GRANT_COLUMNS
                          + " WHERE r.id IN (SELECT role_id FROM user_role_assignments WHERE"
                          + " user_id = ")
                  .param(userId)
                  .sql(")");
          if (!extraRoleNames.isEmpty()) {
            sql.sql(" OR (r.workspace = ")
                .param(DEFAULT_WORKSPACE)
                .sql(" AND r.name IN ")
                .paramList(List.copyOf(extraRoleNames))
                .sql(")");
          }
          sql.sql(" ORDER BY r.id, rp.id");
          return Jdbc.list(c, sql.build(), GRANT);
        });
  }

  @Override
  public void upsertUserGrant(int userId, String type, String pattern, String permission) {
    db.write(
        c -> {
          int role = AuthSchemaBackfill.syntheticRole(c, userId, DEFAULT_WORKSPACE);
          int changed =
              Jdbc.update(
                  c,
                  "UPDATE role_permissions SET permission = ? WHERE role_id = ? AND resource_type"
                      + " = ? AND resource_pattern = ?",
                  permission,
                  role,
                  type,
                  pattern);
          if (changed == 0) {
            insertGrant(c, role, type, pattern, permission);
          }
          return null;
        });
  }

  @Override
  public boolean insertUserGrant(int userId, String type, String pattern, String permission) {
    return db.write(
        c -> {
          int role = AuthSchemaBackfill.syntheticRole(c, userId, DEFAULT_WORKSPACE);
          if (grantId(c, role, type, pattern) != null) {
            return false;
          }
          return db.duplicateAs(
              () -> {
                insertGrant(c, role, type, pattern, permission);
                return true;
              },
              () -> exists("duplicate"));
        });
  }

  @Override
  public boolean deleteUserGrant(int userId, String type, String pattern) {
    return db.write(
        c -> {
          Integer role =
              Jdbc.first(
                  c,
                  SqlQuery.of(
                      "SELECT id FROM roles WHERE workspace = ? AND name = ?",
                      DEFAULT_WORKSPACE,
                      synthetic(userId)),
                  rs -> rs.getInt(1));
          Integer grant = role == null ? null : grantId(c, role, type, pattern);
          if (grant == null) {
            return false;
          }
          Jdbc.update(c, "DELETE FROM role_permissions WHERE id = ?", grant);
          return true;
        });
  }

  private Integer grantId(Connection c, int role, String type, String pattern) throws SQLException {
    return Jdbc.first(
        c,
        SqlQuery.of(
            "SELECT id FROM role_permissions WHERE role_id = ? AND resource_type = ? AND "
                + binaryEquals("resource_pattern"),
            role,
            type,
            pattern),
        rs -> rs.getInt(1));
  }

  private static long insertGrant(
      Connection c, int role, String type, String pattern, String permission) throws SQLException {
    return Jdbc.insertReturningKey(
        c,
        SqlQuery.of(
            "INSERT INTO role_permissions (role_id, resource_type, resource_pattern, permission)"
                + " VALUES (?, ?, ?, ?)",
            role,
            type,
            pattern,
            permission));
  }

  /** Ids of the per-user roles of workspace default. */
  private List<Integer> syntheticRoles(Connection c) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    Jdbc.forEach(
        c,
        SqlQuery.of("SELECT id, name FROM roles WHERE workspace = ?", DEFAULT_WORKSPACE),
        0,
        rs -> {
          if (SYNTHETIC.matcher(rs.getString(2)).matches()) {
            ids.add(rs.getInt(1));
          }
        });
    return ids;
  }

  @Override
  public void deleteUserGrants(String type, String pattern) {
    db.write(
        c -> {
          List<Integer> roles = syntheticRoles(c);
          if (roles.isEmpty()) {
            return 0;
          }
          return Jdbc.update(
              c,
              new SqlBuilder()
                  .sql("DELETE FROM role_permissions WHERE role_id IN ")
                  .paramList(roles)
                  .sql(" AND resource_type = ")
                  .param(type)
                  .sql(" AND " + binaryEquals("resource_pattern"))
                  .bind(List.of(pattern))
                  .build());
        });
  }

  @Override
  public void renameUserGrants(String type, String from, String to) {
    db.write(
        c -> {
          List<Integer> roles = syntheticRoles(c);
          if (roles.isEmpty()) {
            return 0;
          }
          return Jdbc.update(
              c,
              new SqlBuilder()
                  .sql("UPDATE role_permissions SET resource_pattern = ")
                  .param(to)
                  .sql(" WHERE role_id IN ")
                  .paramList(roles)
                  .sql(" AND resource_type = ")
                  .param(type)
                  .sql(" AND " + binaryEquals("resource_pattern"))
                  .bind(List.of(from))
                  .build());
        });
  }

  @Override
  public List<GrantRow> exactGrants(Collection<String> types, Collection<String> patterns) {
    List<String> named = patterns.stream().filter(p -> !p.equals("*")).toList();
    if (types.isEmpty() || named.isEmpty()) {
      return List.of();
    }
    return db.read(
        c ->
            Jdbc.list(
                c,
                new SqlBuilder()
                    .sql(GRANT_COLUMNS + " WHERE r.workspace = ")
                    .param(DEFAULT_WORKSPACE)
                    .sql(" AND rp.resource_type IN ")
                    .paramList(List.copyOf(types))
                    .sql(" AND rp.resource_pattern IN ")
                    .paramList(named)
                    .sql(" ORDER BY r.name, rp.resource_pattern")
                    .build(),
                GRANT));
  }

  // ------------------------------------------------------------------ roles

  @Override
  public Role createRole(String name, String workspace, String description) {
    String duplicate = "Role (name=" + name + ", workspace=" + workspace + ") already exists.";
    return db.write(
        c -> {
          if (roleByName(c, workspace, name) != null) {
            throw exists(duplicate);
          }
          long id =
              db.duplicateAs(
                  () ->
                      Jdbc.insertReturningKey(
                          c,
                          SqlQuery.of(
                              "INSERT INTO roles (name, workspace, description) VALUES (?, ?, ?)",
                              name,
                              workspace,
                              description)),
                  () -> exists(duplicate));
          return new Role((int) id, name, workspace, description, List.of());
        });
  }

  private Integer roleByName(Connection c, String workspace, String name) throws SQLException {
    return Jdbc.first(
        c,
        SqlQuery.of(
            "SELECT id FROM roles WHERE workspace = ? AND " + binaryEquals("name"),
            workspace,
            name),
        rs -> rs.getInt(1));
  }

  @Override
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
                .sql(ROLE_PERMISSION_COLUMNS + " WHERE role_id IN ")
                .paramList(List.copyOf(byId.keySet()))
                .sql(" ORDER BY id")
                .build(),
            ROLE_PERMISSION)) {
      byId.get(p.roleId()).permissions().add(p);
    }
    List<Role> out = new ArrayList<>();
    for (Role r : byId.values()) {
      out.add(
          new Role(r.id(), r.name(), r.workspace(), r.description(), List.copyOf(r.permissions())));
    }
    return out;
  }

  @Override
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

  @Override
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
              throw exists(
                  "Role with name=" + name + " already exists in workspace=" + role.workspace());
            }
            Jdbc.update(c, "UPDATE roles SET name = ? WHERE id = ?", name, id);
          }
          if (description != null) {
            Jdbc.update(c, "UPDATE roles SET description = ? WHERE id = ?", description, id);
          }
          return null;
        });
    return getRole(id);
  }

  private static MlflowException roleNotFound(int id) {
    return new MlflowException(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, "Role with id=" + id + " not found");
  }

  @Override
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

  private static void deleteRole(Connection c, int id) throws SQLException {
    Jdbc.update(c, "DELETE FROM role_permissions WHERE role_id = ?", id);
    Jdbc.update(c, "DELETE FROM user_role_assignments WHERE role_id = ?", id);
    Jdbc.update(c, "DELETE FROM roles WHERE id = ?", id);
  }

  @Override
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
          if (grantId(c, roleId, type, pattern) != null) {
            throw exists(duplicate);
          }
          long id =
              db.duplicateAs(
                  () -> insertGrant(c, roleId, type, pattern, permission), () -> exists(duplicate));
          return new RolePermission((int) id, roleId, type, pattern, permission);
        });
  }

  @Override
  public Optional<RolePermission> findRolePermission(int id) {
    return db.read(
        c ->
            Optional.ofNullable(
                Jdbc.first(
                    c,
                    SqlQuery.of(ROLE_PERMISSION_COLUMNS + " WHERE id = ?", id),
                    ROLE_PERMISSION)));
  }

  @Override
  public void removeRolePermission(int id) {
    getRolePermission(id);
    db.write(c -> Jdbc.update(c, "DELETE FROM role_permissions WHERE id = ?", id));
  }

  @Override
  public RolePermission updateRolePermission(int id, String permission) {
    RolePermission p = getRolePermission(id);
    db.write(
        c ->
            Jdbc.update(
                c, "UPDATE role_permissions SET permission = ? WHERE id = ?", permission, id));
    return new RolePermission(
        p.id(), p.roleId(), p.resourceType(), p.resourcePattern(), permission);
  }

  @Override
  public List<RolePermission> listRolePermissions(int roleId) {
    getRole(roleId);
    return db.read(
        c ->
            Jdbc.list(
                c,
                SqlQuery.of(ROLE_PERMISSION_COLUMNS + " WHERE role_id = ? ORDER BY id", roleId),
                ROLE_PERMISSION));
  }

  @Override
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
          if (assignment(c, userId, roleId) != null) {
            throw exists(duplicate);
          }
          long id =
              db.duplicateAs(
                  () ->
                      Jdbc.insertReturningKey(
                          c,
                          SqlQuery.of(
                              "INSERT INTO user_role_assignments (user_id, role_id) VALUES (?, ?)",
                              userId,
                              roleId)),
                  () -> exists(duplicate));
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

  @Override
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

  @Override
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

  @Override
  public List<RoleAssignment> listRoleUsers(int roleId) {
    getRole(roleId);
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

  @Override
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
