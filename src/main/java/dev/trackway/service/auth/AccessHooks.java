package dev.trackway.service.auth;

import dev.trackway.store.AuthStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What MLflow's auth app does after a successful write (its after-request handlers): the creator of
 * an experiment or registered model gets MANAGE on it (admins too); a deleted registered model's
 * per-user grants go, a renamed one's move with it (roles named by an admin keep theirs). Called by
 * the services once the tracking write is committed; nothing when access control is off.
 */
@ApplicationScoped
public class AccessHooks {
  @Inject AccessControl access;
  @Inject AuthStore store;

  public void experimentCreated(String experimentId) {
    Caller c = access.caller();
    if (c != null) {
      store.upsertUserGrant(
          c.userId(),
          ResourceTypes.EXPERIMENT,
          ResourceTypes.canonicalExperimentId(experimentId),
          Permission.MANAGE.name());
    }
  }

  /**
   * @param prompt whether the created model carries the prompt tag
   */
  public void registeredModelCreated(String name, boolean prompt) {
    Caller c = access.caller();
    if (c != null) {
      store.upsertUserGrant(
          c.userId(),
          prompt ? ResourceTypes.PROMPT : ResourceTypes.REGISTERED_MODEL,
          name,
          Permission.MANAGE.name());
    }
  }

  public void registeredModelDeleted(String name) {
    if (access.enabled()) {
      store.deleteUserGrants(ResourceTypes.REGISTERED_MODEL, name);
      store.deleteUserGrants(ResourceTypes.PROMPT, name);
    }
  }

  public void registeredModelRenamed(String from, String to) {
    if (access.enabled()) {
      store.renameUserGrants(ResourceTypes.REGISTERED_MODEL, from, to);
      store.renameUserGrants(ResourceTypes.PROMPT, from, to);
    }
  }
}
