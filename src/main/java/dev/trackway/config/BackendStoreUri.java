package dev.trackway.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A backend store URI in MLflow's form ({@code sqlite:///mlflow.db}, {@code
 * mysql://user:pass@host:3306/db}, {@code mysql+pymysql://...}) or a plain JDBC URL, turned into
 * the datasource it names.
 */
public record BackendStoreUri(Kind kind, String jdbcUrl, String username, String password) {

  public enum Kind {
    SQLITE("sqlite"),
    MYSQL("mysql");

    /** The name of the Quarkus datasource serving this kind. */
    public final String datasource;

    Kind(String datasource) {
      this.datasource = datasource;
    }
  }

  /** MLflow's default: {@code mlflow.db} in the working directory. */
  public static final String DEFAULT = "sqlite:///mlflow.db";

  // like MLflow's SQLite sessions: foreign keys enforced; writers queue (for busy_timeout, which
  // BackendStoreConfigSourceFactory sets from mlflow.trackway.sqlite-busy-timeout)
  static final String SQLITE_OPTIONS = "foreign_keys=true&transaction_mode=IMMEDIATE";

  public static BackendStoreUri parse(String uri) {
    if (uri == null || uri.isBlank()) {
      uri = DEFAULT;
    }
    uri = uri.trim();
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:sqlite:")) {
      return new BackendStoreUri(Kind.SQLITE, withSqliteOptions(uri), null, null);
    }
    if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mariadb:")) {
      String url = "jdbc:mysql:" + uri.substring(uri.indexOf(':', 5) + 1);
      return new BackendStoreUri(Kind.MYSQL, withMysqlOptions(url), null, null);
    }
    int colon = uri.indexOf("://");
    if (colon < 0) {
      throw new IllegalArgumentException(
          "Unsupported backend store URI '"
              + uri
              + "': Trackway stores metadata in SQLite (sqlite:///path/mlflow.db) or MySQL"
              + " (mysql://user:password@host:3306/database); MLflow's file store is not supported.");
    }
    String scheme = lower.substring(0, colon);
    String dialect = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
    switch (dialect) {
      case "sqlite" -> {
        // sqlite:///relative.db, sqlite:////absolute/path.db (SQLAlchemy's form)
        String path = uri.substring(colon + 3);
        if (path.startsWith("/")) {
          path = path.substring(1);
        }
        if (path.isEmpty() || path.equals(":memory:")) {
          throw new IllegalArgumentException("In-memory SQLite is not supported: give a file path");
        }
        int q = path.indexOf('?');
        if (q >= 0) {
          path = path.substring(0, q);
        }
        return new BackendStoreUri(
            Kind.SQLITE, withSqliteOptions("jdbc:sqlite:" + path), null, null);
      }
      case "mysql", "mariadb" -> {
        URI parsed = URI.create("mysql" + uri.substring(colon));
        String user = null;
        String password = null;
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
          int sep = userInfo.indexOf(':');
          user = decode(sep < 0 ? userInfo : userInfo.substring(0, sep));
          password = sep < 0 ? null : decode(userInfo.substring(sep + 1));
        }
        String host = parsed.getHost() == null ? "localhost" : parsed.getHost();
        int port = parsed.getPort() < 0 ? 3306 : parsed.getPort();
        String db = parsed.getRawPath() == null ? "" : parsed.getRawPath();
        // SQLAlchemy-only query options (charset=utf8mb4 etc.) are dropped; the driver speaks
        // utf8mb4.
        String url = "jdbc:mysql://" + host + ":" + port + db;
        return new BackendStoreUri(Kind.MYSQL, withMysqlOptions(url), user, password);
      }
      default ->
          throw new IllegalArgumentException(
              "Unsupported backend store URI scheme '" + scheme + "': use sqlite or mysql");
    }
  }

  private static String withSqliteOptions(String url) {
    return url + (url.contains("?") ? "&" : "?") + SQLITE_OPTIONS;
  }

  private static String withMysqlOptions(String url) {
    Map<String, String> opts = new LinkedHashMap<>();
    // JDBC batches become multi-row INSERTs (log-batch, see docs/adr/0003).
    opts.put("rewriteBatchedStatements", "true");
    opts.put("characterEncoding", "UTF-8");
    StringBuilder sb = new StringBuilder(url);
    for (var e : opts.entrySet()) {
      if (!url.contains(e.getKey() + "=")) {
        sb.append(sb.indexOf("?") < 0 ? '?' : '&')
            .append(e.getKey())
            .append('=')
            .append(e.getValue());
      }
    }
    return sb.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** A form safe to log: the password is masked. */
  public String describe() {
    return kind.datasource + " " + jdbcUrl + (username == null ? "" : " as " + username);
  }
}
