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
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
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
  static final RowMapper<RolePermission> ROLE_PERMISSION =
      rs ->
          new RolePermission(
              rs.getInt(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5));
  static final String ROLE_PERMISSION_COLUMNS =
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
  @Inject JdbcAuthRoles roles;

  @Override
  public void open(String databaseUri) {
    db.open(databaseUri);
  }

  // ------------------------------------------------------------------ users

  @Override
  public User createUser(String username, String passwordHash, boolean isAdmin) {
    return db.write(
        c -> {
          long id =
              insertNew(
                  c,
                  findUser(c, username).isPresent(),
                  "User (username=" + username + ") already exists.",
                  SqlQuery.of(
                      "INSERT INTO users (username, password_hash, is_admin) VALUES (?, ?, ?)",
                      username,
                      passwordHash,
                      isAdmin));
          return new User((int) id, username, passwordHash, isAdmin);
        });
  }

  private Optional<User> findUser(Connection c, String username) throws SQLException {
    return Optional.ofNullable(
        Jdbc.first(
            c, SqlQuery.of(USER_COLUMNS + " WHERE " + binaryEquals("username"), username), USER));
  }

  /** Exact (case-sensitive) match on MySQL too, whose default collation ignores case. */
  String binaryEquals(String column) {
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
            JdbcAuthRoles.deleteRole(c, role);
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

  static MlflowException exists(String message) {
    return new MlflowException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
  }

  /**
   * Inserts a row whose natural key must be new and returns its generated id: {@code duplicate} as
   * RESOURCE_ALREADY_EXISTS when the row is {@code present} already (the caller looked its key up)
   * or when a concurrent insert won the race (a unique-key violation).
   */
  long insertNew(Connection c, boolean present, String duplicate, SqlQuery insert)
      throws SQLException {
    if (present) {
      throw exists(duplicate);
    }
    return db.duplicateAs(() -> Jdbc.insertReturningKey(c, insert), () -> exists(duplicate));
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
            Jdbc.update(c, grantInsert(role, type, pattern, permission));
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
                Jdbc.update(c, grantInsert(role, type, pattern, permission));
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

  Integer grantId(Connection c, int role, String type, String pattern) throws SQLException {
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

  static SqlQuery grantInsert(int role, String type, String pattern, String permission) {
    return SqlQuery.of(
        "INSERT INTO role_permissions (role_id, resource_type, resource_pattern, permission)"
            + " VALUES (?, ?, ?, ?)",
        role,
        type,
        pattern,
        permission);
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
    onUserGrants(type, pattern, () -> new SqlBuilder().sql("DELETE FROM role_permissions"));
  }

  @Override
  public void renameUserGrants(String type, String from, String to) {
    onUserGrants(
        type,
        from,
        () -> new SqlBuilder().sql("UPDATE role_permissions SET resource_pattern = ").param(to));
  }

  /**
   * Runs the DELETE or UPDATE that {@code statement} begins on the grants of one resource that any
   * user holds directly (through a synthetic role).
   */
  private void onUserGrants(String type, String pattern, Supplier<SqlBuilder> statement) {
    db.write(
        c -> {
          List<Integer> roles = syntheticRoles(c);
          if (roles.isEmpty()) {
            return 0;
          }
          return Jdbc.update(
              c,
              statement
                  .get()
                  .sql(" WHERE role_id IN ")
                  .paramList(roles)
                  .sql(" AND resource_type = ")
                  .param(type)
                  .sql(" AND " + binaryEquals("resource_pattern"))
                  .bind(List.of(pattern))
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

  // ------------------------------------------------------------------ roles ({@link
  // JdbcAuthRoles})

  @Override
  public Role createRole(String name, String workspace, String description) {
    return roles.createRole(name, workspace, description);
  }

  @Override
  public Optional<Role> findRole(int id) {
    return roles.findRole(id);
  }

  @Override
  public List<Role> listRoles(Collection<String> workspaces) {
    return roles.listRoles(workspaces);
  }

  @Override
  public Role updateRole(int id, String name, String description) {
    return roles.updateRole(id, name, description);
  }

  @Override
  public void deleteRole(int id) {
    roles.deleteRole(id);
  }

  @Override
  public RolePermission addRolePermission(
      int roleId, String type, String pattern, String permission) {
    return roles.addRolePermission(roleId, type, pattern, permission);
  }

  @Override
  public Optional<RolePermission> findRolePermission(int id) {
    return roles.findRolePermission(id);
  }

  @Override
  public void removeRolePermission(int id) {
    roles.removeRolePermission(id);
  }

  @Override
  public RolePermission updateRolePermission(int id, String permission) {
    return roles.updateRolePermission(id, permission);
  }

  @Override
  public List<RolePermission> listRolePermissions(int roleId) {
    return roles.listRolePermissions(roleId);
  }

  @Override
  public RoleAssignment assignRole(int userId, int roleId) {
    return roles.assignRole(userId, roleId);
  }

  @Override
  public void unassignRole(int userId, int roleId) {
    roles.unassignRole(userId, roleId);
  }

  @Override
  public List<Role> listUserRoles(int userId) {
    return roles.listUserRoles(userId);
  }

  @Override
  public List<RoleAssignment> listRoleUsers(int roleId) {
    return roles.listRoleUsers(roleId);
  }

  @Override
  public List<String> userWorkspaces(int userId) {
    return roles.userWorkspaces(userId);
  }
}
