package dev.trackway.domain.auth;

/**
 * A grant as the caller's permission check reads it: the role that holds it and the grant.
 *
 * @param roleId the holding role
 * @param roleName its name
 * @param workspace its workspace
 */
public record GrantRow(
    int roleId,
    String roleName,
    String workspace,
    int permissionId,
    String resourceType,
    String resourcePattern,
    String permission) {}
