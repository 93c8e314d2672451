package dev.trackway.service.auth;

import static dev.trackway.service.auth.ResourceTypes.PROMPT;
import static dev.trackway.service.auth.ResourceTypes.PROMPT_VERSION;
import static dev.trackway.service.auth.ResourceTypes.REGISTERED_MODEL;
import static dev.trackway.service.auth.ResourceTypes.REGISTERED_MODEL_VERSION;

import dev.trackway.domain.auth.GrantRow;
import dev.trackway.domain.auth.User;
import dev.trackway.error.MlflowException;
import dev.trackway.store.AccessLookup;
import dev.trackway.store.AccessLookup.RegistryEntry;
import dev.trackway.store.AuthStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MLflow 3.18's authorization rules for the model registry. A registered model tagged {@code
 * mlflow.prompt.is_prompt=true} (as stored) is a prompt, whose grants are a separate namespace
 * ({@code prompt}, versions {@code prompt_version}); grants name the stored spelling of a name.
 */
@ApplicationScoped
public class RegistryAccess {
  private static final Pattern SYNTHETIC = Pattern.compile("^__user_(\\d+)__$");

  @Inject AccessControl access;
  @Inject AccessPolicy policy;
  @Inject AccessLookup lookup;
  @Inject AuthStore authStore;

  /** The namespace and stored name of an existing registered model or prompt. */
  public record Target(String type, String name) {
    String versionType() {
      return type.equals(PROMPT) ? PROMPT_VERSION : REGISTERED_MODEL_VERSION;
    }

    /** {@code action} on the model or prompt itself. */
    Requirement onModel(Action action) {
      return Requirement.of(type, name, action);
    }

    /** {@code action} on its version tier ({@code *}). */
    Requirement onVersions(Action action) {
      return Requirement.of(versionType(), "*", action);
    }

    /** {@code action} on its version tier, else on the model or prompt itself. */
    Requirement onVersionsElseModel(Action action) {
      return onVersions(action).orElse(type, name, action);
    }
  }

  public Optional<Target> target(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    return lookup.registeredModel(name).map(RegistryAccess::target);
  }

  private static Target target(RegistryEntry e) {
    return new Target(e.prompt() ? PROMPT : REGISTERED_MODEL, e.name());
  }

  private Grants grants(Caller c) {
    return access.grants(c);
  }

  /**
   * The stored model or prompt of the name, when there is one and the caller's grants meet all that
   * {@code required} asks of it; empty otherwise.
   */
  private Optional<Target> authorized(
      Caller c, String name, Function<Target, List<Requirement>> required) {
    return target(name)
        .filter(x -> grants(c).authorize(required.apply(x).toArray(Requirement[]::new)));
  }

  /**
   * The caller's permission on a registered model or prompt in its stored namespace; a name no
   * model has is judged in the registered-model namespace.
   */
  public Permission permission(Caller c, String name) {
    Optional<Target> t = target(name);
    return t.map(x -> grants(c).point(x.type(), x.name()))
        .orElseGet(() -> grants(c).point(REGISTERED_MODEL, name));
  }

  /** Get, update, set/delete tag of a registered model or prompt. */
  public boolean model(Caller c, String name, Action action) {
    return action.metBy(permission(c, name));
  }

  /** MLflow's refusal of the wildcard as a name (admins too). */
  public static void rejectWildcardName(String name) {
    if ("*".equals(name)) {
      throw MlflowException.invalidParameterValue(
          "'*' is reserved for wildcard permission grants and cannot be used as a registered"
              + " model or prompt name.");
    }
  }

  /** CreateRegisteredModel: unless the created name or its family's wildcard is denied. */
  public boolean createModel(Caller c, String name, boolean prompt) {
    rejectWildcardName(name);
    return policy.notDenied(c, prompt ? PROMPT : REGISTERED_MODEL, name == null ? "*" : name);
  }

  /** RenameRegisteredModel: update, then MLflow's rename rules (checked for admins too). */
  public boolean renameModel(Caller c, String name, String newName) {
    if (!model(c, name, Action.UPDATE)) {
      return false;
    }
    renameRules(c, name, newName);
    return true;
  }

  /** The data-integrity rules of a rename (MLflow checks them for admins as well). */
  public void renameRules(Caller c, String name, String newName) {
    target(name).ifPresent(t -> requireStoredSpelling(name, t.name()));
    rejectWildcardName(newName);
    String to = newName == null ? "" : newName;
    List<GrantRow> named =
        authStore.exactGrants(List.of(REGISTERED_MODEL, PROMPT), List.of(name, to)).stream()
            .filter(g -> !SYNTHETIC.matcher(g.roleName()).matches())
            .toList();
    boolean details = c == null || c.admin() || access.grants(c).workspaceAdmin();
    if (!named.isEmpty()) {
      String listed =
          named.stream()
              .map(g -> held("role '" + g.roleName() + "'", g))
              .collect(Collectors.joining(", "));
      throw MlflowException.invalidParameterValue(
          "Cannot rename '%s' to '%s' because role grants reference these names by exact name%s."
              + " Renaming would change which model or prompt those grants apply to. An admin"
              + " must update or remove these role grants before the rename.",
          name, to, details ? " (" + listed + ")" : "");
    }
    if (to.isBlank() || to.equals(name)) {
      return;
    }
    Optional<Target> existing = target(to);
    if (existing.isPresent() && !existing.get().name().equals(name)) {
      return;
    }
    List<String> users = new ArrayList<>();
    Map<Integer, String> names =
        authStore.listUsers().stream().collect(Collectors.toMap(User::id, User::username));
    for (GrantRow g : authStore.exactGrants(List.of(REGISTERED_MODEL, PROMPT), List.of(to))) {
      Matcher m = SYNTHETIC.matcher(g.roleName());
      if (!m.matches() || g.resourcePattern().equals(name)) {
        continue;
      }
      String user = names.get(Integer.parseInt(m.group(1)));
      if (user != null) {
        users.add(held("user '" + user + "'", g));
      }
    }
    if (!users.isEmpty()) {
      users.sort(null);
      throw MlflowException.invalidParameterValue(
          "Cannot rename '%s' to '%s' because users already have permissions on '%s'%s. They"
              + " would start applying to the renamed model or prompt. An admin must remove these"
              + " permissions before the rename.",
          name, to, to, details ? " (" + String.join(", ", users) + ")" : "");
    }
  }

  /** A grant as a rename refusal lists it: {@code <holder> has <permission> on <type> '<name>'}. */
  private static String held(String holder, GrantRow g) {
    return holder
        + " has "
        + g.permission()
        + " on "
        + g.resourceType()
        + " '"
        + g.resourcePattern()
        + "'";
  }

  /** Renames and deletes must name the model as stored (admins too). */
  public static void requireStoredSpelling(String requested, String stored) {
    if (!stored.equals(requested)) {
      throw MlflowException.invalidParameterValue(
          "Use the exact name '%s' to rename or delete it, not '%s'.", stored, requested);
    }
  }

  /** DeleteRegisteredModel: delete on the model and on its versions; a missing model denies. */
  public boolean deleteModel(Caller c, String name) {
    Optional<Target> t =
        authorized(
            c, name, x -> List.of(x.onModel(Action.DELETE), x.onVersionsElseModel(Action.DELETE)));
    t.ifPresent(x -> requireStoredSpelling(name, x.name()));
    return t.isPresent();
  }

  /**
   * Reads of versions (get, latest, download URI, by alias): read on the model, the version tier
   * not denied; update/delete of a version: the action on the version tier, else the model.
   */
  public boolean version(Caller c, String name, Action action) {
    return authorized(
            c,
            name,
            x ->
                List.of(
                    x.onModel(Action.READ),
                    action == Action.READ
                        ? x.onVersions(Action.NOT_DENIED)
                        : x.onVersionsElseModel(action)))
        .isPresent();
  }

  /** Set (update) or delete (delete) an alias: that on the model, and versions readable. */
  public boolean alias(Caller c, String name, Action action) {
    return model(c, name, action)
        && authorized(c, name, x -> List.of(x.onVersionsElseModel(Action.READ))).isPresent();
  }

  /**
   * CreateModelVersion: update on the model with the version tier not denied; a prompt marker in
   * the tags that contradicts the model: that tier not denied either; the source must be readable
   * (a {@code models:/<name>/...} registered model, or the run / logged model named).
   *
   * @param promptMarker the request's {@code mlflow.prompt.is_prompt} tag (null: none)
   * @param runId null when absent (an empty string denies)
   * @param modelId null when absent (an empty string denies)
   */
  public boolean createVersion(
      Caller c, String name, Boolean promptMarker, String source, String runId, String modelId) {
    Optional<Target> t =
        authorized(
            c, name, x -> List.of(x.onModel(Action.UPDATE), x.onVersions(Action.NOT_DENIED)));
    if (t.isEmpty()) {
      return false;
    }
    Target x = t.get();
    if (promptMarker != null) {
      String asserted = promptMarker ? PROMPT_VERSION : REGISTERED_MODEL_VERSION;
      if (!asserted.equals(x.versionType()) && !policy.notDenied(c, asserted, "*")) {
        return false;
      }
    }
    ModelsUri parsed = ModelsUri.parse(source);
    if (parsed != null && parsed.name() != null) {
      // the registered model is the boundary; the copied version's lineage is not checked
      Optional<Target> src = target(parsed.name());
      return src.isPresent() && grants(c).point(src.get().type(), src.get().name()).canRead();
    }
    if (runId != null && (runId.isEmpty() || !policy.run(c, runId, Action.READ))) {
      return false;
    }
    if (modelId != null && (modelId.isEmpty() || !policy.loggedModel(c, modelId, Action.READ))) {
      return false;
    }
    return parsed == null
        || parsed.modelId() == null
        || policy.loggedModel(c, parsed.modelId(), Action.READ);
  }

  /** A {@code models:/} URI as MLflow's {@code _parse_model_uri} reads it: a name or a model id. */
  record ModelsUri(String name, String modelId) {
    static ModelsUri parse(String uri) {
      if (uri == null || !uri.startsWith("models:")) {
        return null;
      }
      String path = uri.substring("models:".length());
      if (path.startsWith("//")) {
        int slash = path.indexOf('/', 2);
        path = slash < 0 ? "" : path.substring(slash);
      }
      int q = path.indexOf('?');
      if (q >= 0) {
        path = path.substring(0, q);
      }
      if (!path.startsWith("/") || path.length() <= 1) {
        return null;
      }
      String[] parts = path.substring(1).split("/", -1);
      if (parts.length > 2 || parts[0].isBlank()) {
        return null;
      }
      if (parts.length == 2) {
        return parts[1].isBlank() ? null : new ModelsUri(parts[0], null);
      }
      int at = parts[0].lastIndexOf('@');
      if (at >= 0) {
        return at == parts[0].length() - 1 ? null : new ModelsUri(parts[0].substring(0, at), null);
      }
      return new ModelsUri(null, parts[0]);
    }
  }

  /**
   * {@code /model-versions/get-artifact}: read in the registered-model namespace (for prompts too,
   * as MLflow does), then the stored model's version tier not denied.
   */
  public boolean versionArtifact(Caller c, String name) {
    if (name == null || name.isEmpty()) {
      throw MlflowException.invalidParameterValue("Request must specify name parameter");
    }
    Optional<Target> t = target(name);
    String stored = t.map(Target::name).orElse(name);
    if (!grants(c).point(REGISTERED_MODEL, stored).canRead() || t.isEmpty()) {
      return false;
    }
    return grants(c).authorize(t.get().onVersionsElseModel(Action.NOT_DENIED));
  }
}
