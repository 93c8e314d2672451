package dev.trackway.service.auth;

import java.util.List;

/**
 * The authenticated user of one request: their {@code users} row, how they authenticated (a
 * password, or a bearer token with its groups), and their grants, loaded once on first use.
 */
public final class Caller {
  private final int userId;
  private final String username;
  private final boolean admin;
  private final boolean basicAuth;
  private final List<String> groups;
  private Grants grants;

  public Caller(
      int userId, String username, boolean admin, boolean basicAuth, List<String> groups) {
    this.userId = userId;
    this.username = username;
    this.admin = admin;
    this.basicAuth = basicAuth;
    this.groups = List.copyOf(groups);
  }

  public int userId() {
    return userId;
  }

  public String username() {
    return username;
  }

  /** {@code users.is_admin} (or a token of the admin group): no permission checks. */
  public boolean admin() {
    return admin;
  }

  /** Authenticated with a password (MLflow's {@code is_basic_auth}), not a token. */
  public boolean basicAuth() {
    return basicAuth;
  }

  /** The groups of a bearer token (empty for a password). */
  public List<String> groups() {
    return groups;
  }

  Grants cachedGrants() {
    return grants;
  }

  void cacheGrants(Grants grants) {
    this.grants = grants;
  }
}
