package dev.trackway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MLflow's own routes (method + path template), listed in {@code mlflow-routes.txt}, which {@code
 * scripts/gen-mlflow-routes.py} derives from the installed mlflow package. A request that no
 * Trackway resource serves answers NOT_IMPLEMENTED when MLflow has the route, and
 * ENDPOINT_NOT_FOUND otherwise, like MLflow's own 404.
 */
public final class MlflowRoutes {
  static final String RESOURCE = "mlflow-routes.txt";

  record Route(String method, Pattern path) {}

  private static final List<Route> ROUTES = load();

  private MlflowRoutes() {}

  static List<Route> load() {
    List<Route> out = new ArrayList<>();
    for (String line : RouteFiles.entries(RESOURCE).orElse(List.of())) {
      int sp = line.indexOf(' ');
      out.add(new Route(line.substring(0, sp), template(line.substring(sp + 1).trim())));
    }
    return out;
  }

  /** {@code /a/{x}/b} matches one segment for x; {@code {path}} of artifact routes any rest. */
  static Pattern template(String t) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < t.length()) {
      int open = t.indexOf('{', i);
      if (open < 0) {
        re.append(Pattern.quote(t.substring(i)));
        break;
      }
      re.append(Pattern.quote(t.substring(i, open)));
      int close = t.indexOf('}', open);
      String name = t.substring(open + 1, close);
      re.append(name.equals("artifact_path") || name.equals("path") ? ".*" : "[^/]+");
      i = close + 1;
    }
    return Pattern.compile(re.toString());
  }

  /** True when MLflow 3.18's server routes this method and path. */
  public static boolean isMlflowRoute(String method, String path) {
    for (Route r : ROUTES) {
      if (r.method().equalsIgnoreCase(method) && r.path().matcher(path).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The Allow header MLflow's server (Werkzeug) sends with a 405 for this path: the methods MLflow
   * routes for it, HEAD with GET, and OPTIONS; null when MLflow has no route for the path.
   */
  public static String allowedMethods(String path) {
    java.util.Set<String> methods = new java.util.TreeSet<>();
    for (Route r : ROUTES) {
      if (r.path().matcher(path).matches()) {
        methods.add(r.method());
      }
    }
    if (methods.isEmpty()) {
      return null;
    }
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    methods.add("OPTIONS");
    return String.join(", ", methods);
  }

  static int size() {
    return ROUTES.size();
  }
}
