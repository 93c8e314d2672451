package dev.trackway.domain.auth;

/** A user holding a role ({@code user_role_assignments} row). */
public record RoleAssignment(int id, int userId, int roleId) {}
