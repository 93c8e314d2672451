package dev.trackway.service.auth;

/** One {@code role_permissions} row of a role the caller holds: type, pattern, permission name. */
public record Grant(String type, String pattern, String permission) {}
