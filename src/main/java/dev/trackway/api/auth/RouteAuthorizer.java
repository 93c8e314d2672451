package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackway.config.TrackwayConfig;
import dev.trackway.service.auth.Caller;
import dev.trackway.service.auth.TraceAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The authorization decision for one request of an authenticated caller: admins pass (but for
 * MLflow's name rules), others by the rule of the route ({@link AuthRoutes}); a route without a
 * rule is closed (MLflow's {@code MLFLOW_BASIC_AUTH_FAIL_CLOSED}). Rules that read the JSON body
 * are decided in the resource call, where the body has been read ({@link RouteGuard}).
 */
@ApplicationScoped
public class RouteAuthorizer {
  /** What becomes of the request. */
  public enum Verdict {
    ALLOW,
    DENY,
    /** decided by {@link RouteGuard} with the body */
    DEFER
  }

  /** A verdict, and for DEFER the route to decide with. */
  public record Decision(Verdict verdict, AuthRoutes.Match route, boolean plainText) {}

  /** The header OTLP requests name their experiment in. */
  static final String OTLP_EXPERIMENT_HEADER = "X-Mlflow-Experiment-Id";

  private static final Pattern SERVER_INFO =
      Pattern.compile("^/(ajax-)?api/\\d+\\.\\d+/mlflow/server-info$");

  @Inject TrackwayConfig config;
  @Inject RuleEvaluator evaluator;
  @Inject TraceAccess traces;

  /**
   * MLflow's public routes ({@code /static...}, {@code /favicon.ico}, {@code /health...}, {@code
   * server-info}), and Trackway's probes ({@code /q/health...}; {@code /q/metrics} if so
   * configured): no credentials needed.
   */
  public boolean isPublic(String path) {
    return path.startsWith("/static")
        || path.startsWith("/favicon.ico")
        || path.startsWith("/health")
        || SERVER_INFO.matcher(path).matches()
        || path.startsWith("/q/health")
        || (path.startsWith("/q/metrics") && config.trackway().auth().publicMetrics());
  }

  /**
   * The decision before the request reaches a resource.
   *
   * @param path the decoded path
   * @param header the request's headers by name
   */
  public Decision decide(
      Caller caller,
      String method,
      String path,
      Map<String, List<String>> query,
      Function<String, String> header) {
    AuthRoutes.Match match = AuthRoutes.get().match(method, path);
    boolean plain = match != null && match.plainText();
    if (caller.admin()) {
      boolean check = match != null && match.rule().forAdmins && match.rule().needsBody(method);
      return new Decision(check ? Verdict.DEFER : Verdict.ALLOW, match, plain);
    }
    if (match == null) {
      Verdict v =
          path.startsWith("/q/metrics") || !config.basicAuthFailClosed()
              ? Verdict.ALLOW
              : Verdict.DENY;
      return new Decision(v, null, false);
    }
    Rule rule = match.rule();
    if (rule == Rule.TRACE_OTLP) {
      String experimentId = header.apply(OTLP_EXPERIMENT_HEADER);
      if (experimentId == null) {
        throw new MissingHeader(OTLP_EXPERIMENT_HEADER);
      }
      return verdict(traces.startTrace(caller, experimentId, false), match);
    }
    if (rule.needsBody(method)) {
      return new Decision(Verdict.DEFER, match, plain);
    }
    return verdict(evaluator.allows(rule, caller, queryParams(query, match)), match);
  }

  private static Decision verdict(boolean allowed, AuthRoutes.Match match) {
    return new Decision(allowed ? Verdict.ALLOW : Verdict.DENY, match, match.plainText());
  }

  static Params queryParams(Map<String, List<String>> query, AuthRoutes.Match match) {
    return new Params(true, null, query, match.pathVars());
  }

  /**
   * The decision of a deferred rule with the request's body ({@code body} null: none, when the
   * values are then the query's, as MLflow reads a DELETE without a body).
   */
  public boolean decideWithBody(
      Caller caller,
      AuthRoutes.Match match,
      JsonNode body,
      boolean hasBody,
      Map<String, List<String>> query) {
    Params p =
        hasBody
            ? new Params(false, body, query, match.pathVars())
            : new Params(true, null, query, match.pathVars());
    if (caller.admin()) {
      evaluator.adminChecks(match.rule(), caller, p);
      return true;
    }
    return evaluator.allows(match.rule(), caller, p);
  }

  /** A required header is missing (MLflow's plain-text 400 of the OTLP route). */
  public static final class MissingHeader extends RuntimeException {
    public MissingHeader(String name) {
      super("Missing required header: " + name, null, false, false);
    }
  }
}
