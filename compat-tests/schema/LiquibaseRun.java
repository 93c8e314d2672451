import java.sql.*;
import liquibase.*;
import liquibase.database.*;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Runs a Trackway changelog outside Quarkus, the way quarkus-liquibase does (classpath resources,
 * changelog parameters from -Dparam.NAME=VALUE). Used by verify.sh:
 *
 *   java -cp "src/main/resources:$(cat classpath.txt)" compat-tests/schema/LiquibaseRun.java \
 *        jdbc:sqlite:/tmp/x.db db/changelog/sqlite.xml
 *   java ... LiquibaseRun.java jdbc:mysql://127.0.0.1:3306/db db/changelog/mysql.xml USER PASSWORD
 */
public class LiquibaseRun {
  public static void main(String[] a) throws Exception {
    String url = a[0], changelog = a[1];
    Connection c = a.length > 2 ? DriverManager.getConnection(url, a[2], a[3]) : DriverManager.getConnection(url);
    Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
    System.out.println("liquibase database: " + db.getShortName() + " / " + db.getDatabaseProductName() + " " + db.getDatabaseProductVersion());
    try (Liquibase lb = new Liquibase(changelog, new ClassLoaderResourceAccessor(), db)) {
      for (String k : System.getProperties().stringPropertyNames()) {
        if (k.startsWith("param.")) lb.setChangeLogParameter(k.substring(6), System.getProperty(k));
      }
      lb.validate();
      if (url.startsWith("jdbc:mysql")) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select @@SESSION.sql_mode")) {
          r.next(); System.out.println("session sql_mode before: " + r.getString(1));
        }
      }
      lb.update(new Contexts(), new LabelExpression());
      if (url.startsWith("jdbc:mysql")) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select @@SESSION.sql_mode")) {
          r.next(); System.out.println("session sql_mode after: " + r.getString(1));
        }
      }
    }
  }
}
