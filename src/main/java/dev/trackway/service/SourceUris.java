package dev.trackway.service;

import dev.trackway.compat.PyUrl;
import dev.trackway.error.MlflowException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's URI rules for model version sources ({@code mlflow/utils/uri.py} and the registry
 * handlers): host-addressed schemes and their targets, local and {@code mlflow-artifacts} URIs,
 * relative-path checks, containment in an artifact root, {@code runs:/} and {@code models:/} URIs.
 */
public final class SourceUris {
  private SourceUris() {}

  private static final Set<String> HOST_ADDRESSED_SCHEMES =
      Set.of(
          "ftp",
          "sftp",
          "hdfs",
          "viewfs",
          "http",
          "https",
          "mlflow-artifacts",
          "r2",
          "b2",
          "abfss");
  private static final Map<String, String> SCHEME_FAMILIES =
      Map.of("viewfs", "hdfs", "https", "http", "mlflow-artifacts", "http");
  private static final Map<String, List<Integer>> DEFAULT_PORTS =
      Map.of(
          "ftp",
          List.of(21),
          "sftp",
          List.of(22),
          "http",
          List.of(80),
          "https",
          List.of(443),
          "mlflow-artifacts",
          List.of(80, 443),
          "r2",
          List.of(443),
          "b2",
          List.of(443),
          "abfss",
          List.of(443));

  /** (scheme family, host, port) targets of a host-addressed URI, or null when it names none. */
  public static Set<List<Object>> hostTargets(String uri) {
    PyUrl.Parts u = PyUrl.urlparse(uri);
    if (!HOST_ADDRESSED_SCHEMES.contains(u.scheme())) {
      return null;
    }
    if (u.scheme().equals("mlflow-artifacts") && u.netloc().isEmpty()) {
      return null;
    }
    String hostPort = u.netloc();
    int at = hostPort.lastIndexOf('@');
    if (at >= 0) {
      hostPort = hostPort.substring(at + 1);
    }
    String host = hostPort;
    Integer port = null;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.endsWith("]")) {
      host = hostPort.substring(0, colon);
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Set.of(List.of("malformed", u.netloc(), -1));
      }
    }
    String family = SCHEME_FAMILIES.getOrDefault(u.scheme(), u.scheme());
    List<Integer> ports =
        port != null ? List.of(port) : DEFAULT_PORTS.getOrDefault(u.scheme(), List.of(-1));
    Set<List<Object>> out = new HashSet<>();
    for (Integer p : ports) {
      out.add(List.of(family, host.toLowerCase(Locale.ROOT), p));
    }
    return out;
  }

  /** The run id of a {@code runs:/<run_id>/path} URI. */
  public static String runsUriRunId(String uri) {
    String path = PyUrl.urlparse(uri).path();
    if (!path.startsWith("/")
        || path.length() <= 1
        || path.substring(1).split("/", -1)[0].isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Not a proper runs:/ URI: %s. Runs URIs must be of the form"
              + " 'runs:/<run_id>/run-relative/path/to/artifact'",
          uri);
    }
    return path.substring(1).split("/", -1)[0];
  }

  /**
   * MLflow's {@code is_local_uri} (on a POSIX server): no scheme, or {@code file:}; a {@code file:}
   * URI naming a remote host is an error (500, as MLflow's generic exception).
   */
  public static boolean isLocalUri(String uri) {
    PyUrl.Parts u = PyUrl.urlparse(uri);
    if (!u.scheme().equals("file")) {
      return u.scheme().isEmpty();
    }
    String host = hostname(u.netloc());
    if (!host.isEmpty()
        && !host.equals(".")
        && !host.startsWith("localhost")
        && !host.startsWith("127.0.0.1")) {
      throw MlflowException.internalError(
          "%s is not a valid remote uri. For remote access on windows, please consider using a"
              + " different scheme such as SMB (e.g. smb://<hostname>/<path>).",
          uri);
    }
    return true;
  }

  /** Python's {@code urlparse(uri).hostname} of a netloc, "" when it names none. */
  private static String hostname(String netloc) {
    String h = netloc.substring(netloc.lastIndexOf('@') + 1);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return (end < 0 ? h.substring(1) : h.substring(1, end)).toLowerCase(Locale.ROOT);
    }
    int colon = h.indexOf(':');
    return (colon < 0 ? h : h.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  /**
   * MLflow's {@code resolve_uri_if_local} on a POSIX server: a relative local path, or a {@code
   * file:} URI with a relative path, is resolved against the server's working directory (the path
   * comes back unquoted, as MLflow's does); anything else is returned as given.
   */
  public static String resolveUriIfLocal(String uri) {
    if (uri == null || !isLocalUri(uri)) {
      return uri;
    }
    PyUrl.Parts u = PyUrl.urlparse(uri);
    boolean file = u.scheme().equals("file");
    String path = PyUrl.unquote(file ? u.path() : uri, false);
    if (path.startsWith("/")) {
      return uri;
    }
    String cwd = Path.of("").toAbsolutePath().toString();
    StringBuilder resolved = new StringBuilder(cwd.equals("/") ? "" : cwd);
    for (String part : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        resolved.append('/').append(part);
      }
    }
    if (!file) {
      return resolved.toString();
    }
    int tail = uri.indexOf('?');
    int hash = uri.indexOf('#');
    if (tail < 0 || (hash >= 0 && hash < tail)) {
      tail = hash;
    }
    return "file://" + resolved + (tail < 0 ? "" : uri.substring(tail));
  }

  public static Path localPath(String uri) {
    PyUrl.Parts u = PyUrl.urlparse(uri);
    String p = u.scheme().equals("file") ? PyUrl.unquote(u.path(), false) : uri;
    return Path.of(p.isEmpty() ? "." : p).toAbsolutePath().normalize();
  }

  /**
   * MLflow's {@code _validate_non_local_source_contains_relative_paths}: after unquoting, the path
   * must be absolute, without {@code .} or {@code ..} segments or NUL.
   */
  public static void validateNoRelativePaths(String source) {
    String s = PyUrl.unquoteFully(source, true);
    String path = PyUrl.urlparse(s).path();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    path = path.replaceAll("/+", "/");
    boolean bad = path.indexOf('\0') >= 0 || Arrays.asList(s.split("/", -1)).contains("..");
    if (!bad) {
      bad = !path.startsWith("/") || Arrays.asList(path.split("/", -1)).contains(".");
    }
    if (bad) {
      throw MlflowException.invalidParameterValue(
          "Invalid model version source: '%s'. If supplying a source as an http, https, local file"
              + " path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided"
              + " without relative path references present. Please provide an absolute path.",
          s);
    }
  }

  private static final List<String> ARTIFACT_ROUTE =
      List.of("api", "2.0", "mlflow-artifacts", "artifacts");

  public static boolean isMlflowArtifactSource(String source) {
    PyUrl.Parts u = PyUrl.urlparse(source);
    if (u.scheme().equals("mlflow-artifacts")) {
      return true;
    }
    if (!u.scheme().equals("http") && !u.scheme().equals("https")) {
      return false;
    }
    List<String> parts = pathParts(u.path());
    for (int i = 0; i + ARTIFACT_ROUTE.size() <= parts.size(); i++) {
      if (parts.subList(i, i + ARTIFACT_ROUTE.size()).equals(ARTIFACT_ROUTE)) {
        return true;
      }
    }
    return false;
  }

  public static boolean isUriWithinRoot(String source, String root) {
    if (root == null) {
      return false;
    }
    PyUrl.Parts s = PyUrl.urlparse(source);
    PyUrl.Parts r = PyUrl.urlparse(root);
    List<String> sp = pathParts(s.path());
    List<String> rp = pathParts(r.path());
    return s.scheme().equals(r.scheme())
        && s.netloc().toLowerCase(Locale.ROOT).equals(r.netloc().toLowerCase(Locale.ROOT))
        && !rp.isEmpty()
        && sp.size() >= rp.size()
        && sp.subList(0, rp.size()).equals(rp);
  }

  public static List<String> pathParts(String path) {
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      out.add(PyUrl.unquoteFully(part, false));
    }
    return out;
  }

  /**
   * MLflow's {@code _parse_model_uri}: {@code models:/<id>}, {@code /name/version|stage|latest},
   * {@code /name@alias}.
   */
  public record ModelUri(String modelId, String name, String version, String stage, String alias) {
    public static ModelUri parse(String uri) {
      String improper =
          "Not a proper models:/ URI: "
              + uri
              + ". Models URIs must be of the form 'models:/name/suffix' or 'models:/name@alias'"
              + " where suffix is a version, stage, or the string 'latest' and where alias is a"
              + " registered model alias. Only one of suffix or alias can be defined at a time.";
      int hash = uri.indexOf('#');
      PyUrl.Parts u = PyUrl.urlparse(uri);
      // urlparse(allow_fragments=False): a '#' stays in the path
      String path =
          hash >= 0 && u.scheme().equals("models") ? uri.substring(uri.indexOf(':') + 1) : u.path();
      if (!u.scheme().equals("models") || !path.startsWith("/") || path.length() <= 1) {
        throw MlflowException.invalidParameterValue(improper);
      }
      String[] parts = path.replaceFirst("^/+", "").split("/", -1);
      if (parts.length > 2 || parts[0].strip().isEmpty()) {
        throw MlflowException.invalidParameterValue(improper);
      }
      if (parts.length == 2) {
        String name = parts[0];
        String suffix = parts[1];
        if (suffix.strip().isEmpty()) {
          throw MlflowException.invalidParameterValue(improper);
        }
        if (suffix.chars().allMatch(Character::isDigit)) {
          return new ModelUri(null, name, suffix, null, null);
        }
        if (suffix.equalsIgnoreCase("latest")) {
          return new ModelUri(null, name, null, null, null);
        }
        return new ModelUri(null, name, null, suffix, null);
      }
      if (path.contains("@")) {
        int at = parts[0].lastIndexOf('@');
        if (at < 0 || parts[0].substring(at + 1).strip().isEmpty()) {
          throw MlflowException.invalidParameterValue(improper);
        }
        return new ModelUri(
            null, parts[0].substring(0, at), null, null, parts[0].substring(at + 1));
      }
      return new ModelUri(parts[0], null, null, null, null);
    }
  }
}
