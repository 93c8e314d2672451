package dev.trackway.domain.auth;

import java.util.List;

/**
 * A role ({@code roles} row) with its permissions: named by an admin, or the hidden per-user role
 * {@code __user_<id>__} that carries one user's grants.
 */
public record Role(
    int id, String name, String workspace, String description, List<RolePermission> permissions) {}
