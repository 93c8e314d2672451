package dev.trackway.store.jdbc;

import dev.trackway.store.jdbc.sql.SqlVendor;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The schema of MLflow's basic-auth database, revision by revision as MLflow's auth migrations
 * build it (version table {@code alembic_version_auth}; head {@value #HEAD}), so a database created
 * by MLflow opens unchanged and one created here opens in MLflow. A database of an older MLflow is
 * upgraded the way MLflow upgrades it (one without the version table, from before MLflow 3.6, is
 * taken as the initial revision); a newer unknown revision is refused.
 *
 * <p>MySQL/MariaDB: MLflow's initial migration names two foreign keys {@code fk_user_id}, which
 * InnoDB refuses (constraint names are schema-wide; MLflow issues #9642, #10964); here the second
 * is {@code fk_rm_user_id}.
 */
final class AuthSchema {
  static final String HEAD = "f1a2b3c4d5e6";
  static final String INITIAL = "8606fa83a998";

  /** The revisions in order; step i leads from REVISIONS[i-1] (or nothing) to REVISIONS[i]. */
  static final List<String> REVISIONS =
      List.of(
          INITIAL,
          "0965eb92f5f0",
          "a1b2c3d4e5f6",
          "2ed73881770d",
          "c3d4e5f6a7b8",
          "e5f6a7b8c9d0",
          HEAD);

  private AuthSchema() {}

  /** The stamped revision; null when the database has no version table or row. */
  static String revision(Connection c) throws SQLException {
    if (!tableExists(c, "alembic_version_auth")) {
      return null;
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version_auth")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Brings the database to {@link #HEAD}; returns the revision it is at. */
  static String migrate(Connection c, SqlVendor vendor) throws SQLException {
    String current = revision(c);
    if (current == null && tableExists(c, "users")) {
      // a database of MLflow before 3.6: the initial schema without the version table
      createVersionTable(c, vendor);
      stamp(c, null, INITIAL);
      current = INITIAL;
    }
    int from = current == null ? -1 : REVISIONS.indexOf(current);
    if (current != null && from < 0) {
      throw new IllegalStateException(
          "The basic-auth database is at MLflow auth revision "
              + current
              + ", which this Trackway does not know (it knows "
              + REVISIONS
              + ", head "
              + HEAD
              + " of mlflow 3.18).");
    }
    for (int i = from + 1; i < REVISIONS.size(); i++) {
      step(c, vendor, REVISIONS.get(i));
      stamp(c, i == 0 ? null : REVISIONS.get(i - 1), REVISIONS.get(i));
    }
    return HEAD;
  }

  private static void stamp(Connection c, String from, String to) throws SQLException {
    if (from == null) {
      exec(c, "INSERT INTO alembic_version_auth (version_num) VALUES ('" + to + "')");
    } else {
      exec(
          c,
          "UPDATE alembic_version_auth SET version_num = '"
              + to
              + "' WHERE version_num = '"
              + from
              + "'");
    }
  }

  private static void step(Connection c, SqlVendor vendor, String revision) throws SQLException {
    boolean mysql = vendor == SqlVendor.MYSQL;
    switch (revision) {
      case INITIAL -> {
        createVersionTable(c, vendor);
        exec(
            c,
            table(
                mysql,
                "users",
                "id " + id(mysql),
                "username VARCHAR(255)",
                "password_hash VARCHAR(255)",
                "is_admin " + (mysql ? "TINYINT(1)" : "BOOLEAN"),
                "PRIMARY KEY (id)",
                mysql ? "UNIQUE KEY username (username)" : "UNIQUE (username)"));
        exec(
            c,
            table(
                mysql,
                "experiment_permissions",
                "id " + id(mysql),
                "experiment_id VARCHAR(255) NOT NULL",
                "user_id " + fkInt(mysql),
                "permission VARCHAR(255)",
                "PRIMARY KEY (id)",
                "CONSTRAINT fk_user_id FOREIGN KEY(user_id) REFERENCES users (id)",
                "CONSTRAINT unique_experiment_user UNIQUE (experiment_id, user_id)"));
        exec(
            c,
            table(
                mysql,
                "registered_model_permissions",
                "id " + id(mysql),
                "name VARCHAR(255) NOT NULL",
                "user_id " + fkInt(mysql),
                "permission VARCHAR(255)",
                "PRIMARY KEY (id)",
                "CONSTRAINT "
                    + (mysql ? "fk_rm_user_id" : "fk_user_id")
                    + " FOREIGN KEY(user_id) REFERENCES users (id)",
                "CONSTRAINT unique_name_user UNIQUE (name, user_id)"));
      }
      case "0965eb92f5f0" ->
          exec(
              c,
              table(
                  mysql,
                  "scorer_permissions",
                  "id " + id(mysql),
                  "experiment_id VARCHAR(255) NOT NULL",
                  "scorer_name VARCHAR(256) NOT NULL",
                  "user_id " + fkInt(mysql),
                  "permission VARCHAR(255)",
                  "PRIMARY KEY (id)",
                  "CONSTRAINT fk_scorer_perm_user_id FOREIGN KEY(user_id) REFERENCES users (id)",
                  "CONSTRAINT unique_scorer_user UNIQUE (experiment_id, scorer_name, user_id)"));
      case "a1b2c3d4e5f6" -> {
        gatewayTable(c, mysql, "gateway_secret_permissions", "secret_id", "secret", "secret");
        gatewayTable(
            c, mysql, "gateway_endpoint_permissions", "endpoint_id", "endpoint", "endpoint");
        gatewayTable(
            c,
            mysql,
            "gateway_model_definition_permissions",
            "model_definition_id",
            "model_def",
            "model_def");
      }
      case "2ed73881770d" -> workspacePermissions(c, mysql);
      case "c3d4e5f6a7b8" -> {
        exec(
            c,
            table(
                mysql,
                "roles",
                "id " + id(mysql),
                "name VARCHAR(255) NOT NULL",
                "workspace VARCHAR(63) NOT NULL",
                "description VARCHAR(1024)",
                "PRIMARY KEY (id)",
                "CONSTRAINT unique_workspace_role_name UNIQUE (workspace, name)"));
        exec(c, "CREATE INDEX idx_roles_workspace ON roles (workspace)");
        exec(
            c,
            table(
                mysql,
                "role_permissions",
                "id " + id(mysql),
                "role_id " + fkInt(mysql),
                "resource_type VARCHAR(64) NOT NULL",
                "resource_pattern VARCHAR(255) NOT NULL",
                "permission VARCHAR(255) NOT NULL",
                "PRIMARY KEY (id)",
                "CONSTRAINT unique_role_resource_perm UNIQUE (role_id, resource_type,"
                    + " resource_pattern)",
                "FOREIGN KEY(role_id) REFERENCES roles (id)"));
        exec(c, "CREATE INDEX idx_role_permissions_role_id ON role_permissions (role_id)");
        exec(
            c,
            table(
                mysql,
                "user_role_assignments",
                "id " + id(mysql),
                "user_id " + fkInt(mysql),
                "role_id " + fkInt(mysql),
                "PRIMARY KEY (id)",
                "CONSTRAINT unique_user_role UNIQUE (user_id, role_id)",
                "FOREIGN KEY(user_id) REFERENCES users (id)",
                "FOREIGN KEY(role_id) REFERENCES roles (id)"));
        exec(
            c, "CREATE INDEX idx_user_role_assignments_user_id ON user_role_assignments (user_id)");
        exec(
            c, "CREATE INDEX idx_user_role_assignments_role_id ON user_role_assignments (role_id)");
      }
      case "e5f6a7b8c9d0" -> AuthSchemaBackfill.run(c);
      case HEAD -> promotePrompts(c);
      default -> throw new IllegalStateException("No migration step " + revision);
    }
  }

  private static void createVersionTable(Connection c, SqlVendor vendor) throws SQLException {
    boolean mysql = vendor == SqlVendor.MYSQL;
    exec(
        c,
        table(
            mysql,
            "alembic_version_auth",
            "version_num VARCHAR(32) NOT NULL",
            "CONSTRAINT alembic_version_auth_pkc PRIMARY KEY (version_num)"));
  }

  private static void gatewayTable(
      Connection c, boolean mysql, String table, String column, String fk, String unique)
      throws SQLException {
    String uniqueName =
        switch (unique) {
          case "model_def" -> "unique_model_def_user";
          default -> "unique_" + unique + "_user";
        };
    exec(
        c,
        table(
            mysql,
            table,
            "id " + id(mysql),
            column + " VARCHAR(255) NOT NULL",
            "user_id " + fkInt(mysql),
            "permission VARCHAR(255)",
            "PRIMARY KEY (id)",
            "CONSTRAINT fk_gateway_"
                + fk
                + "_perm_user_id FOREIGN KEY(user_id) REFERENCES users (id)",
            "CONSTRAINT " + uniqueName + " UNIQUE (" + column + ", user_id)"));
  }

  /**
   * workspace_permissions, and registered_model_permissions gains its workspace column with the
   * unique key (workspace, name, user_id) in place of (name, user_id).
   */
  private static void workspacePermissions(Connection c, boolean mysql) throws SQLException {
    exec(
        c,
        table(
            mysql,
            "workspace_permissions",
            "workspace VARCHAR(63) NOT NULL",
            "user_id " + fkInt(mysql),
            "permission VARCHAR(32) NOT NULL",
            "CONSTRAINT workspace_permissions_pk PRIMARY KEY (workspace, user_id)",
            "FOREIGN KEY(user_id) REFERENCES users (id)"));
    exec(c, "CREATE INDEX idx_workspace_permissions_user_id ON workspace_permissions (user_id)");
    exec(
        c, "CREATE INDEX idx_workspace_permissions_workspace ON workspace_permissions (workspace)");
    if (mysql) {
      exec(
          c,
          "ALTER TABLE registered_model_permissions ADD COLUMN workspace VARCHAR(63) NOT NULL"
              + " DEFAULT 'default'");
      if (indexExists(c, "registered_model_permissions", "unique_name_user")) {
        exec(c, "ALTER TABLE registered_model_permissions DROP INDEX unique_name_user");
      }
      exec(
          c,
          "ALTER TABLE registered_model_permissions ADD CONSTRAINT unique_workspace_name_user"
              + " UNIQUE (workspace, name, user_id)");
      return;
    }
    // SQLite cannot drop a table constraint: the table is rebuilt (alembic's batch mode)
    exec(
        c,
        "CREATE TABLE _alembic_tmp_registered_model_permissions (\n"
            + "\tid INTEGER NOT NULL, \n"
            + "\tname VARCHAR(255) NOT NULL, \n"
            + "\tuser_id INTEGER NOT NULL, \n"
            + "\tpermission VARCHAR(255), \n"
            + "\tworkspace VARCHAR(63) DEFAULT 'default' NOT NULL, \n"
            + "\tPRIMARY KEY (id), \n"
            + "\tCONSTRAINT fk_user_id FOREIGN KEY(user_id) REFERENCES users (id), \n"
            + "\tCONSTRAINT unique_workspace_name_user UNIQUE (workspace, name, user_id)\n"
            + ")");
    exec(
        c,
        "INSERT INTO _alembic_tmp_registered_model_permissions (id, name, user_id, permission)"
            + " SELECT id, name, user_id, permission FROM registered_model_permissions");
    exec(c, "DROP TABLE registered_model_permissions");
    exec(
        c,
        "ALTER TABLE _alembic_tmp_registered_model_permissions RENAME TO"
            + " registered_model_permissions");
  }

  /**
   * Grants on a registered model that is a prompt move to the {@code prompt} namespace, when the
   * registry's tables share this database (a separate auth database: nothing to do).
   */
  private static void promotePrompts(Connection c) throws SQLException {
    if (!tableExists(c, "registered_model_tags")) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE role_permissions SET resource_type = 'prompt' WHERE resource_type ="
                + " 'registered_model' AND resource_pattern <> '*' AND EXISTS (SELECT 1 FROM"
                + " roles r, registered_model_tags rmt WHERE r.id = role_permissions.role_id AND"
                + " rmt.workspace = r.workspace AND rmt.name = role_permissions.resource_pattern"
                + " AND rmt.`key` = ? AND LOWER(rmt.value) = 'true')")) {
      ps.setString(1, "mlflow.prompt.is_prompt");
      ps.executeUpdate();
    }
  }

  /** {@code CREATE TABLE name (\n\tcol, \n\t...\n)} (MySQL: InnoDB, utf8mb4). */
  private static String table(boolean mysql, String name, String... parts) {
    List<String> lines = new ArrayList<>(List.of(parts));
    return "CREATE TABLE "
        + name
        + " (\n\t"
        + String.join(", \n\t", lines)
        + "\n)"
        + (mysql ? " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4" : "");
  }

  private static String id(boolean mysql) {
    // SQLite: a rowid alias without AUTOINCREMENT, as SQLAlchemy creates it (ids can be reused)
    return mysql ? "INT NOT NULL AUTO_INCREMENT" : "INTEGER NOT NULL";
  }

  private static String fkInt(boolean mysql) {
    return mysql ? "INT NOT NULL" : "INTEGER NOT NULL";
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static boolean tableExists(Connection c, String table) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(c.getCatalog(), null, table, new String[] {"TABLE"})) {
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase(table)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean indexExists(Connection c, String table, String index) throws SQLException {
    try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), null, table, false, false)) {
      while (rs.next()) {
        String name = rs.getString("INDEX_NAME");
        if (name != null && name.toLowerCase(Locale.ROOT).equals(index)) {
          return true;
        }
      }
    }
    return false;
  }
}
