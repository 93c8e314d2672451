package dev.trackway.domain.auth;

/** One grant of a role ({@code role_permissions} row). */
public record RolePermission(
    int id, int roleId, String resourceType, String resourcePattern, String permission) {}
