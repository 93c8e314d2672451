package dev.trackway.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackway.service.auth.AccessControl;
import dev.trackway.service.auth.ResourceTypes;
import dev.trackway.service.auth.SearchScopes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MLflow 3.18's after-request redactions for callers with a denied sub-resource tier ({@code (run,
 * *, DENY)}, {@code (logged_model, *, DENY)}, {@code (registered_model_version, *, DENY)}): an
 * answer the caller may read still leaves out what leads into the denied tier. Model versions lose
 * {@code run_id}/{@code run_link} (run) and {@code model_id}/{@code model_params}/{@code
 * model_metrics} (logged model); registered models their {@code latest_versions} (versions); logged
 * models their {@code source_run_id} (run); runs their model inputs/outputs and the {@code
 * model_id} of their metrics (logged model), as do metric histories. Admins and callers without a
 * denied tier get the answer untouched (nothing is re-serialized).
 */
@Provider
public class ResponseRedactions implements ContainerResponseFilter {
  private static final Pattern ROUTE = Pattern.compile("^/(?:api|ajax-api)/2\\.0/mlflow/(.+?)/?$");

  /** What an answer carries that a denied tier can withhold. */
  public enum Kind {
    MODEL_VERSION,
    REGISTERED_MODEL,
    LOGGED_MODEL,
    RUN,
    METRICS
  }

  @Inject AccessControl access;
  @Inject SearchScopes scopes;
  @Inject ObjectMapper json;

  /** The kind of answer of a route (its raw path), or null: nothing to redact. */
  public static Kind kindOf(String method, String path) {
    Matcher m = ROUTE.matcher(path);
    if (!m.matches()) {
      return null;
    }
    String route = method + " " + m.group(1);
    return switch (route) {
      case "GET model-versions/get",
          "GET registered-models/alias",
          "GET registered-models/get-latest-versions",
          "POST registered-models/get-latest-versions",
          "POST model-versions/create",
          "PATCH model-versions/update",
          "POST model-versions/transition-stage",
          "GET model-versions/search" ->
          Kind.MODEL_VERSION;
      case "GET registered-models/get",
          "PATCH registered-models/update",
          "GET registered-models/search" ->
          Kind.REGISTERED_MODEL;
      case "POST logged-models", "POST logged-models/search" -> Kind.LOGGED_MODEL;
      case "GET runs/get", "POST runs/search" -> Kind.RUN;
      case "GET metrics/get-history" -> Kind.METRICS;
      default ->
          route.matches("(GET|PATCH) logged-models/[^/]+(/tags)?") && !route.endsWith("/search")
              ? Kind.LOGGED_MODEL
              : null;
    };
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!access.enabled() || response.getStatus() != 200 || response.getEntity() == null) {
      return;
    }
    Kind kind = kindOf(request.getMethod(), request.getUriInfo().getRequestUri().getRawPath());
    if (kind == null || access.restricted() == null) {
      return;
    }
    boolean run = scopes.tierDenied(ResourceTypes.RUN);
    boolean model = scopes.tierDenied(ResourceTypes.LOGGED_MODEL);
    boolean versions = scopes.tierDenied(ResourceTypes.REGISTERED_MODEL_VERSION);
    if (!run && !model && !(versions && kind == Kind.REGISTERED_MODEL)) {
      return;
    }
    JsonNode tree = json.valueToTree(response.getEntity());
    switch (kind) {
      case MODEL_VERSION ->
          versionSiblings(each(tree, "model_version", "model_versions"), run, model);
      case REGISTERED_MODEL -> {
        for (ObjectNode rm : each(tree, "registered_model", "registered_models")) {
          if (versions) {
            rm.remove("latest_versions");
          } else {
            versionSiblings(list(rm.get("latest_versions")), run, model);
          }
        }
      }
      case LOGGED_MODEL -> {
        for (ObjectNode m : each(tree, "model", "models")) {
          if (run && m.get("info") instanceof ObjectNode info) {
            info.remove("source_run_id");
          }
        }
      }
      case RUN -> {
        for (ObjectNode r : each(tree, "run", "runs")) {
          if (model) {
            if (r.get("inputs") instanceof ObjectNode in) {
              in.remove("model_inputs");
            }
            if (r.get("outputs") instanceof ObjectNode out) {
              out.remove("model_outputs");
            }
            if (r.get("data") instanceof ObjectNode data) {
              metricModelIds(list(data.get("metrics")));
            }
          }
        }
      }
      case METRICS -> {
        if (model) {
          metricModelIds(list(tree.get("metrics")));
        }
      }
    }
    response.setEntity(tree);
  }

  private static void versionSiblings(List<ObjectNode> versions, boolean run, boolean model) {
    for (ObjectNode v : versions) {
      if (run) {
        v.remove(List.of("run_id", "run_link"));
      }
      if (model) {
        v.remove(List.of("model_id", "model_params", "model_metrics"));
      }
    }
  }

  private static void metricModelIds(List<ObjectNode> metrics) {
    for (ObjectNode m : metrics) {
      m.remove("model_id");
    }
  }

  private static List<ObjectNode> each(JsonNode tree, String single, String many) {
    List<ObjectNode> out = new ArrayList<>(list(tree.get(many)));
    if (tree.get(single) instanceof ObjectNode o) {
      out.add(o);
    }
    return out;
  }

  private static List<ObjectNode> list(JsonNode node) {
    List<ObjectNode> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (JsonNode n : node) {
        if (n instanceof ObjectNode o) {
          out.add(o);
        }
      }
    }
    return out;
  }
}
