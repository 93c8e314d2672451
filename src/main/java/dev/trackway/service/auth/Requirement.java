package dev.trackway.service.auth;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing an operation requires: {@code action} on {@code (type, id)} (id {@code *} for the
 * wildcard-only tiers), with fallback rungs consulted, in order, only when the caller holds no
 * grant on the keys before them ("tier override", MLflow's {@code Requirement}).
 */
public record Requirement(String type, String id, Action action, List<Rung> fallbacks) {

  /** A key a requirement may fall back to, with the action that key must satisfy. */
  public record Rung(String type, String id, Action action) {}

  public static Requirement of(String type, String id, Action action) {
    return new Requirement(type, id, action, List.of());
  }

  /**
   * The sub-resource tier {@code (tier, *)} falling back to the experiment with the same action.
   */
  public static Requirement tier(String tier, Action action, String experimentId) {
    return of(tier, "*", action).orElse(ResourceTypes.EXPERIMENT, experimentId, action);
  }

  /** This requirement with one more fallback rung. */
  public Requirement orElse(String type, String id, Action action) {
    List<Rung> more = new ArrayList<>(fallbacks);
    more.add(new Rung(type, id, action));
    return new Requirement(this.type, this.id, this.action, List.copyOf(more));
  }

  /** Own key first, then the fallbacks. */
  List<Rung> rungs() {
    List<Rung> all = new ArrayList<>(fallbacks.size() + 1);
    all.add(new Rung(type, id, action));
    all.addAll(fallbacks);
    return all;
  }
}
