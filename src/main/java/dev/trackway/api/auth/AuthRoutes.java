package dev.trackway.api.auth;

import dev.trackway.api.RouteFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The access rule of every route of MLflow's basic-auth server ({@code auth-routes.txt}, generated
 * from the installed mlflow by {@code scripts/gen-auth-routes.py}): method and path template
 * ({@code {x}} one segment, {@code {x:path}} the rest) to {@link Rule}. A request no route matches
 * has no rule: closed to non-admins.
 */
public final class AuthRoutes {
  static final String RESOURCE = "auth-routes.txt";

  /** One route: its method, path pattern, the names of its path variables, its rule. */
  record Route(String method, Pattern path, List<String> vars, Rule rule, boolean plainText) {}

  /** A matched route with the values of its path variables. */
  public record Match(Rule rule, Map<String, String> pathVars, boolean plainText) {}

  private final Map<String, List<Route>> byMethod;

  private AuthRoutes(List<Route> routes) {
    Map<String, List<Route>> m = new HashMap<>();
    for (Route r : routes) {
      m.computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
    }
    // literal routes win over templates (e.g. /traces/search before /traces/{trace_id})
    m.values()
        .forEach(list -> list.sort((a, b) -> Integer.compare(a.vars().size(), b.vars().size())));
    this.byMethod = m;
  }

  private static final AuthRoutes INSTANCE = load();

  public static AuthRoutes get() {
    return INSTANCE;
  }

  static AuthRoutes load() {
    List<Route> routes = new ArrayList<>();
    List<String> lines =
        RouteFiles.entries(RESOURCE)
            .orElseThrow(() -> new IllegalStateException(RESOURCE + " is missing from the build"));
    for (String line : lines) {
      String[] f = line.split(" ");
      List<String> vars = new ArrayList<>();
      routes.add(
          new Route(
              f[0],
              template(f[1], vars),
              vars,
              Rule.valueOf(f[2]),
              f.length > 3 && f[3].equals("fastapi")));
    }
    return new AuthRoutes(routes);
  }

  static Pattern template(String t, List<String> vars) {
    StringBuilder re = new StringBuilder();
    Matcher m = Pattern.compile("\\{([^}:]+)(:path)?}").matcher(t);
    int last = 0;
    while (m.find()) {
      re.append(Pattern.quote(t.substring(last, m.start())));
      re.append(m.group(2) != null ? "(.+)" : "([^/]+)");
      vars.add(m.group(1));
      last = m.end();
    }
    re.append(Pattern.quote(t.substring(last)));
    return Pattern.compile(re.toString());
  }

  /** The route of this method and (decoded) path, or null. HEAD is looked up as GET. */
  public Match match(String method, String path) {
    String m = method.equals("HEAD") ? "GET" : method;
    for (Route r : byMethod.getOrDefault(m, List.of())) {
      Matcher x = r.path().matcher(path);
      if (x.matches()) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < r.vars().size(); i++) {
          vars.put(r.vars().get(i), x.group(i + 1));
        }
        return new Match(r.rule(), vars, r.plainText());
      }
    }
    return null;
  }

  /** Every route (for the coverage tests). */
  public List<Route> routes() {
    List<Route> all = new ArrayList<>();
    byMethod.values().forEach(all::addAll);
    return all;
  }
}
